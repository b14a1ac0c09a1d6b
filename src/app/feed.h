// Issued notifications for people and programs: JSON list and an Atom feed (RFC 4287).
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/catalog.h"
#include "store/ledger.h"

namespace pacta {

// Notifications of `treaty` (all when empty) issued on or after `since`, newest first.
std::vector<StoredNotification> select_notifications(const std::vector<StoredNotification>& all, const std::string& treaty,
                                                     std::optional<Date> since);
boost::json::value notifications_json(const Catalog& c, const std::vector<StoredNotification>& list);
// The Atom feed of `list`. `self_url` is the feed's own address, its rel="self" link: absolute
// when the server knows its public address, else a path (relative to the feed's URL, as
// RFC 4287 allows). `feed_id` is its permanent, absolute id (an IRI such as
// "urn:pacta:notifications:all"), never derived from a request's Host header.
std::string notifications_atom(const Catalog& c, const std::vector<StoredNotification>& list, const std::string& self_url,
                               const std::string& feed_id);

}  // namespace pacta
