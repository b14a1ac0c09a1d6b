// Writing a treaty's bundled record (data/<treaty>/actions.csv and texts/, read by
// ingest/bundle.h at `pacta init`) from the actions a saved UN status page states, so that
// initialising never parses HTML. The rows are the page's (resolved by cli/ingest_commands:
// codes, kinds, subjects, source citing the page and its as-at date) plus the rows of
// DIR/by_hand.csv, if any: actions the page states only in prose (a second accession or
// denunciation in an end note, a communication) that are recorded by hand, each citing the
// note it was read from. DIR/left_out.csv (state,kind,date,reason) names page actions not
// written, each with the reason (a date the page implies wrongly). The order is stable (date, kind, state, subject, text), so writing
// the same page twice gives the same files.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace pacta {

// An action the page states that is not written, with the reason (DIR/not_recorded.csv).
struct UntcNotRecorded {
  std::string state;       // ISO3, "" when the name is not resolved
  std::string state_name;  // as the page writes it
  std::string kind;
  std::string date;        // "" when the page gives none
  std::string from;        // "table", "note 3", "objections", ...
  std::string reason;
};

struct UntcBundleWritten {
  int from_page = 0;  // rows from the page
  int by_hand = 0;    // rows copied from DIR/by_hand.csv
  int left_out = 0;   // page actions DIR/left_out.csv leaves out
  int inconsistent = 0;  // page actions `pacta record` would refuse (below), not written
  int not_recorded = 0;  // rows of DIR/not_recorded.csv
  int texts = 0;      // files written in DIR/texts/
  int removed = 0;    // files in DIR/texts/ no row names any more, removed
};

// Writes DIR/actions.csv (columns state,kind,date,reference,text_file,source,notes,later_date,
// subject,qualifier) and DIR/texts/<STATE>-<kind>-<date>[-<subject>][-<n>].txt for every action
// with a text. An action without a state, or a by_hand.csv row that bundle.h would refuse
// (missing column, bad date, unknown kind, no source, a text_file that does not exist), or a
// left_out.csv row that matches no page action, is an error naming it; nothing is written then.
// As `pacta record` would, it does not write an objection to a state that has no reservation
// written on or before it, nor a reservation-withdrawal naming a reservation not written (the
// page states no reservation of that state dated on or before it). DIR/not_recorded.csv
// (state,state_name,kind,date,from,reason) lists those and `not_recorded`, what ingest-untc
// could not record, so that every statement of the page is accounted for.
Result<UntcBundleWritten> write_untc_bundle(const std::string& dir, const std::vector<Action>& from_page,
                                            std::vector<UntcNotRecorded> not_recorded = {});

}  // namespace pacta
