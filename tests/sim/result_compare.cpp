#include "tests/sim/result_compare.hpp"

#include <bit>
#include <cstdint>
#include <sstream>

namespace courtflow::sim::testing {
namespace {

class Comparer {
 public:
  void real(const std::string& field, double a, double b) {
    if (!diff_.empty()) return;
    if (std::bit_cast<std::uint64_t>(a) != std::bit_cast<std::uint64_t>(b)) note(field, a, b);
  }
  template <typename T>
  void exact(const std::string& field, T a, T b) {
    if (!diff_.empty()) return;
    if (a != b) note(field, a, b);
  }
  std::string result() const { return diff_; }

 private:
  template <typename T>
  void note(const std::string& field, T a, T b) {
    std::ostringstream out;
    out.precision(17);
    out << field << ": " << a << " vs " << b;
    diff_ = out.str();
  }
  std::string diff_;
};

void compare_type(Comparer& c, const std::string& where, const CaseTypeStats& a, const CaseTypeStats& b) {
  c.real(where + ".time_in_system_sum", a.time_in_system_sum, b.time_in_system_sum);
  c.exact(where + ".arrivals", a.arrivals, b.arrivals);
  c.exact(where + ".completed", a.completed, b.completed);
  c.exact(where + ".abandoned", a.abandoned, b.abandoned);
  c.exact(where + ".wip_end", a.wip_end, b.wip_end);
}

}  // namespace

std::string first_difference(const ReplicationResult& a, const ReplicationResult& b) {
  Comparer c;
  c.exact("replication", a.replication, b.replication);
  c.real("observed_days", a.observed_days, b.observed_days);
  c.exact("events", a.events, b.events);
  c.exact("stages.size", a.stages.size(), b.stages.size());
  for (std::size_t s = 0; s < a.stages.size() && s < b.stages.size(); ++s) {
    const StageStats& x = a.stages[s];
    const StageStats& y = b.stages[s];
    const std::string w = "stages[" + std::to_string(s) + "]";
    c.exact(w + ".infinite", x.infinite, y.infinite);
    c.real(w + ".busy_time", x.busy_time, y.busy_time);
    c.real(w + ".available_time", x.available_time, y.available_time);
    c.real(w + ".queue_area", x.queue_area, y.queue_area);
    c.real(w + ".wait_sum", x.wait_sum, y.wait_sum);
    c.exact(w + ".services_started", x.services_started, y.services_started);
    c.exact(w + ".arrivals", x.arrivals, y.arrivals);
    c.exact(w + ".completed", x.completed, y.completed);
    c.exact(w + ".abandoned", x.abandoned, y.abandoned);
    c.exact(w + ".wip_end", x.wip_end, y.wip_end);
    c.exact(w + ".waiting_end", x.waiting_end, y.waiting_end);
    c.real(w + ".wip_end_age_sum", x.wip_end_age_sum, y.wip_end_age_sum);
  }
  c.exact("case_types.size", a.case_types.size(), b.case_types.size());
  for (std::size_t t = 0; t < a.case_types.size() && t < b.case_types.size(); ++t) {
    compare_type(c, "case_types[" + std::to_string(t) + "]", a.case_types[t], b.case_types[t]);
  }
  compare_type(c, "system", a.system, b.system);
  c.exact("series.rows_per_period", a.series.rows_per_period, b.series.rows_per_period);
  c.real("series.age_threshold_days", a.series.age_threshold_days, b.series.age_threshold_days);
  c.exact("series.period_ends.size", a.series.period_ends.size(), b.series.period_ends.size());
  for (std::size_t p = 0; p < a.series.period_ends.size() && p < b.series.period_ends.size(); ++p) {
    c.real("series.period_ends[" + std::to_string(p) + "]", a.series.period_ends[p], b.series.period_ends[p]);
  }
  c.exact("series.values.size", a.series.values.size(), b.series.values.size());
  for (std::size_t i = 0; i < a.series.values.size() && i < b.series.values.size(); ++i) {
    c.real("series.values[" + std::to_string(i) + "]", a.series.values[i], b.series.values[i]);
  }
  return c.result();
}

}  // namespace courtflow::sim::testing
