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

struct UntcBundleWritten {
  int from_page = 0;  // rows from the page
  int by_hand = 0;    // rows copied from DIR/by_hand.csv
  int left_out = 0;   // page actions DIR/left_out.csv leaves out
  int texts = 0;      // files written in DIR/texts/
  int removed = 0;    // files in DIR/texts/ no row names any more, removed
};

// Writes DIR/actions.csv (columns state,kind,date,reference,text_file,source,notes,later_date,
// subject,qualifier) and DIR/texts/<STATE>-<kind>-<date>[-<subject>][-<n>].txt for every action
// with a text. An action without a state, or a by_hand.csv row that bundle.h would refuse
// (missing column, bad date, unknown kind, no source, a text_file that does not exist), or a
// left_out.csv row that matches no page action, is an error naming it; nothing is written then.
Result<UntcBundleWritten> write_untc_bundle(const std::string& dir, const std::vector<Action>& from_page);

}  // namespace pacta
