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
// `self_url` is the feed's own address (used as its id and rel="self" link).
std::string notifications_atom(const Catalog& c, const std::vector<StoredNotification>& list, const std::string& self_url);

}  // namespace pacta
