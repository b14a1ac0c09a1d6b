#include "app/feed.h"

#include <algorithm>
#include <boost/json.hpp>

namespace json = boost::json;

namespace pacta {
namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string title_of(const Catalog& c, const StoredNotification& n) {
  const std::optional<Action> a = c.action(n.action_seq);
  const auto p = c.treaty(n.treaty);
  std::string t = n.reference;
  if (a) t += ": " + c.state_name(a->state) + ": " + std::string(display_name(a->kind));
  if (p) t += " (" + (p->short_title.empty() ? p->id : p->short_title) + ")";
  return t;
}

}  // namespace

std::vector<StoredNotification> select_notifications(const std::vector<StoredNotification>& all, const std::string& treaty,
                                                     std::optional<Date> since) {
  std::vector<StoredNotification> out;
  for (const StoredNotification& n : all)
    if ((treaty.empty() || n.treaty == treaty) && (!since || n.issued_on >= since->iso())) out.push_back(n);
  std::stable_sort(out.begin(), out.end(), [](const StoredNotification& a, const StoredNotification& b) {
    return std::tie(a.issued_on, a.year, a.number) > std::tie(b.issued_on, b.year, b.number);
  });
  return out;
}

json::value notifications_json(const Catalog& c, const std::vector<StoredNotification>& list) {
  json::array arr;
  for (const StoredNotification& n : list) {
    json::object o;
    o["reference"] = n.reference;
    o["treaty"] = n.treaty;
    o["action"] = n.action_seq;
    o["issued_on"] = n.issued_on;
    o["title"] = title_of(c, n);
    if (const std::optional<Action> a = c.action(n.action_seq)) {
      o["state"] = a->state;
      o["kind"] = std::string(to_string(a->kind));
      o["date"] = a->date.iso();
    }
    o["text"] = n.text;
    arr.push_back(std::move(o));
  }
  return arr;
}

std::string notifications_atom(const Catalog& c, const std::vector<StoredNotification>& list, const std::string& self_url,
                               const std::string& feed_id) {
  std::string updated = list.empty() ? "1970-01-01" : list.front().issued_on;
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  x += "  <title>pacta: depositary notifications</title>\n";
  x += "  <id>" + xml_escape(feed_id) + "</id>\n";
  x += "  <link rel=\"self\" href=\"" + xml_escape(self_url) + "\"/>\n";
  x += "  <updated>" + updated + "T00:00:00Z</updated>\n";
  x += "  <author><name>pacta</name></author>\n";
  for (const StoredNotification& n : list) {
    x += "  <entry>\n";
    x += "    <title>" + xml_escape(title_of(c, n)) + "</title>\n";
    x += "    <id>urn:pacta:notification:" + xml_escape(n.reference) + "</id>\n";
    x += "    <updated>" + n.issued_on + "T00:00:00Z</updated>\n";
    x += "    <category term=\"" + xml_escape(n.treaty) + "\"/>\n";
    x += "    <content type=\"text\">" + xml_escape(n.text) + "</content>\n";
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

}  // namespace pacta
