// Bottleneck ranking by greedy selection: repeatedly take the remaining stage with the
// highest utilisation, letting a stage within kUtilisationTie of it win on a longer mean wait
// (then a longer mean queue; then model order). Greedy selection keeps the order total and
// deterministic where a "near-equal" sort comparator would not be a strict weak ordering. A
// closed stage (no server time after warm-up) with cases waiting ranks above every stage with
// a utilisation: nothing gets through it at all.
#include "analysis/bottleneck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "analysis/number_text.hpp"

namespace courtflow::analysis {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

double or_minus_inf(double value) { return std::isnan(value) ? kMinusInf : value; }

double or_minus_inf(const Interval& iv) { return iv.has_value() && std::isfinite(iv.mean) ? iv.mean : kMinusInf; }

constexpr double kPlusInf = std::numeric_limits<double>::infinity();

// The utilisation `s` ranks by (see ranking_utilisation); NaN for a pure delay.
double ranked_utilisation(const StageMeasures& s) {
  if (s.infinite) return std::nan("");
  return ranking_utilisation(s.utilisation.has_value() ? s.utilisation.mean : std::nan(""),
                             or_minus_inf(s.mean_queue_length));
}

bool closed_with_cases_waiting(const StageMeasures& s) { return ranked_utilisation(s) == kPlusInf; }

std::string describe(const StageMeasures& s, std::string_view lead, std::string_view unit) {
  if (closed_with_cases_waiting(s)) {
    return "closed: no server time after warm-up, with " + amount_text(s.mean_queue_length.mean) + " " +
           std::string(unit) + " waiting on average";
  }
  std::string text(lead);
  text += " (";
  text += fixed_text(s.utilisation.mean, 2);
  if (s.utilisation.n > 1 && s.utilisation.hi > s.utilisation.lo) {
    text += ", 95% CI " + fixed_text(s.utilisation.lo, 2) + "-" + fixed_text(s.utilisation.hi, 2);
  }
  text += ")";
  if (s.mean_wait_days.has_value()) {
    text += " with a mean wait of " + amount_text(s.mean_wait_days.mean) + " days";
  } else {
    text += " with no service started after warm-up";
  }
  if (s.mean_queue_length.has_value()) {
    text += " and " + amount_text(s.mean_queue_length.mean) + " " + std::string(unit) + " waiting on average";
  }
  return text;
}

}  // namespace

std::vector<std::size_t> rank_order(const std::vector<RankKey>& keys) {
  std::vector<std::size_t> left;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!std::isnan(keys[i].utilisation)) left.push_back(i);
  }
  std::vector<std::size_t> order;
  order.reserve(left.size());
  while (!left.empty()) {
    double top = kMinusInf;
    for (std::size_t i : left) top = std::max(top, keys[i].utilisation);
    std::size_t best = left.size();
    for (std::size_t k = 0; k < left.size(); ++k) {
      const RankKey& s = keys[left[k]];
      if (s.utilisation < top - kUtilisationTie) continue;  // with top +infinity: all but the closed
      if (best == left.size()) {
        best = k;
        continue;
      }
      const RankKey& b = keys[left[best]];
      const double sw = or_minus_inf(s.tie_break);
      const double bw = or_minus_inf(b.tie_break);
      if (sw > bw || (sw == bw && or_minus_inf(s.second_tie_break) > or_minus_inf(b.second_tie_break))) best = k;
    }
    order.push_back(left[best]);
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(best));
  }
  return order;
}

double ranking_utilisation(double utilisation, double waiting) {
  return std::isnan(utilisation) && waiting > 0 ? kPlusInf : utilisation;
}

std::optional<RankKey> rank_key(const StageMeasures& s) {
  const double utilisation = ranked_utilisation(s);
  if (std::isnan(utilisation)) return std::nullopt;
  return RankKey{utilisation, or_minus_inf(s.mean_wait_days), or_minus_inf(s.mean_queue_length)};
}

std::vector<RankedStage> rank_stages(const std::vector<StageMeasures>& stages, std::string_view count_unit) {
  const std::string_view unit = count_unit.empty() ? std::string_view("cases") : count_unit;
  std::vector<RankKey> keys;
  keys.reserve(stages.size());
  for (const StageMeasures& s : stages) {
    keys.push_back(rank_key(s).value_or(RankKey{std::nan(""), 0, 0}));
  }
  const std::vector<std::size_t> order = rank_order(keys);
  std::vector<RankedStage> ranking;
  ranking.reserve(order.size());
  for (std::size_t i : order) {
    const StageMeasures& chosen = stages[i];
    std::string lead = "utilisation";
    if (ranking.empty()) {
      // The first pick is the highest utilisation or, on a near-tie, within 0.01 of it.
      double top = kMinusInf;
      for (const RankKey& k : keys) {
        if (!std::isnan(k.utilisation)) top = std::max(top, k.utilisation);
      }
      lead = chosen.utilisation.mean == top ? "highest utilisation" : "utilisation within 0.01 of the highest";
    }
    ranking.push_back({chosen.id, chosen.utilisation.mean, describe(chosen, lead, unit)});
  }
  return ranking;
}

Bottleneck find_bottleneck(const std::vector<StageMeasures>& stages, std::string_view count_unit) {
  std::vector<RankedStage> ranking = rank_stages(stages, count_unit);
  if (ranking.empty()) return {std::nullopt, "no capacity-limited stage"};
  return {std::move(ranking.front().stage), std::move(ranking.front().reason)};
}

nlohmann::ordered_json to_json(const Bottleneck& bottleneck) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (bottleneck.stage) {
    j["stage"] = *bottleneck.stage;
  } else {
    j["stage"] = nullptr;
  }
  j["reason"] = bottleneck.reason;
  return j;
}

}  // namespace courtflow::analysis
