#pragma once
// The report's three to five headline sentences, in plain English, from the numbers alone:
// where the key open caseload is heading with no change, what each scenario does to it (the
// three largest effects), and where the bottleneck is and what more capacity there is worth.
// Levels are given with the range within which 90% of the simulated runs fell (5th to 95th
// percentile across replications: where a single future is likely to land); changes with the
// 95% confidence interval of the paired difference (common random numbers). Pure.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/bottleneck_report.hpp"
#include "analysis/interval.hpp"
#include "analysis/report/report_content.hpp"

namespace courtflow::analysis::report {

/// The open caseload of the headline series at the end of one run.
struct LevelAtEnd {
  Interval mean;  ///< mean across replications with its 95% confidence interval
  double p05 = 0;  ///< 5th and 95th percentiles across replications
  double p95 = 0;
};

/// What the headlines are made from.
struct HeadlineFacts {
  std::string series;  ///< stage id or "system"
  std::string label;   ///< "Crown Court trial list"
  std::string unit;    ///< "cases"
  std::string when;    ///< "30 September 2029" or "day 1,826"
  std::string start_when;        ///< when the first period ends (same style)
  double start_mean = 0;         ///< mean open caseload at the first period end
  int replications = 0;
  LevelAtEnd base;
  struct Scenario {
    std::string name;
    LevelAtEnd level;
    Interval delta;  ///< scenario - base, paired
  };
  std::vector<Scenario> scenarios;
  const BottleneckReport* bottlenecks = nullptr;
  std::string bottleneck_label;  ///< label of the top-ranked stage, if any
  std::string marginal_label;    ///< label of the most valuable priced stage, if any
};

/// Three to five sentences (fewer only when there is nothing to say, e.g. no bottleneck and
/// no scenario). Scenarios beyond the three largest absolute changes are left to the tables.
std::vector<Headline> headline_sentences(const HeadlineFacts& facts, const Disclosure& disclosure);

/// A date for a sentence: "30 September 2029".
std::string long_date(std::int64_t days_since_epoch);

/// A whole number with commas between groups of three digits: "61,300", "-1,200", "42".
std::string grouped_whole(double value);

/// A level for a sentence, rounded for reading: to the nearest 100 from 10,000, the nearest
/// 10 from 1,000, whole below; "<K" when suppressed.
std::string rounded_count(double value, const Disclosure& disclosure);

}  // namespace courtflow::analysis::report
