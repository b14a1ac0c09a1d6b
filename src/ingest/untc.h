// A saved UN Treaty Collection status page (MTDSG, "Status of Treaties", as the Secretary-
// General publishes it on treaties.un.org) read into plain values: the header, the
// participants table in each of its layouts, the end notes, and the sections of
// declarations and reservations, objections, declarations under an article (a committee's
// competence, provisional application), other notifications and territorial application.
// What the page says is kept as written (names, footnote numbers, texts); dates are parsed
// strictly. Reading is done with libxml2's HTML parser (never patterns over the HTML); this
// header does not expose it. Nothing here knows pacta's record or states: see
// cli/ingest_commands.h for resolving names and recording.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/result.h"

namespace pacta {

// One dated entry of the participants table: " 4 Oct 2007 a", "[14 Nov 1980 a]".
struct UntcInstrument {
  Date date;
  // The page's letter after the date ("" when none): a accession, d succession (or, in a
  // signature column, succession to signature), A acceptance, AA approval, c formal
  // confirmation, s definitive signature, P consent to be bound (notified), n provisional
  // application.
  std::string letter;
  // What pacta records it as. Formal confirmation (c, an international organization's act)
  // is ratification-equivalent (VCLT 1986 art. 2(1)(b bis)); a definitive signature (s)
  // is a signature that expresses consent by itself: recorded as a signature and a
  // ratification of the same day. Consent to be bound notified under a protocol that is
  // not open for signature (P, CCW art. 4(3)-(4)) is recorded as accession, the consent
  // of a state that did not sign. Succession to signature is a signature.
  ActionKind kind = ActionKind::kSignature;
  std::string meaning;   // the column's words for the letter: "Accession", "Formal confirmation"
  bool bracketed = false;  // "[...]": no longer in force (the end notes say why)
  bool definitive = false; // letter s
};

struct UntcParticipant {
  std::string name;        // as written, without footnote numbers: "Netherlands (Kingdom of the)"
  std::vector<int> notes;  // footnote numbers after the name: "Belarus 6" -> {6}
  std::optional<UntcInstrument> signature;
  std::optional<UntcInstrument> consent;
  std::optional<UntcInstrument> provisional;  // provisional application (n), its own column
};

struct UntcNote {
  int number = 0;
  std::string text;
};

// One statement of a section: a declaration, reservation, objection, declaration under an
// article or notification. A state's block is split at each dated heading.
struct UntcStatement {
  std::string state;                 // as written
  std::vector<int> notes;            // footnote numbers after the state's name
  std::optional<Date> date;          // when the page states one for this statement
  std::string unreadable_date;       // the page's right-aligned date when it is not one ("1 Decmeber 1999")
  // The page's right-aligned date as written when it is read although not in the form "D Month
  // YYYY" ("20 August 1991*", "(21 October 1994)", "14 July1994", "On 2 October 2015").
  std::string date_as_written;
  std::string heading;               // "Reservation:", "With regard to the reservations made by Pakistan upon ratification:"
  // The headings without text of the state's block that stand over this statement: the last
  // "Upon signature:"/"Upon ratification:" and the last other one after it ("Reservations:"
  // over "Article 26:"), joined by " "; "" when none. A date on the page starts a new entry
  // and clears it.
  std::string context;
  // A heading without text that the statements after it take as their context (it states
  // nothing itself).
  bool group = false;
  std::string text;
  // Objections: the reserving states the heading names (as written in the table), and
  // whether the text says the objection precludes the treaty's entry into force between
  // the two (only an unnegated "precludes"/"opposes ... entry into force").
  std::vector<std::string> reserving;
  bool precludes = false;
  // Declarations under an article: the article(s) the heading or text names ("21", "22").
  std::vector<std::string> articles;
};

struct UntcSection {
  std::string title;     // "Declarations recognizing the competence of the Human Rights Committee under article 41"
  std::string subtitle;  // "(Unless otherwise indicated, ...)"
  std::vector<UntcStatement> statements;
};

struct UntcTerritory {
  std::string state;  // as written (a blank cell repeats the row above)
  std::optional<Date> date;  // of receipt of the notification
  std::string territories;
};

struct UntcPage {
  std::string file;           // the name errors use
  std::string as_at_text;     // "03-02-2026 10:16:18 EDT"
  Date as_at;
  std::string chapter;        // "IV" (roman, as on the page)
  int chapter_number = 0;     // 4
  std::string mtdsg;          // "IV-5", "IV-3-a"
  std::string title;          // without its number: "Optional Protocol to the International Covenant ..."
  std::string place;          // "New York"
  std::optional<Date> adopted;
  std::string adoption_text;  // "New York, 16 December 1966"
  std::optional<Date> entry_into_force;
  std::string eif_text;       // "23 March 1976, in accordance with article 9."
  std::string eif_article;    // "9", "27(1)", "XIV" ("" when the text names none)
  std::string registration;   // "23 March 1976, No. 14668"
  std::optional<int> signatories;  // the page's own counts ("Status : Signatories : 35. Parties : 116.")
  std::optional<int> parties;
  std::vector<std::string> columns;  // the table's header cells after "Participant"
  std::vector<UntcParticipant> participants;
  std::vector<UntcNote> notes;
  UntcSection declarations;   // "Declarations and Reservations" (or "Declarations")
  UntcSection objections;
  UntcSection article_declarations;  // "Declarations made under articles 21 and 22", ...
  bool article_declarations_are_competence = false;  // the section recognizes a committee's competence
  UntcSection notifications;  // "Notifications under Article 4 (3) ...", "Notifications made under article 17"
  std::vector<UntcTerritory> territories;

  // The UN address of the page, built from its MTDSG number and chapter.
  std::string url() const;
  const UntcNote* note(int number) const;
  // The table's counts: unbracketed signatures, unbracketed consents.
  int table_signatories() const;
  int table_parties() const;
};

// A statement of "Declarations and Reservations" as pacta records it: one part, or, where its
// text labels its parts ("Reservations: 1. ... Declarations: ...", "Reservation:",
// "Interpretative declaration", "... subject to the following understanding:"), each part as
// the kind its label names. The kind comes from the part's label, else the statement's heading,
// else its context ("Reservations:" over "Article 26:"). A heading (or label) that names both
// ("Declarations and reservations:") does not say which part reserves: the statement is a
// reservation `with_declarations` (VCLT art. 2(1)(d): only what purports to exclude or modify a
// legal effect is one, which cannot be read mechanically). So is a statement without any of
// these under a section whose title names reservations when its text says "reserv", or when the
// page's objections call the state's statements reservations (but not when it only announces
// reservations to be made later: "reserves the right to formulate, upon ratifying ..."); any
// other is a declaration, as is
// every statement of a section that names no reservation.
struct UntcStatementPart {
  ActionKind kind = ActionKind::kDeclaration;  // kReservation or kDeclaration
  bool with_declarations = false;
  std::string text;   // the part's text, its label first; the whole statement (heading first) when not split
  std::string basis;  // what the kind was read from: "heading 'Reservation:'", "label 'Declarations:' in the text", ...
};
struct UntcClassified {
  std::vector<UntcStatementPart> parts;  // empty: nothing to record (why_not says why)
  std::string why_not;
};
// `objected_as_reservation`: a heading of the page's objections that calls this state's
// statements reservations ("With regard to reservations made by Yemen ..."), "" when none; it
// classifies, as a reservation with declarations, a statement nothing else classifies.
UntcClassified classify_statement(const UntcStatement& s, const std::string& section_title,
                                  const std::string& objected_as_reservation = "");

// Parses the page; `file` names it in errors. A page that is not a status page, lacks a
// part every status page has (as-at date, chapter, title, participants table), or whose
// table has a column or a date pacta does not know is an error naming what is missing.
Result<UntcPage> parse_untc(std::string_view html, const std::string& file);

// Reads FILE (.html, or .html.gz / any gzip file, recognized by its magic bytes) and parses it.
Result<UntcPage> read_untc(const std::string& path);

// "4 Oct 2007", "16 December 1966" -> date (English month names, full or abbreviated).
std::optional<Date> parse_untc_date(std::string_view text);
// A right-aligned date of a section in a form that is not "D Month YYYY" but reads one way
// only: a footnote asterisk after it ("20 August 1991*"), in brackets ("(21 October 1994)"),
// after "On " ("On 2 October 2015"), the year glued to the month ("14 July1994") or written
// with a letter l for the digit one ("8 August l989"). Anything else: nullopt.
std::optional<Date> parse_untc_date_loosely(std::string_view text);

// One withdrawal or denunciation an end note states for a participant, as the text says
// it: "On 27 June 2025, the Government of ... deposited ... a notification of withdrawal
// ... took effect for Estonia on 27 December 2025".
struct UntcWithdrawal {
  Date notified;                    // the date of the notification (or its receipt)
  std::optional<Date> stated_effect;  // "with effect from", "took effect ... on", "will take effect ... on"
  std::string reference;            // "C.N.360.2025.TREATIES-XXVI-5" when the note gives one
  std::string sentence;             // the sentence it was read from
};
// The withdrawals/denunciations of the treaty itself stated in `note` (withdrawals of
// reservations or declarations are not these).
std::vector<UntcWithdrawal> withdrawals_in(const UntcNote& note);

// A withdrawal of reservations (or of declarations) an end note states for `participant` (a
// name of the table; the sentence must name it): "On 24 June 1992, the Government of
// Bulgaria notified the Secretary-General of its decision to withdraw the reservation to
// article 29 (1) of the Convention, made upon signature and confirmed upon ratification."
struct UntcReservationWithdrawal {
  Date notified;
  bool partial = false;      // "partially withdraw", "partial withdrawal"
  bool declaration = false;  // it withdraws declarations, not reservations
  // When the withdrawn reservation was made: "signature" (made upon signature and not
  // confirmed later), "consent" (upon ratification, accession, ..., or confirmed upon it),
  // "" when the sentence does not say.
  std::string made_upon;
  std::string sentence;
};
std::vector<UntcReservationWithdrawal> reservation_withdrawals_in(const UntcNote& note, const std::string& participant);

}  // namespace pacta
