#include "cli/status_page_command.h"

#include <boost/json.hpp>
#include <iostream>

#include "app/status_page.h"

namespace pacta::cli {

void StatusPageCommand::add_to(CLI::App& app) {
  cmd_ = app.add_subcommand("status-page", "a treaty's status page in the UN's layout, with numbered end notes");
  cmd_->add_option("TREATY", treaty_)->required();
  cmd_->add_option("--on", on_, "date (default today)");
  cmd_->add_option("--known-on", known_, "use only what was recorded by this date");
}

std::optional<int> StatusPageCommand::run(const Options& o) {
  if (!cmd_ || !cmd_->parsed()) return std::nullopt;
  auto catalog = open_catalog(o);
  const std::string treaty = must(catalog->resolve_treaty(treaty_));
  Query q{on_.empty() ? today() : must(parse_date_arg(on_, "--on")), std::nullopt};
  if (!known_.empty()) q.known_on = must(parse_date_arg(known_, "--known-on"));
  const boost::json::value page = status_page_json(*catalog, treaty, q);
  if (o.as_json) std::cout << boost::json::serialize(page) << "\n";
  else std::cout << status_page_text(page);
  return 0;
}

}  // namespace pacta::cli
