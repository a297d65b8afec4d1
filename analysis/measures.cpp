// Reduces per-replication statistics to Intervals. Each measure is computed per replication
// first (ratios such as utilisation are taken within a replication, then averaged), which is
// what makes replications independent samples for the Student-t interval.
#include "analysis/measures.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <utility>

namespace courtflow::analysis {
namespace {

double as_double(std::uint64_t count) { return static_cast<double>(count); }

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

FlowMeasures flow(const sim::ReplicationSet& set, std::string id,
                  const std::function<const sim::CaseTypeStats*(const sim::ReplicationResult&)>& pick) {
  // Every flow measure is a count or a time: never below 0.
  const auto get = [&](auto field) {
    return within(across(set, [&](const sim::ReplicationResult& r) {
                    const sim::CaseTypeStats* s = pick(r);
                    return s == nullptr ? std::nan("") : field(*s);
                  }),
                  0, kUnbounded);
  };
  FlowMeasures m;
  m.id = std::move(id);
  m.mean_time_in_system_days = get([](const sim::CaseTypeStats& s) { return s.mean_time_in_system(); });
  m.completed = get([](const sim::CaseTypeStats& s) { return as_double(s.completed); });
  m.abandoned = get([](const sim::CaseTypeStats& s) { return as_double(s.abandoned); });
  m.wip_end = get([](const sim::CaseTypeStats& s) { return as_double(s.wip_end); });
  m.arrivals = get([](const sim::CaseTypeStats& s) { return as_double(s.arrivals); });
  return m;
}

}  // namespace

std::vector<StageMeasures> measure_stages(const sim::ReplicationSet& set, const sim::Network& network) {
  std::vector<StageMeasures> out;
  out.reserve(network.stages.size());
  for (std::size_t i = 0; i < network.stages.size(); ++i) {
    // Every stage measure is a count, a time, a length or a rate: never below 0.
    const auto get = [&](auto field) {
      return within(across(set, [&](const sim::ReplicationResult& r) {
                      return i < r.stages.size() ? field(r.stages[i], r.observed_days) : std::nan("");
                    }),
                    0, kUnbounded);
    };
    StageMeasures m;
    m.id = network.stages[i].name;
    m.infinite = network.stages[i].infinite;
    m.utilisation = within(get([](const sim::StageStats& s, double) { return s.utilisation(); }), 0, 1);
    m.mean_wait_days = get([](const sim::StageStats& s, double) { return s.mean_wait(); });
    m.mean_queue_length = get([](const sim::StageStats& s, double d) { return s.mean_queue_length(d); });
    m.throughput_per_day = get([](const sim::StageStats& s, double d) { return s.throughput_per_day(d); });
    m.completed = get([](const sim::StageStats& s, double) { return as_double(s.completed); });
    m.abandoned = get([](const sim::StageStats& s, double) { return as_double(s.abandoned); });
    m.wip_end = get([](const sim::StageStats& s, double) { return as_double(s.wip_end); });
    m.arrivals = get([](const sim::StageStats& s, double) { return as_double(s.arrivals); });
    m.waiting_end = get([](const sim::StageStats& s, double) { return as_double(s.waiting_end); });
    m.mean_age_wip_end_days = get([](const sim::StageStats& s, double) {
      return s.wip_end == 0 ? std::nan("") : s.wip_end_age_sum / as_double(s.wip_end);
    });
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<FlowMeasures> measure_case_types(const sim::ReplicationSet& set, const sim::Network& network) {
  std::vector<FlowMeasures> out;
  out.reserve(network.case_types.size());
  for (std::size_t i = 0; i < network.case_types.size(); ++i) {
    out.push_back(flow(set, network.case_types[i].name, [i](const sim::ReplicationResult& r) {
      return i < r.case_types.size() ? &r.case_types[i] : nullptr;
    }));
  }
  return out;
}

FlowMeasures measure_system(const sim::ReplicationSet& set) {
  return flow(set, std::string(), [](const sim::ReplicationResult& r) { return &r.system; });
}

}  // namespace courtflow::analysis
