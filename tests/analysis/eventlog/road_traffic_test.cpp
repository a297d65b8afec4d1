// The road traffic fines sample (shared/data, a real log with completion dates only): the
// fitted model, simulated and measured like the log, reproduces the mean case duration within
// 10% and each activity's frequency per case within its own 95% interval, and within 10% where
// the log has enough events for 10% to mean anything (docs/examples/road-traffic-fines.md).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <vector>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/log_reader.hpp"
#include "analysis/interval.hpp"

namespace ev = courtflow::analysis::eventlog;

namespace {

/// Per activity, the variance across cases of the number of its events in a case (zeros
/// included). Activities that can repeat in a case (Payment) vary more than a 0/1 share.
std::map<std::string, double> per_case_count_variance(const ev::EventLog& log) {
  std::vector<double> sum(log.activities.size(), 0), sum_sq(log.activities.size(), 0);
  std::vector<double> in_case(log.activities.size(), 0);
  const auto& e = log.events;
  for (std::size_t i = 0; i < e.size();) {
    std::size_t j = i;
    while (j < e.size() && e[j].case_index == e[i].case_index) ++in_case[e[j++].activity];
    for (std::size_t a = 0; a < in_case.size(); ++a) {
      sum[a] += in_case[a];
      sum_sq[a] += in_case[a] * in_case[a];
      in_case[a] = 0;
    }
    i = j;
  }
  std::map<std::string, double> out;
  const auto n = static_cast<double>(log.case_count);
  for (std::size_t a = 0; a < sum.size(); ++a) {
    const double mean = sum[a] / n;
    out[log.activities[a]] = (sum_sq[a] - n * mean * mean) / (n - 1);
  }
  return out;
}

}  // namespace

TEST(RoadTrafficFines, FittedModelReproducesTheLog) {
  const std::string path = COURTFLOW_SHARED_DATA "/road_traffic_fines_sample.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  const ev::EventLog log = ev::read_event_log(path);
  ev::Calibration fit = ev::calibrate(log);
  ev::validate_calibration(fit, log);
  EXPECT_FALSE(fit.has_start);
  for (const ev::StageFit& s : fit.stages) EXPECT_TRUE(s.infinite) << s.id;
  ASSERT_TRUE(fit.validation.has_value());
  const ev::Validation& v = *fit.validation;
  EXPECT_NEAR(v.simulated.duration_mean, v.log.duration_mean, 0.10 * v.log.duration_mean);

  // Activity frequency per case. Both the log's frequency and the simulated one are means over
  // cases (4,965 in the log, about 24,600 simulated), so if the model is right their difference
  // has standard error sd * sqrt(1/n_log + 1/n_sim), sd the spread across cases of the
  // activity's count in a case (measured on the log). Every activity with at least 10 events
  // (fewer is below the disclosure threshold, and too few for a normal interval) must lie
  // within its 95% interval, taken jointly over the activities tested (Bonferroni: each at
  // 1 - 0.05/k), so that a right model passes with 95% probability whatever the number of
  // activities. Where the log's count is large enough for 10% to be three standard errors
  // (n >= 900), the 10% also holds.
  const std::map<std::string, double> variance = per_case_count_variance(log);
  std::vector<std::string> tested;
  for (const auto& [activity, n] : v.log.activity_counts) {
    if (n >= 10) tested.push_back(activity);
  }
  ASSERT_EQ(tested.size(), log.activities.size()) << "every activity of this log has at least 10 events";
  const double z = courtflow::analysis::normal_quantile(1 - 0.05 / (2.0 * static_cast<double>(tested.size())));
  const double n_log = static_cast<double>(v.log.cases), n_sim = static_cast<double>(v.simulated.cases);
  for (const std::string& activity : tested) {
    const double per_case = v.log.activity_per_case.at(activity);
    const double simulated =
        v.simulated.activity_per_case.count(activity) ? v.simulated.activity_per_case.at(activity) : 0;
    const double se = std::sqrt(variance.at(activity) * (1 / n_log + 1 / n_sim));
    EXPECT_NEAR(simulated, per_case, z * se) << activity << " (" << v.log.activity_counts.at(activity) << " events)";
    if (v.log.activity_counts.at(activity) >= 900) {
      EXPECT_NEAR(simulated, per_case, 0.10 * per_case) << activity;
    }
  }
}
