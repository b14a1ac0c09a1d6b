// What statements' texts say about a committee's competence (ingest/competence_text.h), on the
// words of the UN status pages (data/untc/cat.html.gz, iccpr.html.gz, cedaw_op.html.gz), quoted.
#include "ingest/competence_text.h"

#include <gtest/gtest.h>

namespace pacta {
namespace {

Date d(const char* s) { return *Date::parse(s); }

TEST(OptOut, ArticleFromTheProfilesQuote) {
  // treaties/cat.toml, cedaw_op.toml, crpd_op.toml: the opt-out articles' words.
  EXPECT_EQ(opt_out_article("1. Each State may, at the time of signature or ratification of this Convention or accession thereto, declare "
                            "that it does not recognize the competence of the Committee provided for in article 20."),
            "20");
  EXPECT_EQ(opt_out_article("declare that it does not recognize the competence of the Committee provided for in articles 8 and 9."), "8");
  EXPECT_EQ(opt_out_article("A State Party to the present Protocol may at any time declare under the present article that it recognizes "
                            "the competence of the Committee"),
            "");
}

TEST(OptOut, NonRecognitionInTheWordsOfThePages) {
  // CAT page, "Declarations and Reservations" and end notes.
  for (const char* text : {
           "\"(1) The Chinese Government does not recognize the competence of the Committee against Torture as provided for in article 20 of "
           "the Convention.",
           "Under article 28, the Polish People's Republic does not consider itself bound by article 20 of the Convention.",
           "The Kingdom of Saudi Arabia does not recognize the jurisdiction of the Committee as provided for in article 20 of this Convention.",
           "\"With reservations as to article (20) and the provision of paragraph (1) from article  (30) of the Convention.\"",
           "\"With a reservation on article 20.\"",
           "the Government of Bulgaria notified the Secretary-General of its decision to withdraw the reservations to article 30 (1) and 20, "
           "made upon signature and confirmed upon ratification.",
           "While ratifying the above-mentioned Convention, the Democratic Republic of Afghanistan, invoking paragraph 1 of the article 28, of "
           "the Convention, does not recognize the authority of the committee as foreseen in the article 20 of the Convention.",
           "Article 20\nThe Mauritanian Government does not recognize the competence granted to the Committee in article 20 of the Convention, "
           "which provides as follows:",
       })
    EXPECT_TRUE(declares_non_recognition(text, "20")) << text;
  // Qualifying the procedure is not excluding it (Cuba, Indonesia); other articles are not article 20.
  for (const char* text : {
           "The Government of the Republic declares, in accordance with article 28 of the Convention, that the provisions of paragraphs 1, 2 "
           "and 3 of article 20 of the Convention will have to be invoked in strict compliance with the principle of the sovereignty of "
           "States and implemented with the prior consent of the States Parties.",
           "Furthermore, the Polish People's Republic does not consider itself bound by article 30, paragraph 1, of the Convention.",
           "The Government of Tunisia reserves the right to make at some later stage any reservation or declaration which it deems "
           "necessary, in particular with regard to articles 20 and 21 of the said Convention.",
           "does not recognize the competence of the Committee provided for in article 200.",
       })
    EXPECT_FALSE(declares_non_recognition(text, "20")) << text;
  // CEDAW-OP page (articles 8 and 9, art. 10(1)): Tajikistan, Bangladesh.
  EXPECT_TRUE(declares_non_recognition("ratified the Optional Protocol ... without recognizing the competence of the United Nations "
                                       "Committee on the Elimination of Discrimination against Women, provided in Articles 8 and 9 of the "
                                       "Protocol.",
                                       "8"));
  EXPECT_TRUE(declares_non_recognition("The Government of the People's Republic of Bangladesh declares in accordance with Article 10 (1) "
                                       "thereof, that it would not undertake the obligations arising out of Articles 8 and 9 of the said "
                                       "Optional Protocol.",
                                       "8"));
  // "not recognize" and the article must be said together.
  EXPECT_FALSE(declares_non_recognition("It does not recognize the competence of the Court. Article 20 applies.", "20"));
  EXPECT_TRUE(declares_non_recognition("... does not recognize the competence of the Committee provided for in articles 8 and 9 of the "
                                       "Optional Protocol.",
                                       "8"));
}

TEST(OptOut, Withdrawals) {
  EXPECT_TRUE(withdraws_non_recognition(
      "In a communication received on 13 September 1989, the Government of Hungary notified the Secretary-General that it has decided to "
      "withdraw the following reservations relating to articles 20 and 30 (1) made upon ratification:",
      "20"));
  EXPECT_TRUE(withdraws_non_recognition("In a notification received on 19 February 1999, the Government of Zambia informed the "
                                        "Secretary-General that it had decided to withdraw its reservation to article 20 of the Convention, "
                                        "made upon accession.",
                                        "20"));
  EXPECT_FALSE(withdraws_non_recognition("On 19 December 2025, Poland informed the Secretary-General that it withdraws its reservation "
                                         "to Article 30 paragraph 1 made upon signature.",
                                         "20"));
}

TEST(Period, SwitzerlandUnderArticle41) {
  // data/untc/iccpr.html.gz, Switzerland under article 41 (accession 18 June 1992; in force for it
  // three months later, art. 49(2): 18 September 1992).
  const auto first = declaration_end(
      "Switzerland declares, pursuant to article 41, that it shall recognize, for a period of five years, the competence of the Human "
      "Rights Committee",
      d("1992-06-18"), d("1992-09-18"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->end, d("1997-09-18"));  // the renewal of 1997 runs "as from 18 September 1997"
  EXPECT_NE(first->how.find("entry into force"), std::string::npos) << first->how;
  const auto renewal = declaration_end(
      "it shall recognize for a further period of five years, as from 18 September 1997, the competence of the Human Rights Committee",
      d("1997-04-25"), d("1992-09-18"));
  ASSERT_TRUE(renewal);
  EXPECT_EQ(renewal->end, d("2002-09-18"));
  const auto beginning = declaration_end("it recognizes for a further period of five years, beginning on 16 April 2010, the competence",
                                         d("2010-05-11"), d("1992-09-18"));
  ASSERT_TRUE(beginning);
  EXPECT_EQ(beginning->end, d("2015-04-16"));
  const auto notification = declaration_end(
      "recognizes the competence of the Human Rights Committee, for a period of five years from the present notification, to receive",
      d("2017-03-27"), d("1992-09-18"));
  ASSERT_TRUE(notification);
  EXPECT_EQ(notification->end, d("2022-03-27"));
  EXPECT_NE(notification->how.find("present notification"), std::string::npos) << notification->how;
  // Without a period: none (Germany 2001, "for an unlimited period"; Denmark, "indefinite period").
  EXPECT_FALSE(declaration_end("The Federal Republic of Germany now recognizes for an unlimited period the competence", d("2001-12-27"),
                               d("1976-03-23")));
  EXPECT_FALSE(declaration_end("This recognition of competence is effective for an indefinite period", d("1983-04-19"), std::nullopt));
}

}  // namespace
}  // namespace pacta
