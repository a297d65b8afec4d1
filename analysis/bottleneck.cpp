// Bottleneck ranking by greedy selection: repeatedly take the remaining stage with the
// highest utilisation, letting a stage within kUtilisationTie of it win on a longer mean wait
// (then a longer mean queue; then model order). Greedy selection keeps the order total and
// deterministic where a "near-equal" sort comparator would not be a strict weak ordering.
#include "analysis/bottleneck.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <locale>
#include <sstream>
#include <utility>

namespace courtflow::analysis {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

double or_minus_inf(const Interval& iv) { return iv.has_value() && std::isfinite(iv.mean) ? iv.mean : kMinusInf; }

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// "0.04", "12.3", "221": two decimals below 1, one below 100, whole numbers above.
std::string amount(double value) {
  const double size = std::fabs(value);
  return fixed(value, size < 1 && value != 0 ? 2 : size < 100 ? 1 : 0);
}

std::string describe(const StageMeasures& s, std::string_view lead, std::string_view unit) {
  std::string text(lead);
  text += " (";
  text += fixed(s.utilisation.mean, 2);
  if (s.utilisation.n > 1 && s.utilisation.hi > s.utilisation.lo) {
    text += ", 95% CI " + fixed(s.utilisation.lo, 2) + "-" + fixed(s.utilisation.hi, 2);
  }
  text += ")";
  if (s.mean_wait_days.has_value()) {
    text += " with a mean wait of " + amount(s.mean_wait_days.mean) + " days";
  } else {
    text += " with no service started after warm-up";
  }
  if (s.mean_queue_length.has_value()) {
    text += " and " + amount(s.mean_queue_length.mean) + " " + std::string(unit) + " waiting on average";
  }
  return text;
}

}  // namespace

std::vector<RankedStage> rank_stages(const std::vector<StageMeasures>& stages, std::string_view count_unit) {
  const std::string_view unit = count_unit.empty() ? std::string_view("cases") : count_unit;
  std::vector<const StageMeasures*> left;
  for (const StageMeasures& s : stages) {
    if (!s.infinite && s.utilisation.has_value() && std::isfinite(s.utilisation.mean)) left.push_back(&s);
  }
  std::vector<RankedStage> ranking;
  while (!left.empty()) {
    double top = kMinusInf;
    for (const StageMeasures* s : left) top = std::max(top, s->utilisation.mean);
    std::size_t best = left.size();
    for (std::size_t i = 0; i < left.size(); ++i) {
      const StageMeasures& s = *left[i];
      if (s.utilisation.mean < top - kUtilisationTie) continue;
      if (best == left.size()) {
        best = i;
        continue;
      }
      const StageMeasures& b = *left[best];
      const double sw = or_minus_inf(s.mean_wait_days);
      const double bw = or_minus_inf(b.mean_wait_days);
      if (sw > bw || (sw == bw && or_minus_inf(s.mean_queue_length) > or_minus_inf(b.mean_queue_length))) best = i;
    }
    const StageMeasures& chosen = *left[best];
    std::string lead;
    if (ranking.empty()) {
      lead = chosen.utilisation.mean == top ? "highest utilisation" : "utilisation within 0.01 of the highest";
    } else {
      lead = "utilisation";
    }
    ranking.push_back({chosen.id, chosen.utilisation.mean, describe(chosen, lead, unit)});
    left.erase(left.begin() + static_cast<std::ptrdiff_t>(best));
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
