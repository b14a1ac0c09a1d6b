// What a statement's text says about a treaty body's competence, read for ingest-untc.
//
// Opt-out (CAT art. 28(1), CEDAW-OP art. 10(1), CRPD-OP art. 8): a reservation or declaration
// whose text declares that the State does not recognise the competence of the Committee provided
// for in the article the profile's quote names ("does not recognize the competence of the
// Committee against Torture as provided for in article 20", "does not consider itself bound by
// article 20", "With a reservation on article 20"; CEDAW-OP: "without recognizing the competence
// ... provided in Articles 8 and 9", "would not undertake the obligations arising out of Articles
// 8 and 9") is also the opt-out declaration under that
// competence; a withdrawal reported in the same words (or "the reservation with respect to
// article 20") withdraws it. A text that only qualifies the procedure ("will have to be invoked
// in strict compliance with the principle of the sovereignty of States", Cuba) is not one.
//
// Periods (ICCPR art. 41, Switzerland): a declaration "for a period of five years" ends N years
// from the day the text names ("as from 18 September 1997", "beginning on 16 April 2010", "in
// effect for five years from 24 January 2022"), from the declaration's date ("from the present
// notification"), or, when it names none, from the later of the declaration and the State's
// entry into force. The end is the day it ceases to have effect (the action's later_date).
//
// Pure text functions: no page, no profile.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace pacta {

// The article numbers an opt-out competence's quote names as the competence it excludes: "the
// competence of the Committee provided for in article 20" -> "20"; "in articles 8 and 9" -> "8".
// Empty when the quote names none.
std::string opt_out_article(std::string_view quote);

// True when `text` declares that the State does not recognise (or is not bound by, or reserves
// against) the competence of article `article` (as opt_out_article gives it).
bool declares_non_recognition(std::string_view text, std::string_view article);

// True when a withdrawal's `text` reports withdrawing the non-recognition of article `article`:
// it quotes it, or names "reservation(s) ... article N" / "declaration ... article N".
bool withdraws_non_recognition(std::string_view text, std::string_view article);

// The day a declaration made on `made` for a period stated in `text` ceases to have effect, and
// how it was read (for notes). Empty when the text states no period of years.
struct DeclarationEnd {
  Date end;
  std::string how;  // "five years from 18 September 1997 ('as from 18 September 1997')"
};
std::optional<DeclarationEnd> declaration_end(std::string_view text, Date made, std::optional<Date> entry_into_force);

}  // namespace pacta
