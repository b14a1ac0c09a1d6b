// `pacta relation TREATY STATE_A STATE_B [--on D] [--known-on T]`: whether the treaty is in
// force between two states on a day and which reservations apply between them, with the
// reasons quoting the general law (app/report.h relation_json; engine/relation.h).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli/common.h"

namespace pacta::cli {

// What a reader must know of `state`'s reservation entry `seq` under `treaty` beyond its date,
// for the text outputs of relation and status: for qualifier "with-declarations" (a statement the
// depositary does not separate from declarations, recorded whole as a reservation) a sentence
// saying so; "" otherwise.
std::string reservation_caveat(const Catalog& c, const std::string& treaty, const std::string& state, int64_t seq,
                               std::optional<Date> known_on);

class LawCommands {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is this one; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  CLI::App* relation_ = nullptr;
  std::string treaty_, a_, b_, on_, known_;
};

}  // namespace pacta::cli
