// Reports the HTTP API serves beyond the CLI's (src/app/report.h): the whole status table
// (every participant, not only parties), party counts over time, a treaty's rules with the articles they quote, and the list of states with
// their ISO numeric codes (for the map). Built from the Catalog's immutable views; no law
// is derived here, only read off TreatyView. Thread-safe: each call only reads.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>

#include "app/catalog.h"
#include "app/report.h"

namespace pacta {

// Every participant of `treaty` (any state with an action recorded), its status on q.on
// and the dates of its latest round; rows in state-code order. Fields of each row are the
// same as parties_json's rows.
boost::json::value participants_json(const Catalog& c, const std::string& treaty, const Query& q);

// The same table as CSV (header line, one row per participant, RFC 4180 quoting).
std::string participants_csv(const boost::json::value& participants);

enum class SeriesStep { kDay, kMonth };
// Counts on every day (kDay) or on the first day of every month (kMonth) of [from, to].
boost::json::value series_json(const Catalog& c, const std::string& treaty, Date from, Date to, SeriesStep step,
                               std::optional<Date> known_on);
// Number of points series_json would produce (so callers can refuse huge ranges first).
int series_points(Date from, Date to, SeriesStep step);

// A treaty: overview_json plus its place, chapter, adoption, sources and every rule with
// the article it implements and the article's words.
boost::json::value treaty_json(const Catalog& c, const std::string& treaty, const Query& q);

// Every state the catalog knows: iso3, numeric, name, aliases.
boost::json::value states_json(const Catalog& c);

}  // namespace pacta
