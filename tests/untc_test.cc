// The saved UN Treaty Collection status pages of data/untc, read field by field. Every
// expected value below was read on the page itself (zcat data/untc/FILE.html.gz).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <zlib.h>

#include "ingest/untc.h"

namespace pacta {
namespace {

const std::string kDir = std::string(PACTA_SOURCE_DIR) + "/data/untc/";

Date d(const char* iso) { return *Date::parse(iso); }

UntcPage page(const std::string& name) {
  auto p = read_untc(kDir + name + ".html.gz");
  EXPECT_TRUE(p) << p.message();
  if (!p) return UntcPage{};
  return *p;
}

const UntcParticipant* who(const UntcPage& p, const std::string& name) {
  for (const UntcParticipant& x : p.participants)
    if (x.name == name) return &x;
  ADD_FAILURE() << p.file << ": no participant '" << name << "'";
  return nullptr;
}

std::string html_of(const std::string& name) {
  gzFile f = gzopen((kDir + name + ".html.gz").c_str(), "rb");
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

// The 30 pages and their MTDSG numbers (data/untc/README.md).
const std::map<std::string, std::string> kPages = {
    {"cerd", "IV-2"},        {"icescr", "IV-3"},       {"icescr_op", "IV-3-a"},  {"iccpr", "IV-4"},
    {"iccpr_op1", "IV-5"},   {"iccpr_op2", "IV-12"},   {"cedaw", "IV-8"},        {"cedaw_op", "IV-8-b"},
    {"cat", "IV-9"},         {"cat_op", "IV-9-b"},     {"crc", "IV-11"},         {"crc_op_ac", "IV-11-b"},
    {"crc_op_sc", "IV-11-c"}, {"crc_op_ic", "IV-11-d"}, {"cmw", "IV-13"},        {"crpd", "IV-15"},
    {"crpd_op", "IV-15-a"},  {"ced", "IV-16"},         {"enmod", "XXVI-1"},      {"ccw", "XXVI-2"},
    {"ccw_p4", "XXVI-2-a"},  {"ccw_p2a", "XXVI-2-b"},  {"ccw_art1", "XXVI-2-c"}, {"ccw_p5", "XXVI-2-d"},
    {"cwc", "XXVI-3"},       {"ctbt", "XXVI-4"},       {"ottawa", "XXVI-5"},     {"ccm", "XXVI-6"},
    {"att", "XXVI-8"},       {"tpnw", "XXVI-9"}};

TEST(Untc, EveryPageReadsAndItsCountsAreItsTables) {
  for (const auto& [name, mtdsg] : kPages) {
    SCOPED_TRACE(name);
    const auto t0 = std::chrono::steady_clock::now();
    UntcPage p = page(name);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(p.as_at, d("2026-02-03"));
    EXPECT_EQ(p.as_at_text, "03-02-2026 10:16:18 EDT");
    EXPECT_EQ(p.mtdsg, mtdsg);
    EXPECT_EQ(p.url(), "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=" + mtdsg + "&chapter=" +
                           (mtdsg[0] == 'I' ? "4" : "26") + "&clang=_en");
    EXPECT_FALSE(p.title.empty());
    EXPECT_FALSE(p.participants.empty());
    ASSERT_TRUE(p.parties);
    EXPECT_EQ(*p.parties, p.table_parties());
    if (p.signatories) {
      EXPECT_EQ(*p.signatories, p.table_signatories());
    }
    EXPECT_FALSE(p.notes.empty());
    EXPECT_FALSE(p.declarations.statements.empty() && name != "tpnw");
    // Generous, for Debug and sanitizer builds; Release parses iccpr (3 MB) in well under 100 ms.
    EXPECT_LT(ms, 5000) << name << " took " << ms << " ms";
  }
}

TEST(Untc, HeaderOfTheFirstOptionalProtocol) {
  UntcPage p = page("iccpr_op1");
  EXPECT_EQ(p.chapter, "IV");
  EXPECT_EQ(p.chapter_number, 4);
  EXPECT_EQ(p.title, "Optional Protocol to the International Covenant on Civil and Political Rights");
  EXPECT_EQ(p.place, "New York");
  EXPECT_EQ(p.adopted, d("1966-12-16"));
  EXPECT_EQ(p.entry_into_force, d("1976-03-23"));
  EXPECT_EQ(p.eif_text, "23 March 1976, in accordance with article 9.");
  EXPECT_EQ(p.eif_article, "9");
  EXPECT_EQ(p.registration, "23 March 1976, No. 14668");
  EXPECT_EQ(p.signatories, 35);
  EXPECT_EQ(p.parties, 116);
  EXPECT_EQ(p.participants.size(), 122u);
  ASSERT_EQ(p.columns.size(), 2u);
  EXPECT_EQ(p.columns[0], "Signature, Succession to signature(d)");
  EXPECT_EQ(p.columns[1], "Ratification, Accession(a), Succession(d)");
}

TEST(Untc, FootnotesAndBracketedInstruments) {
  UntcPage p = page("iccpr_op1");
  const UntcParticipant* belarus = who(p, "Belarus");  // "Belarus 6 ... [30 Sep 1992 a]"
  ASSERT_TRUE(belarus);
  EXPECT_EQ(belarus->notes, std::vector<int>{6});
  EXPECT_FALSE(belarus->signature);
  ASSERT_TRUE(belarus->consent);
  EXPECT_EQ(belarus->consent->date, d("1992-09-30"));
  EXPECT_EQ(belarus->consent->kind, ActionKind::kAccession);
  EXPECT_EQ(belarus->consent->letter, "a");
  EXPECT_TRUE(belarus->consent->bracketed);
  const UntcParticipant* jamaica = who(p, "Jamaica");  // "[19 Dec 1966 ]" "[ 3 Oct 1975 ]"
  ASSERT_TRUE(jamaica && jamaica->signature && jamaica->consent);
  EXPECT_EQ(jamaica->signature->date, d("1966-12-19"));
  EXPECT_TRUE(jamaica->signature->bracketed);
  EXPECT_EQ(jamaica->consent->date, d("1975-10-03"));
  EXPECT_EQ(jamaica->consent->kind, ActionKind::kRatification);
  EXPECT_TRUE(jamaica->consent->bracketed);
  const UntcParticipant* czech = who(p, "Czech Republic");  // "22 Feb 1993 d"
  ASSERT_TRUE(czech && czech->consent);
  EXPECT_EQ(czech->consent->kind, ActionKind::kSuccession);
  EXPECT_FALSE(czech->consent->bracketed);
  EXPECT_EQ(czech->notes, std::vector<int>{7});

  // End note 6: Belarus's denunciation.
  const UntcNote* n6 = p.note(6);
  ASSERT_TRUE(n6);
  EXPECT_EQ(n6->text.rfind("On 8 November 2022, the Government of Belarus notified the Secretary-General of its denunciation", 0), 0u)
      << n6->text;
  const auto w = withdrawals_in(*n6);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].notified, d("2022-11-08"));
  EXPECT_EQ(w[0].stated_effect, d("2023-02-08"));
  EXPECT_EQ(w[0].reference, "C.N.400.2022.TREATIES-IV.5");
  // Note 1: Trinidad and Tobago denounced twice (and re-acceded in between).
  ASSERT_TRUE(p.note(1));
  const auto tto = withdrawals_in(*p.note(1));
  ASSERT_GE(tto.size(), 2u);
  EXPECT_EQ(tto[0].notified, d("1998-05-26"));
  EXPECT_EQ(tto[0].stated_effect, d("1998-08-26"));
  // Note 3: "On 23 October 1997, the Government of Jamaica notified the Secretary-General of its denunciation of the Protocol."
  ASSERT_TRUE(p.note(3));
  const auto jam = withdrawals_in(*p.note(3));
  ASSERT_EQ(jam.size(), 1u);
  EXPECT_EQ(jam[0].notified, d("1997-10-23"));
  EXPECT_FALSE(jam[0].stated_effect);
}

TEST(Untc, OttawaWithdrawalsAndHeader) {
  UntcPage p = page("ottawa");
  EXPECT_EQ(p.place, "Oslo");
  EXPECT_EQ(p.adopted, d("1997-09-18"));
  EXPECT_EQ(p.entry_into_force, d("1999-03-01"));
  EXPECT_EQ(p.eif_article, "17(1)");
  EXPECT_EQ(p.signatories, 132);
  EXPECT_EQ(p.parties, 162);
  const UntcParticipant* estonia = who(p, "Estonia");  // "Estonia 1 ... [12 May 2004 a]"
  ASSERT_TRUE(estonia && estonia->consent);
  EXPECT_TRUE(estonia->consent->bracketed);
  EXPECT_EQ(estonia->consent->date, d("2004-05-12"));
  EXPECT_EQ(estonia->notes, std::vector<int>{1});
  const auto w = withdrawals_in(*p.note(1));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].notified, d("2025-06-27"));
  EXPECT_EQ(w[0].stated_effect, d("2025-12-27"));
  EXPECT_EQ(w[0].reference, "C.N.360.2025.TREATIES-XXVI-5");
  // Poland's withdrawal takes effect after the page's date: its ratification is not bracketed.
  const UntcParticipant* poland = who(p, "Poland");
  ASSERT_TRUE(poland && poland->consent);
  EXPECT_FALSE(poland->consent->bracketed);
  const auto pw = withdrawals_in(*p.note(8));
  ASSERT_EQ(pw.size(), 1u);
  EXPECT_EQ(pw[0].notified, d("2025-08-20"));
  EXPECT_EQ(pw[0].stated_effect, d("2026-02-20"));
  // Note 5 (Mauritius, a communication) states no withdrawal.
  EXPECT_TRUE(withdrawals_in(*p.note(5)).empty());
  // "Declarations made under article 18 (1)" (provisional application): not a committee's competence.
  EXPECT_EQ(p.article_declarations.title, "Declarations made under article 18 (1)");
  EXPECT_FALSE(p.article_declarations_are_competence);
  // Its five rows name the state only (Austria, Mauritius, ...): one statement each, without text.
  ASSERT_EQ(p.article_declarations.statements.size(), 5u);
  EXPECT_EQ(p.article_declarations.statements[0].state, "Austria");
  EXPECT_EQ(p.article_declarations.statements[1].state, "Mauritius");
  EXPECT_TRUE(p.article_declarations.statements[0].text.empty());
}

TEST(Untc, ProvisionalApplicationColumn) {
  UntcPage p = page("att");
  ASSERT_EQ(p.columns.size(), 3u);
  EXPECT_EQ(p.columns[1], "Provisional application under article 23(n)");
  const UntcParticipant* atg = who(p, "Antigua and Barbuda");  // " 3 Jun 2013 | 12 Aug 2013 n | 12 Aug 2013"
  ASSERT_TRUE(atg && atg->signature && atg->provisional && atg->consent);
  EXPECT_EQ(atg->signature->date, d("2013-06-03"));
  EXPECT_EQ(atg->provisional->date, d("2013-08-12"));
  EXPECT_EQ(atg->provisional->letter, "n");
  EXPECT_EQ(atg->consent->date, d("2013-08-12"));
  EXPECT_EQ(atg->consent->kind, ActionKind::kRatification);
  // The Belgian declaration: dated 7 June 2013, with a bare italic heading.
  const UntcStatement* bel = nullptr;
  for (const UntcStatement& s : p.declarations.statements)
    if (s.state == "Belgium") bel = &s;
  ASSERT_TRUE(bel);
  EXPECT_EQ(bel->date, d("2013-06-07"));
  EXPECT_EQ(bel->heading, "Declaration:");
  EXPECT_NE(bel->text.find("This signature engages also the Walloon Region"), std::string::npos) << bel->text;
  // CCM: the bracketed provisional application of Lithuania "[24 Mar 2011 n]".
  UntcPage ccm = page("ccm");
  const UntcParticipant* ltu = who(ccm, "Lithuania");
  ASSERT_TRUE(ltu && ltu->provisional && ltu->signature && ltu->consent);
  EXPECT_TRUE(ltu->provisional->bracketed);
  EXPECT_EQ(ltu->provisional->date, d("2011-03-24"));
  EXPECT_TRUE(ltu->signature->bracketed);
}

TEST(Untc, EveryLayoutOfTheTable) {
  // Formal confirmation (c): the European Union under the CRPD, "23 Dec 2010 c".
  UntcPage crpd = page("crpd");
  EXPECT_EQ(crpd.columns[1], "Formal confirmation(c), Accession(a), Ratification");
  const UntcParticipant* eu = who(crpd, "European Union");
  ASSERT_TRUE(eu && eu->consent && eu->signature);
  EXPECT_EQ(eu->consent->letter, "c");
  EXPECT_EQ(eu->consent->kind, ActionKind::kRatification);
  EXPECT_EQ(eu->consent->meaning, "Formal confirmation");
  EXPECT_EQ(eu->signature->date, d("2007-03-30"));
  // Consent to be bound (P), one column, no signature: CCW Amended Protocol II.
  UntcPage p2 = page("ccw_p2a");
  ASSERT_EQ(p2.columns.size(), 1u);
  EXPECT_EQ(p2.columns[0], "Succession(d), Consent to be bound(P)");
  EXPECT_FALSE(p2.signatories);
  EXPECT_EQ(p2.parties, 107);
  const UntcParticipant* alb = who(p2, "Albania");
  ASSERT_TRUE(alb && alb->consent);
  EXPECT_EQ(alb->consent->date, d("2002-08-28"));
  EXPECT_EQ(alb->consent->letter, "P");
  EXPECT_EQ(alb->consent->kind, ActionKind::kAccession);
  // Acceptance (A) among six meanings: CCW amendment to article 1.
  UntcPage a1 = page("ccw_art1");
  const UntcParticipant* aut = who(a1, "Austria");
  ASSERT_TRUE(aut && aut->consent);
  EXPECT_EQ(aut->consent->kind, ActionKind::kAcceptance);
  EXPECT_EQ(aut->consent->date, d("2003-09-25"));
  // Succession to signature (d) in the signature column: Montenegro under the CTBT.
  UntcPage ctbt = page("ctbt");
  EXPECT_EQ(ctbt.columns[0], "Signature, Succession to signature(d)");
  EXPECT_FALSE(ctbt.entry_into_force);  // "[see article XIV]. This Treaty will enter into force ..."
  EXPECT_EQ(ctbt.eif_article, "XIV");
  const UntcParticipant* mne = who(ctbt, "Montenegro");
  ASSERT_TRUE(mne && mne->signature && mne->consent);
  EXPECT_EQ(mne->signature->kind, ActionKind::kSignature);
  EXPECT_EQ(mne->signature->meaning, "Succession to signature");
  EXPECT_EQ(mne->consent->kind, ActionKind::kSuccession);
  EXPECT_EQ(mne->notes, std::vector<int>{1});
  const UntcParticipant* srb = who(ctbt, "Serbia");  // " 8 Jun 2001 | 19 May 2004"
  ASSERT_TRUE(srb && srb->signature && srb->consent);
  EXPECT_EQ(srb->signature->date, d("2001-06-08"));
  EXPECT_EQ(srb->consent->date, d("2004-05-19"));
  // Approval (AA): the ATT's "Approval(AA), Acceptance(A), Accession(a), Ratification".
  UntcPage att = page("att");
  int approvals = 0;
  for (const UntcParticipant& x : att.participants)
    if (x.consent && x.consent->kind == ActionKind::kApproval) ++approvals;
  EXPECT_EQ(approvals, 2);
}

TEST(Untc, ReservationsObjectionsAndCompetence) {
  UntcPage p = page("cat");
  EXPECT_EQ(p.declarations.title, "Declarations and Reservations");
  EXPECT_EQ(p.objections.title, "Objections");
  // Australia, 28 June 2011: "With regard to the reservations made by Pakistan upon ratification:"
  const UntcStatement* aus = nullptr;
  for (const UntcStatement& s : p.objections.statements)
    if (s.state == "Australia" && s.date == d("2011-06-28")) aus = &s;
  ASSERT_TRUE(aus);
  EXPECT_EQ(aus->heading, "With regard to the reservations made by Pakistan upon ratification:");
  EXPECT_EQ(aus->reserving, std::vector<std::string>{"Pakistan"});
  EXPECT_FALSE(aus->precludes);  // "This objection shall not preclude the entry into force ..."
  // Austria objects on three dates to three states.
  std::vector<std::string> austria;
  for (const UntcStatement& s : p.objections.statements)
    if (s.state == "Austria" && !s.reserving.empty()) austria.push_back(s.reserving[0]);
  ASSERT_GE(austria.size(), 3u);
  EXPECT_EQ(austria[0], "Pakistan");
  EXPECT_EQ(austria[1], "United Arab Emirates");
  EXPECT_EQ(austria[2], "Lao People's Democratic Republic");
  // Declarations recognizing the competence of the Committee against Torture.
  EXPECT_EQ(p.article_declarations.title, "Declarations made under articles 21 and 22");
  EXPECT_TRUE(p.article_declarations_are_competence);
  std::vector<std::string> algeria;
  for (const UntcStatement& s : p.article_declarations.statements)
    if (s.state == "Algeria") {
      EXPECT_EQ(s.articles.size(), 1u);
      algeria.push_back(s.heading);
      EXPECT_NE(s.text.find("recognizes the competence of the Committee"), std::string::npos);
    }
  EXPECT_EQ(algeria, (std::vector<std::string>{"Article 21", "Article 22"}));
  const UntcStatement* andorra = nullptr;
  for (const UntcStatement& s : p.article_declarations.statements)
    if (s.state == "Andorra") andorra = &s;
  ASSERT_TRUE(andorra);
  EXPECT_EQ(andorra->date, d("2006-11-22"));
  EXPECT_EQ(andorra->articles, std::vector<std::string>{"21"});  // the text names article 21 only
  // CERD: the subtitle names the article ("in accordance with article 14 of the Convention"),
  // which Brazil's text writes "article XIV".
  UntcPage cerd = page("cerd");
  EXPECT_TRUE(cerd.article_declarations_are_competence);
  for (const UntcStatement& s : cerd.article_declarations.statements)
    if (s.state == "Brazil" || s.state == "Australia") {
      EXPECT_EQ(s.articles, std::vector<std::string>{"14"}) << s.state;
    }
  // ICCPR: article 41 and the derogations section.
  UntcPage iccpr = page("iccpr");
  EXPECT_EQ(iccpr.article_declarations.title.rfind("Declarations recognizing the competence of the Human Rights Committee under article 41", 0), 0u);
  EXPECT_TRUE(iccpr.article_declarations_are_competence);
  for (const UntcStatement& s : iccpr.article_declarations.statements)
    EXPECT_EQ(s.articles, std::vector<std::string>{"41"}) << s.state;
  EXPECT_EQ(iccpr.notifications.title, "Notifications under Article 4 (3) of the Covenant (Derogations)");
  EXPECT_GT(iccpr.notifications.statements.size(), 100u);
  EXPECT_EQ(iccpr.signatories, 74);
  EXPECT_EQ(iccpr.parties, 175);
  // Territorial application (CRC): China, 10 Apr 2003, Hong Kong.
  UntcPage crc = page("crc");
  ASSERT_FALSE(crc.territories.empty());
  EXPECT_EQ(crc.territories[0].state, "China");
  EXPECT_EQ(crc.territories[0].date, d("2003-04-10"));
  EXPECT_EQ(crc.territories[0].territories, "Hong Kong Special Administrative Region");
  EXPECT_EQ(crc.territories[2].state, "Netherlands (Kingdom of the)");  // a blank cell repeats the row above
  EXPECT_EQ(crc.territories[2].territories, "Aruba");
}

TEST(Untc, BrokenPagesNameWhatIsMissing) {
  const std::string html = html_of("iccpr_op1");
  // Truncated before the participants table.
  const size_t grid = html.find("InnerPage_tblgrid");
  ASSERT_NE(grid, std::string::npos);
  auto cut = parse_untc(html.substr(0, grid - 200), "iccpr_op1.html");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.message().find("iccpr_op1.html: the participants table"), std::string::npos) << cut.message();
  // Truncated before the header.
  auto head = parse_untc(html.substr(0, html.find("STATUS AS AT")), "iccpr_op1.html");
  ASSERT_FALSE(head);
  EXPECT_NE(head.message().find("STATUS AS AT"), std::string::npos) << head.message();
  // A column pacta does not know.
  std::string odd = html;
  const std::string col = "Ratification, Accession(a), Succession(d)";
  odd.replace(odd.find(col), col.size(), "Ratification, Accession(a), Adhesion(x)");
  auto unknown = parse_untc(odd, "iccpr.html");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.message().find("iccpr.html: the participants table has a column 'Ratification, Accession(a), Adhesion(x)' that pacta does not know"),
            std::string::npos)
      << unknown.message();
  // A letter the column does not explain.
  std::string letter = html;
  const std::string czech = "22 Feb\t 1993 d";  // as the page writes it
  ASSERT_NE(letter.find(czech), std::string::npos);
  letter.replace(letter.find(czech), czech.size(), "22 Feb 1993 q");
  auto bad = parse_untc(letter, "x.html");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.message().find("Czech Republic"), std::string::npos) << bad.message();
  EXPECT_NE(bad.message().find("the letter 'q'"), std::string::npos) << bad.message();
  // Not a status page at all; an empty file; a truncated gzip file.
  EXPECT_FALSE(parse_untc("<html><body><p>hello</p></body></html>", "x.html"));
  EXPECT_FALSE(parse_untc("", "x.html"));
  std::ifstream in(kDir + "iccpr_op1.html.gz", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string gz = ss.str();
  const std::string tmp = testing::TempDir() + "truncated.html.gz";
  std::ofstream(tmp, std::ios::binary) << gz.substr(0, gz.size() / 2);
  auto trunc = read_untc(tmp);
  ASSERT_FALSE(trunc);
  EXPECT_NE(trunc.message().find("truncated"), std::string::npos) << trunc.message();
  // The same page uncompressed reads the same.
  const std::string plain = testing::TempDir() + "iccpr_op1.html";
  std::ofstream(plain, std::ios::binary) << html;
  auto p = read_untc(plain);
  ASSERT_TRUE(p) << p.message();
  EXPECT_EQ(p->participants.size(), 122u);
}

TEST(Untc, AnUnreadableDateIsKeptAsWritten) {
  // Spain's objection to Guyana's reservation under the first Optional Protocol is dated
  // "1 Decmeber 1999" on the page.
  UntcPage p = page("iccpr_op1");
  const UntcStatement* esp = nullptr;
  for (const UntcStatement& s : p.objections.statements)
    if (s.state == "Spain" && !s.reserving.empty()) esp = &s;
  ASSERT_TRUE(esp);
  EXPECT_FALSE(esp->date);
  EXPECT_EQ(esp->unreadable_date, "1 Decmeber 1999");
  EXPECT_EQ(esp->reserving, std::vector<std::string>{"Guyana"});
}

TEST(Untc, WithdrawalsOfReservationsInEndNotes) {
  UntcPage p = page("cedaw");
  // Note 8: "On 24 June 1992, the Government of Bulgaria notified the Secretary-General of its
  // decision to withdraw the reservation to article 29 (1) of the Convention, made upon
  // signature and confirmed upon ratification."
  ASSERT_TRUE(p.note(8));
  auto bg = reservation_withdrawals_in(*p.note(8), "Bulgaria");
  ASSERT_EQ(bg.size(), 1u);
  EXPECT_EQ(bg[0].notified, d("1992-06-24"));
  EXPECT_FALSE(bg[0].partial);
  EXPECT_FALSE(bg[0].declaration);
  EXPECT_EQ(bg[0].made_upon, "consent");
  EXPECT_TRUE(reservation_withdrawals_in(*p.note(8), "Canada").empty());  // the sentence does not name it
  // Note 57: Singapore "decision to partially withdraw its reservation to article 11 made upon accession".
  auto sg = reservation_withdrawals_in(*p.note(57), "Singapore");
  ASSERT_GE(sg.size(), 1u);
  EXPECT_EQ(sg[0].notified, d("2015-10-15"));
  EXPECT_TRUE(sg[0].partial);
  EXPECT_EQ(sg[0].made_upon, "consent");
  // Note 11: Canada withdraws a declaration, not a reservation.
  auto ca = reservation_withdrawals_in(*p.note(11), "Canada");
  ASSERT_EQ(ca.size(), 1u);
  EXPECT_EQ(ca[0].notified, d("1992-05-28"));
  EXPECT_TRUE(ca[0].declaration);
  // "informed the Secretary-General that it had decided to withdraw" is a withdrawal too (CRC,
  // note 32: Djibouti, 7 December 2009, made upon ratification).
  UntcPage crc = page("crc");
  ASSERT_TRUE(crc.note(32));
  auto dj = reservation_withdrawals_in(*crc.note(32), "Djibouti");
  ASSERT_EQ(dj.size(), 1u);
  EXPECT_EQ(dj[0].notified, d("2009-12-07"));
  EXPECT_EQ(dj[0].made_upon, "consent");
  EXPECT_FALSE(dj[0].declaration);
  // A denunciation is not a withdrawal of reservations, nor the reverse.
  UntcPage op1 = page("iccpr_op1");
  EXPECT_TRUE(reservation_withdrawals_in(*op1.note(6), "Belarus").empty());
  EXPECT_TRUE(withdrawals_in(*p.note(8)).empty());
}

// Statements of "Declarations and Reservations" as pacta records them (classify_statement).
const UntcStatement* statement(const UntcPage& p, const std::string& state, const std::string& heading_starts, size_t nth = 0) {
  for (const UntcStatement& s : p.declarations.statements)
    if (s.state == state && s.heading.rfind(heading_starts, 0) == 0 && nth-- == 0) return &s;
  ADD_FAILURE() << p.file << ": no statement of " << state << " headed '" << heading_starts << "'";
  return nullptr;
}

UntcStatement made(const std::string& heading, const std::string& text, const std::string& context = "") {
  UntcStatement s;
  s.state = "X";
  s.heading = heading;
  s.text = text;
  s.context = context;
  return s;
}

TEST(Untc, AStatementIsSplitWhereItsTextLabelsItsParts) {
  const std::string section = "Declarations and Reservations";
  // Synthetic: the labels say which part is which; the heading names both.
  auto c = classify_statement(made("Declarations and reservations:", "Reservations:\n1. Article 5 shall not apply.\nDeclarations:\nArticle 7 is understood so."),
                              section);
  ASSERT_EQ(c.parts.size(), 2u);
  EXPECT_EQ(c.parts[0].kind, ActionKind::kReservation);
  EXPECT_FALSE(c.parts[0].with_declarations);
  EXPECT_EQ(c.parts[0].text, "Declarations and reservations:\nReservations:\n1. Article 5 shall not apply.");
  EXPECT_EQ(c.parts[1].kind, ActionKind::kDeclaration);
  EXPECT_EQ(c.parts[1].text, "Declarations:\nArticle 7 is understood so.");
  EXPECT_NE(c.parts[1].basis.find("label 'Declarations:'"), std::string::npos) << c.parts[1].basis;
  // Labels of one kind under a heading of that kind: nothing to split.
  auto one = classify_statement(made("Reservations:", "Reservation:\nArticle 5 shall not apply."), section);
  ASSERT_EQ(one.parts.size(), 1u);
  EXPECT_EQ(one.parts[0].kind, ActionKind::kReservation);
  // A sentence that mentions a reservation is not a label.
  auto sentence = classify_statement(made("Declaration:", "Reservations to articles 14 and 21.\nMore."), section);
  ASSERT_EQ(sentence.parts.size(), 1u);
  EXPECT_EQ(sentence.parts[0].kind, ActionKind::kDeclaration);

  // ICRMW (cmw), Nicaragua: "Declaration and reservation:", its text labelled "Declaration" and "Reservations:".
  UntcPage cmw = page("cmw");
  const UntcStatement* nic = statement(cmw, "Nicaragua", "Declaration and reservation");
  ASSERT_TRUE(nic);
  auto n = classify_statement(*nic, cmw.declarations.title);
  ASSERT_EQ(n.parts.size(), 2u);
  EXPECT_EQ(n.parts[0].kind, ActionKind::kDeclaration);
  EXPECT_EQ(n.parts[1].kind, ActionKind::kReservation);
  EXPECT_FALSE(n.parts[1].with_declarations);
  EXPECT_EQ(n.parts[1].text.rfind("Reservations:", 0), 0u) << n.parts[1].text;
  // ICERD, Thailand: headed "Interpretative declaration :", its text goes on with "Reservations".
  UntcPage cerd = page("cerd");
  const UntcStatement* tha = statement(cerd, "Thailand", "Interpretative declaration");
  ASSERT_TRUE(tha);
  auto t = classify_statement(*tha, cerd.declarations.title);
  ASSERT_EQ(t.parts.size(), 2u);
  EXPECT_EQ(t.parts[0].kind, ActionKind::kDeclaration);
  EXPECT_EQ(t.parts[1].kind, ActionKind::kReservation);
  // ICERD, United States: "Upon ratification:", then "I. ... subject to the following reservations:",
  // "II. ... the following understanding, ...:", "III. ... the following declaration:".
  const UntcStatement* usa = statement(cerd, "United States of America", "Upon ratification");
  ASSERT_TRUE(usa);
  auto u = classify_statement(*usa, cerd.declarations.title);
  ASSERT_EQ(u.parts.size(), 3u);
  EXPECT_EQ(u.parts[0].kind, ActionKind::kReservation);
  EXPECT_EQ(u.parts[1].kind, ActionKind::kDeclaration);
  EXPECT_EQ(u.parts[2].kind, ActionKind::kDeclaration);
  EXPECT_NE(u.parts[2].text.find("not self-executing"), std::string::npos);
}

TEST(Untc, AStatementNotSeparatedFromDeclarationsIsAReservationWithDeclarations) {
  const std::string section = "Declarations and Reservations";
  auto both = classify_statement(made("Declarations and reservations:", "1. Article 5 shall not apply.\n2. Article 7 is understood so."), section);
  ASSERT_EQ(both.parts.size(), 1u);
  EXPECT_EQ(both.parts[0].kind, ActionKind::kReservation);
  EXPECT_TRUE(both.parts[0].with_declarations);
  EXPECT_EQ(both.parts[0].text, "Declarations and reservations:\n1. Article 5 shall not apply.\n2. Article 7 is understood so.");
  // Unheaded: the text says "reserv", or it does not.
  auto says = classify_statement(made("", "The State enters a reservation to article 7."), section);
  ASSERT_EQ(says.parts.size(), 1u);
  EXPECT_TRUE(says.parts[0].with_declarations);
  auto later = classify_statement(made("Upon signature:", "The Government will make such reservations as it may deem appropriate if and when the "
                                                         "Convention is ratified."),
                                  section);
  EXPECT_EQ(later.parts.at(0).kind, ActionKind::kDeclaration);
  auto plain = classify_statement(made("", "The State declares that article 17 is discriminatory."), section);
  ASSERT_EQ(plain.parts.size(), 1u);
  EXPECT_EQ(plain.parts[0].kind, ActionKind::kDeclaration);
  EXPECT_FALSE(plain.parts[0].with_declarations);
  // ... unless the page's objections call the state's statements reservations.
  auto objected = classify_statement(made("", "The State does not consider itself bound by article 22."), section,
                                     "With regard to reservations made by X concerning article 5:");
  ASSERT_EQ(objected.parts.size(), 1u);
  EXPECT_TRUE(objected.parts[0].with_declarations);
  EXPECT_NE(objected.parts[0].basis.find("With regard to reservations made by X"), std::string::npos);
  // A section that names no reservation: a declaration whatever the text says.
  auto decl = classify_statement(made("", "The State reserves the right to ..."), "Declarations");
  EXPECT_EQ(decl.parts.at(0).kind, ActionKind::kDeclaration);
  // The heading over it decides when its own does not: "Reservations:" over "Article 26:".
  auto under = classify_statement(made("\"Article 26:", "The Kingdom accepts article 26 with the reservation that ...", "Reservations:"), section);
  ASSERT_EQ(under.parts.size(), 1u);
  EXPECT_EQ(under.parts[0].kind, ActionKind::kReservation);
  EXPECT_FALSE(under.parts[0].with_declarations);
  // Not statements: a report of a withdrawal, a state named with nothing under it.
  EXPECT_TRUE(classify_statement(made("", "On 19 December 2025, Poland informed the Secretary-General that it withdraws its reservation."), section)
                  .parts.empty());
  EXPECT_TRUE(classify_statement(made("", ""), section).parts.empty());

  // ICERD, Türkiye: "Declarations and reservation:" (no labels in the text).
  UntcPage cerd = page("cerd");
  const UntcStatement* tur = statement(cerd, "Türkiye", "Declarations and reservation");
  ASSERT_TRUE(tur);
  auto t = classify_statement(*tur, cerd.declarations.title);
  ASSERT_EQ(t.parts.size(), 1u);
  EXPECT_EQ(t.parts[0].kind, ActionKind::kReservation);
  EXPECT_TRUE(t.parts[0].with_declarations);
  // ICERD, Belarus: unheaded, no "reserv": a declaration.
  const UntcStatement* blr = statement(cerd, "Belarus", "");
  ASSERT_TRUE(blr);
  EXPECT_EQ(classify_statement(*blr, cerd.declarations.title).parts.at(0).kind, ActionKind::kDeclaration);
}

TEST(Untc, HeadingsWithoutTextStandOverTheStatementsAfterThem) {
  // CRC, the Netherlands: "Reservations:" then "Article 26:", "Article 37:", "Article 40:", then
  // "Declarations:" then "Article 14:", "Article 22:".
  UntcPage crc = page("crc");
  const UntcStatement* res = statement(crc, "Netherlands (Kingdom of the)", "Reservations:");
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->group);
  EXPECT_TRUE(res->text.empty());
  const UntcStatement* a37 = statement(crc, "Netherlands (Kingdom of the)", "\"Article 37");
  ASSERT_TRUE(a37);
  EXPECT_EQ(a37->context, "Reservations:");
  EXPECT_EQ(classify_statement(*a37, crc.declarations.title).parts.at(0).kind, ActionKind::kReservation);
  const UntcStatement* a14 = statement(crc, "Netherlands (Kingdom of the)", "\"Article 14");
  ASSERT_TRUE(a14);
  EXPECT_EQ(a14->context, "Declarations:");
  EXPECT_EQ(classify_statement(*a14, crc.declarations.title).parts.at(0).kind, ActionKind::kDeclaration);
  // CAT, Pakistan: "Upon signature" over "Reservation:" (dated by the signature, cli/ingest_commands).
  UntcPage cat = page("cat");
  const UntcStatement* pak = statement(cat, "Pakistan", "Reservation:");
  ASSERT_TRUE(pak);
  EXPECT_EQ(pak->context, "Upon signature");
}

TEST(Untc, Dates) {
  // Read loosely: forms that read one way only.
  EXPECT_EQ(parse_untc_date_loosely("20 August 1991*"), d("1991-08-20"));
  EXPECT_EQ(parse_untc_date_loosely("(21 October 1994)"), d("1994-10-21"));
  EXPECT_EQ(parse_untc_date_loosely("On 2 October 2015"), d("2015-10-02"));
  EXPECT_EQ(parse_untc_date_loosely("14 July1994"), d("1994-07-14"));
  EXPECT_EQ(parse_untc_date_loosely("8 August l989"), d("1989-08-08"));
  EXPECT_EQ(parse_untc_date_loosely("1 Decmeber 1999"), std::nullopt);
  EXPECT_EQ(parse_untc_date_loosely("Minister for Foreign Affairs"), std::nullopt);
  EXPECT_EQ(parse_untc_date_loosely("reservation at the time of accession"), std::nullopt);
  EXPECT_EQ(parse_untc_date_loosely("8 August ll89"), std::nullopt);
  // ICESCR, Oman: "reservation at the time of accession" where a date would be; read as the kind.
  UntcPage icescr = page("icescr");
  const UntcStatement* omn = statement(icescr, "Oman", "");
  ASSERT_TRUE(omn);
  EXPECT_EQ(omn->unreadable_date, "reservation at the time of accession");
  auto o = classify_statement(*omn, icescr.declarations.title);
  ASSERT_EQ(o.parts.size(), 1u);
  EXPECT_EQ(o.parts[0].kind, ActionKind::kReservation);
  EXPECT_FALSE(o.parts[0].with_declarations);
  // CAT, Uruguay: "communications referring to the said articles [21 and 22]".
  UntcPage cat = page("cat");
  const UntcStatement* ury = nullptr;
  for (const UntcStatement& s : cat.article_declarations.statements)
    if (s.state == "Uruguay") ury = &s;
  ASSERT_TRUE(ury);
  EXPECT_EQ(ury->articles, (std::vector<std::string>{"21", "22"}));
  // ICCPR art. 41, Zimbabwe: "20 August 1991*" (the asterisk refers to a note in the text).
  UntcPage iccpr = page("iccpr");
  const UntcStatement* zwe = nullptr;
  for (const UntcStatement& s : iccpr.article_declarations.statements)
    if (s.state == "Zimbabwe") zwe = &s;
  ASSERT_TRUE(zwe);
  EXPECT_EQ(zwe->date, d("1991-08-20"));
  EXPECT_EQ(zwe->date_as_written, "20 August 1991*");
  EXPECT_TRUE(zwe->unreadable_date.empty());

  EXPECT_EQ(parse_untc_date("4 Oct 2007"), d("2007-10-04"));
  EXPECT_EQ(parse_untc_date("16 December 1966"), d("1966-12-16"));
  EXPECT_EQ(parse_untc_date("Sept 2007"), std::nullopt);
  EXPECT_EQ(parse_untc_date("31 Feb 2007"), std::nullopt);
  EXPECT_EQ(parse_untc_date("1 Foo 2007"), std::nullopt);
}

}  // namespace
}  // namespace pacta
