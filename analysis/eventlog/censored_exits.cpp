// EM for the exits among censored case ends (censored_exits.hpp).

#include "analysis/eventlog/censored_exits.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace courtflow::analysis::eventlog {
namespace {

constexpr int kMaxIterations = 10000;
constexpr double kTolerance = 1e-10;
constexpr double kZeroShare = 1e-9;

}  // namespace

ExitChances exit_chances(const Departures& d) {
  const std::size_t groups = d.observed.size();
  ExitChances out;
  out.q.assign(d.ends.size(), 1.0);
  out.p_exit.assign(groups, 1.0);
  std::vector<double> ends_in(groups, 0);
  for (const Departures::End& e : d.ends) ends_in[e.group] += 1;
  // M-step for p: the expected exits over the departures, per group.
  auto update_p = [&] {
    std::vector<double> exits(groups, 0);
    for (std::size_t i = 0; i < d.ends.size(); ++i) exits[d.ends[i].group] += out.q[i];
    for (std::size_t g = 0; g < groups; ++g) {
      const double departures = static_cast<double>(d.observed[g]) + ends_in[g];
      out.p_exit[g] = departures > 0 ? exits[g] / departures : 1.0;
    }
  };
  std::vector<double> gaps = d.gaps;
  std::sort(gaps.begin(), gaps.end());
  // The ends that might still be followed: censored before the longest observed gap (beyond it
  // S is 0 and q stays 1).
  std::vector<std::size_t> open;
  if (!gaps.empty()) {
    for (std::size_t i = 0; i < d.ends.size(); ++i) {
      if (d.ends[i].censored_at < gaps.back()) open.push_back(i);
    }
  }
  update_p();
  if (open.empty()) return out;
  // Ends with the same censoring time and group share their q: EM runs over the distinct
  // (time, group) pairs, with their multiplicity (dates-only logs have many ties).
  std::sort(open.begin(), open.end(), [&](std::size_t x, std::size_t y) {
    return std::pair(d.ends[x].censored_at, d.ends[x].group) < std::pair(d.ends[y].censored_at, d.ends[y].group);
  });
  std::vector<double> censored_at, multiplicity, q;
  std::vector<std::uint32_t> group;
  std::vector<std::size_t> key_of(open.size());
  for (std::size_t k = 0; k < open.size(); ++k) {
    const Departures::End& e = d.ends[open[k]];
    if (censored_at.empty() || e.censored_at != censored_at.back() || e.group != group.back()) {
      censored_at.push_back(e.censored_at);
      group.push_back(e.group);
      multiplicity.push_back(0);
      q.push_back(1);
    }
    multiplicity.back() += 1;
    key_of[k] = censored_at.size() - 1;
  }
  const std::size_t keys = censored_at.size();

  // The distinct observed gaps, how many ended there, and how many gaps were at least that long.
  std::vector<double> times, deaths, gaps_at_risk;
  for (std::size_t i = 0; i < gaps.size();) {
    std::size_t j = i;
    while (j < gaps.size() && gaps[j] == gaps[i]) ++j;
    times.push_back(gaps[i]);
    deaths.push_back(static_cast<double>(j - i));
    gaps_at_risk.push_back(static_cast<double>(gaps.size() - i));
    i = j;
  }
  // For each distinct gap, the first open end still at risk there (censored at or after it: a
  // case censored at c is known to have had no next event by c).
  std::vector<std::size_t> first_at_risk(times.size());
  for (std::size_t j = 0; j < times.size(); ++j) {
    first_at_risk[j] = static_cast<std::size_t>(std::lower_bound(censored_at.begin(), censored_at.end(), times[j]) -
                                                censored_at.begin());
  }
  // Expected exits among the ends that are certainly exits (q = 1 throughout), per group.
  std::vector<double> settled_exits(groups, 0);
  for (const Departures::End& e : d.ends) settled_exits[e.group] += 1;
  for (std::size_t k = 0; k < keys; ++k) settled_exits[group[k]] -= multiplicity[k];
  auto update_p_from_keys = [&] {
    std::vector<double> exits = settled_exits;
    for (std::size_t k = 0; k < keys; ++k) exits[group[k]] += multiplicity[k] * q[k];
    for (std::size_t g = 0; g < groups; ++g) {
      const double departures = static_cast<double>(d.observed[g]) + ends_in[g];
      out.p_exit[g] = departures > 0 ? exits[g] / departures : 1.0;
    }
  };
  auto finish = [&] {
    for (std::size_t k = 0; k < open.size(); ++k) out.q[open[k]] = q[key_of[k]];
    update_p();
    return out;
  };

  std::vector<double> weight_from(keys + 1, 0);  // sum of (1 - q) over open ends from key k on (suffix)
  std::vector<double> survival(keys);            // S at each key's censoring time
  for (out.iterations = 1; out.iterations <= kMaxIterations; ++out.iterations) {
    // M-step for S: weighted Kaplan-Meier, the open ends at risk with weight 1 - q.
    for (std::size_t k = keys; k-- > 0;) weight_from[k] = weight_from[k + 1] + multiplicity[k] * (1 - q[k]);
    double s = 1;
    std::size_t j = 0;
    for (std::size_t k = 0; k < keys; ++k) {
      for (; j < times.size() && times[j] <= censored_at[k]; ++j) {
        s *= 1 - deaths[j] / (gaps_at_risk[j] + weight_from[first_at_risk[j]]);
      }
      survival[k] = s;
    }
    // E-step: each open end's chance of being an exit.
    double change = 0;
    for (std::size_t k = 0; k < keys; ++k) {
      const double p = out.p_exit[group[k]];
      const double denominator = p + (1 - p) * survival[k];
      const double next = denominator > 0 ? p / denominator : 1.0;
      change = std::max(change, std::fabs(next - q[k]));
      q[k] = next;
    }
    update_p_from_keys();
    if (change < kTolerance) {
      // A share of exits that converged to 0 (every end read as still open, as when all ends
      // fall on the extract's last day) is 0: the maximum on the boundary, which EM only nears.
      for (std::size_t k = 0; k < keys; ++k) {
        if (out.p_exit[group[k]] < kZeroShare) q[k] = 0;
      }
      return finish();
    }
  }
  out.iterations = kMaxIterations;
  out.converged = false;
  return finish();
}

}  // namespace courtflow::analysis::eventlog
