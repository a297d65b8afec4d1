// The headline sentences (see headlines.hpp).
#include "analysis/report/headlines.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/number_text.hpp"
#include "models/dates.hpp"

namespace courtflow::analysis::report {
namespace {

constexpr std::size_t kMostScenarioSentences = 3;
constexpr std::size_t kMostSentences = 5;

std::string raw(double value) {
  if (!std::isfinite(value)) return "";
  return fixed_text(value, 6);
}

bool suppressed(double value, const Disclosure& d) {
  return d.threshold > 0 && std::isfinite(value) && std::fabs(value) < d.threshold;
}

// "57,000 and 65,000", for "between ... ".
std::string level_range(double lo, double hi, const Disclosure& d) {
  return rounded_count(lo, d) + " and " + rounded_count(hi, d);
}

std::string level_phrase(const LevelAtEnd& level, const HeadlineFacts& f, const Disclosure& d) {
  return rounded_count(level.mean.mean, d) + " " + f.unit + " (90% of the " + std::to_string(f.replications) +
         " simulated runs between " + level_range(level.p05, level.p95, d) + ")";
}

// "6,200 fewer cases (95% confidence interval 5,800 to 6,600 fewer)".
std::string change_phrase(const Interval& delta, const std::string& unit, const Disclosure& d) {
  if (!delta.has_value()) return "a change that cannot be estimated";
  const bool clear = delta.n > 1 && (delta.lo > 0 || delta.hi < 0);
  if (!clear) {
    return "no clear change (" + rounded_count(delta.mean, d) + " " + unit + "; the 95% confidence interval, " +
           rounded_count(delta.lo, d) + " to " + rounded_count(delta.hi, d) + ", includes zero)";
  }
  const bool fewer = delta.mean < 0;
  const std::string word = fewer ? " fewer" : " more";
  const double a = fewer ? -delta.hi : delta.lo;
  const double b = fewer ? -delta.lo : delta.hi;
  return rounded_count(std::fabs(delta.mean), d) + word + " " + unit + " (95% confidence interval " +
         rounded_count(a, d) + " to " + rounded_count(b, d) + word + ")";
}

// The first letter in upper case, for a label that opens a sentence.
std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// A label inside a sentence: "trial list" for "Trial list", but "Crown Court trial list" kept
// (a first word followed by another capitalised word is taken to be part of a name).
std::string in_sentence(std::string label) {
  const std::size_t space = label.find(' ');
  const bool name = space != std::string::npos && space + 1 < label.size() && label[space + 1] >= 'A' &&
                    label[space + 1] <= 'Z';
  if (!name && !label.empty() && label[0] >= 'A' && label[0] <= 'Z' && (label.size() < 2 || label[1] >= 'a')) {
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  }
  return label;
}

}  // namespace

std::string grouped_whole(double value) {
  std::string text = fixed_text(std::round(value), 0);
  const std::size_t first = text.front() == '-' ? 1 : 0;
  for (std::size_t end = text.size(); end > first + 3; end -= 3) text.insert(end - 3, 1, ',');
  return text;
}

std::string long_date(std::int64_t days_since_epoch) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  const models::CivilDate date = models::civil_from_days(days_since_epoch);
  return std::to_string(date.day) + " " + kMonths[date.month - 1] + " " + std::to_string(date.year);
}

std::string rounded_count(double value, const Disclosure& disclosure) {
  if (!std::isfinite(value)) return "not defined";
  if (suppressed(value, disclosure)) return "<" + std::to_string(disclosure.threshold);
  const double size = std::fabs(value);
  const double step = size >= 10000 ? 100 : size >= 1000 ? 10 : 1;
  const double rounded = std::round(value / step) * step;
  return grouped_whole(rounded);
}

std::vector<Headline> headline_sentences(const HeadlineFacts& f, const Disclosure& d) {
  std::vector<Headline> out;
  // "the Crown Court outstanding caseload" (a group that says what it counts), else "the
  // trial list open caseload".
  const bool says_caseload = f.label.find("caseload") != std::string::npos;
  const std::string subject = "the " + in_sentence(f.label) + (says_caseload ? "" : " open caseload");

  // 1. Where the key caseload goes with no change.
  {
    Headline h;
    h.text = "With no change, " + subject + " is projected to be " + level_phrase(f.base, f, d) + " on " + f.when +
             ", from about " + rounded_count(f.start_mean, d) + " on " + f.start_when + ".";
    h.data = {{"kind", "base"},          {"series", f.series},
              {"base-mean", raw(f.base.mean.mean)}, {"base-p05", raw(f.base.p05)},
              {"base-p95", raw(f.base.p95)}};
    out.push_back(std::move(h));
  }

  // 2. The scenarios with the largest effects, in the order given.
  std::vector<std::size_t> order(f.scenarios.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double da = f.scenarios[a].delta.has_value() ? std::fabs(f.scenarios[a].delta.mean) : -1;
    const double db = f.scenarios[b].delta.has_value() ? std::fabs(f.scenarios[b].delta.mean) : -1;
    return da > db;
  });
  if (order.size() > kMostScenarioSentences) order.resize(kMostScenarioSentences);
  std::sort(order.begin(), order.end());
  for (std::size_t i : order) {
    const HeadlineFacts::Scenario& s = f.scenarios[i];
    Headline h;
    h.text = "With the scenario \u201c" + s.name + "\u201d, " + subject + " is projected to be " +
             level_phrase(s.level, f, d) + " on " + f.when + ", against " + rounded_count(f.base.mean.mean, d) +
             " with no change: " + change_phrase(s.delta, f.unit, d) + ".";
    h.data = {{"kind", "scenario"},
              {"scenario", s.name},
              {"series", f.series},
              {"base-mean", raw(f.base.mean.mean)},
              {"scenario-mean", raw(s.level.mean.mean)},
              {"scenario-p05", raw(s.level.p05)},
              {"scenario-p95", raw(s.level.p95)},
              {"delta-mean", raw(s.delta.mean)},
              {"delta-lo", raw(s.delta.lo)},
              {"delta-hi", raw(s.delta.hi)}};
    out.push_back(std::move(h));
  }

  // 3. The bottleneck, and what more capacity there is worth.
  const BottleneckReport* b = f.bottlenecks;
  if (b != nullptr && out.size() < kMostSentences) {
    Headline h;
    if (b->ledger.ranking.empty()) {
      h.text = "No stage is limited by capacity (every stage is modelled as a pure delay), so the model shows no "
               "bottleneck and extra capacity would change nothing.";
      h.data = {{"kind", "bottleneck"}, {"stage", ""}};
    } else {
      const LedgerRank& top = b->ledger.ranking.front();
      const LedgerRow& row = b->ledger.rows[top.row];
      h.text = capitalised(f.bottleneck_label) + " is the bottleneck: " + top.reason + ".";
      h.data = {{"kind", "bottleneck"}, {"stage", row.stage}};
    }
    out.push_back(std::move(h));
  }
  if (b != nullptr && !b->marginal.empty() && out.size() < kMostSentences) {
    const MarginalEntry& m = b->marginal.front();
    const Interval& t = m.delta.mean_time_in_system_days;
    Headline h;
    std::string effect;
    if (!t.has_value()) {
      effect = "an effect on the time cases spend in the system that cannot be estimated";
    } else if (t.n > 1 && (t.lo > 0 || t.hi < 0)) {
      const bool shorter = t.mean < 0;
      effect = "would make the mean time a case spends in the system " + days_text(std::fabs(t.mean)) + " days " +
               (shorter ? "shorter" : "longer") + " (95% confidence interval " +
               days_text(shorter ? -t.hi : t.lo) + " to " + days_text(shorter ? -t.lo : t.hi) + ")";
    } else {
      effect = "would make no clear difference to the mean time a case spends in the system (" +
               fixed_text(t.mean, 1) + " days; 95% confidence interval " + fixed_text(t.lo, 1) + " to " +
               fixed_text(t.hi, 1) + ")";
    }
    h.text = "Adding " + std::to_string(m.added_servers) + (m.added_servers == 1 ? " server" : " servers") +
             " at the " + in_sentence(f.marginal_label) + " (on top of about " + grouped_whole(m.mean_servers) + ") " + effect + ".";
    h.data = {{"kind", "marginal"},
              {"stage", b->ledger.rows[m.stage].stage},
              {"delta-mean", raw(t.mean)},
              {"delta-lo", raw(t.lo)},
              {"delta-hi", raw(t.hi)}};
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace courtflow::analysis::report
