// Benchmarks of what users wait for: a cold start (open the ledger, load it, build every
// treaty's view), building the views, a status query, a count, a view as known on a past
// day. Each figure is printed with its ratio to a baseline measured in the same run.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "app/catalog.h"
#include "app/recording.h"
#include "engine/engine.h"
#include "ingest/bundle.h"
#include "store/ledger.h"

namespace {

using namespace pacta;

struct Fixture {
  Bundle bundle;
  std::vector<TreatyProfile> profiles;
  std::string db;
  std::vector<Date> days;
};

Fixture& fx() {
  static Fixture f = [] {
    Fixture x;
    auto b = read_bundle(PACTA_SOURCE_DIR);
    if (!b) {
      std::cerr << "pacta_bench: " << b.message() << "\n";
      std::exit(1);
    }
    x.bundle = std::move(*b);
    for (const auto& [id, toml] : x.bundle.profiles) x.profiles.push_back(*parse_profile(toml, id).profile);
    x.db = (std::filesystem::temp_directory_path() / ("pacta_bench_" + std::to_string(::getpid()) + ".db")).string();
    auto ledger = open_sqlite_ledger(x.db, true);
    if (!ledger || !init_record(**ledger, x.bundle, PACTA_SOURCE_DIR, *Date::parse("2026-11-27"))) {
      std::cerr << "pacta_bench: cannot create " << x.db << "\n";
      std::exit(1);
    }
    for (int y = 1998; y <= 2026; ++y)
      for (const char* md : {"-01-15", "-06-30", "-12-27"}) x.days.push_back(*Date::parse(std::to_string(y) + md));
    return x;
  }();
  return f;
}

void Baseline_ScanRecord(benchmark::State& st) {
  const Record& r = fx().bundle.record;
  for (auto _ : st) {
    int64_t sum = 0;
    for (const Action& a : r.actions) sum += a.date.iso().size() + a.state.size();
    benchmark::DoNotOptimize(sum);
  }
}

void ColdStart(benchmark::State& st) {
  const Date on = *Date::parse("2025-12-27");
  for (auto _ : st) {
    auto ledger = open_sqlite_ledger(fx().db, false);
    auto catalog = Catalog::open(std::move(*ledger));
    benchmark::DoNotOptimize((*catalog)->view("apmbc")->participant("LTU")->status_on(on));
  }
}

void BuildAllViews(benchmark::State& st) {
  for (auto _ : st)
    for (const TreatyProfile& p : fx().profiles) {
      TreatyView v(p, record_for_treaty(fx().bundle.record, p.id));
      benchmark::DoNotOptimize(v.entry_into_force());
    }
}

const TreatyView& ottawa() {
  static const TreatyView v = [] {
    for (const TreatyProfile& p : fx().profiles)
      if (p.id == "apmbc") return TreatyView(p, record_for_treaty(fx().bundle.record, p.id));
    std::exit(1);
  }();
  return v;
}

void StatusQuery(benchmark::State& st) {
  const TreatyView& v = ottawa();
  std::vector<const ParticipantView*> ps;
  for (const auto& [state, p] : v.participants()) ps.push_back(&p);
  size_t i = 0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(ps[i % ps.size()]->status_on(fx().days[i % fx().days.size()]));
    ++i;
  }
}

void CountOn(benchmark::State& st) {
  const TreatyView& v = ottawa();
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(v.count_on(fx().days[i++ % fx().days.size()]));
}

void KnownOnView(benchmark::State& st) {
  const Date known = *Date::parse("2025-06-26");
  const TreatyProfile* p = nullptr;
  for (const TreatyProfile& x : fx().profiles)
    if (x.id == "apmbc") p = &x;
  for (auto _ : st) {
    TreatyView v(*p, record_for_treaty(as_known_on(fx().bundle.record, known), "apmbc"));
    benchmark::DoNotOptimize(v.entry_into_force());
  }
}

// Collects each benchmark's real time per iteration, to print ratios to the baseline.
class Collector : public benchmark::ConsoleReporter {
 public:
  std::vector<std::pair<std::string, double>> times;  // name, nanoseconds
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs)
      times.emplace_back(r.benchmark_name(), r.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(r.time_unit) * 1e9);
  }
};

}  // namespace

BENCHMARK(Baseline_ScanRecord);
BENCHMARK(ColdStart)->Unit(benchmark::kMillisecond);
BENCHMARK(BuildAllViews)->Unit(benchmark::kMillisecond);
BENCHMARK(StatusQuery);
BENCHMARK(CountOn);
BENCHMARK(KnownOnView)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fx();
  Collector c;
  benchmark::RunSpecifiedBenchmarks(&c);
  benchmark::Shutdown();
  double base = 0;
  for (const auto& [name, ns] : c.times)
    if (name == "Baseline_ScanRecord") base = ns;
  std::printf("\n%zu recorded actions, %zu facts; ratios to the baseline (one scan over every action):\n",
              fx().bundle.record.actions.size(), fx().bundle.record.facts.size());
  for (const auto& [name, ns] : c.times)
    std::printf("  %-22s %14.3f us  %12.4g x baseline\n", name.c_str(), ns / 1e3, base > 0 ? ns / base : 0.0);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak memory of this process: %.1f MB\n", ru.ru_maxrss / 1024.0);
  std::filesystem::remove(fx().db);
  return 0;
}
