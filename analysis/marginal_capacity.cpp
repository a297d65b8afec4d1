// Marginal value of capacity (marginal_capacity.hpp): parsing --add, raising a capacity
// schedule, and paired (common-random-number) differences between two runs.
#include "analysis/marginal_capacity.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "analysis/number_text.hpp"

namespace courtflow::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxServersAdded = 1e6;
constexpr double kMaxPercent = 1000;

template <class Get>
Interval paired(const sim::ReplicationSet& base, const sim::ReplicationSet& scenario, Get get) {
  const std::size_t n = std::min(base.replications.size(), scenario.replications.size());
  std::vector<double> values;
  values.reserve(n);
  for (std::size_t i = 0; i < n; ++i) values.push_back(get(scenario.replications[i]) - get(base.replications[i]));
  return interval(values);
}

}  // namespace

std::string AddServers::text() const {
  if (!percent) return fixed_text(amount, 0);
  // Shortest of up to 6 significant digits: "10%", "2.5%".
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, amount, std::chars_format::general, 6);
  return std::string(buffer, result.ptr) + "%";
}

std::optional<AddServers> parse_add_servers(std::string_view text) {
  AddServers add;
  if (!text.empty() && text.back() == '%') {
    add.percent = true;
    text.remove_suffix(1);
  }
  if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  if (add.percent) {
    if (!(value > 0 && value <= kMaxPercent)) return std::nullopt;
  } else if (!(value >= 1 && value <= kMaxServersAdded && value == std::trunc(value))) {
    return std::nullopt;
  }
  add.amount = value;
  return add;
}

std::int64_t servers_to_add(const AddServers& add, double mean_servers) {
  if (!add.percent) return static_cast<std::int64_t>(add.amount);
  const double k = std::ceil(add.amount / 100 * std::max(mean_servers, 0.0) - 1e-9);
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::min(k, kMaxServersAdded)));
}

sim::Network with_added_servers(sim::Network network, std::size_t stage, std::int64_t k) {
  for (sim::CapacityStep& step : network.stages.at(stage).capacity) step.servers += k;
  return network;
}

PairedDelta paired_delta(const sim::ReplicationSet& base, const sim::ReplicationSet& scenario, std::size_t stage) {
  PairedDelta d;
  d.mean_time_in_system_days =
      paired(base, scenario, [](const sim::ReplicationResult& r) { return r.system.mean_time_in_system(); });
  d.wip_end = paired(base, scenario, [](const sim::ReplicationResult& r) { return static_cast<double>(r.system.wip_end); });
  d.completed =
      paired(base, scenario, [](const sim::ReplicationResult& r) { return static_cast<double>(r.system.completed); });
  d.stage_mean_wait_days = paired(base, scenario, [stage](const sim::ReplicationResult& r) {
    return stage < r.stages.size() ? r.stages[stage].mean_wait() : kNaN;
  });
  d.stage_utilisation = paired(base, scenario, [stage](const sim::ReplicationResult& r) {
    return stage < r.stages.size() ? r.stages[stage].utilisation() : kNaN;
  });
  d.stage_abandoned = paired(base, scenario, [stage](const sim::ReplicationResult& r) {
    return stage < r.stages.size() ? static_cast<double>(r.stages[stage].abandoned) : kNaN;
  });
  return d;
}

std::optional<std::string> check_marginal_stages(const sim::Network& network, const std::vector<std::string>& ids) {
  std::string limited;
  for (const sim::StageSpec& s : network.stages) {
    if (s.infinite) continue;
    limited += limited.empty() ? "" : ", ";
    limited += s.name;
  }
  if (limited.empty()) limited = "none";
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const std::string& id = ids[k];
    if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), id) != ids.begin() + static_cast<std::ptrdiff_t>(k)) {
      return "stage '" + id + "' is listed twice";
    }
    const auto it = std::find_if(network.stages.begin(), network.stages.end(),
                                 [&](const sim::StageSpec& s) { return s.name == id; });
    if (it == network.stages.end()) {
      return "unknown stage '" + id + "' (capacity-limited stages: " + limited + ")";
    }
    if (it->infinite) {
      return "stage '" + id + "' is a pure delay (servers \"infinite\"): extra servers change nothing there " +
             "(capacity-limited stages: " + limited + ")";
    }
  }
  return std::nullopt;
}

}  // namespace courtflow::analysis
