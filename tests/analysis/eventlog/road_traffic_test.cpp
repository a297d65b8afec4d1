// The road traffic fines sample (shared/data, a real log with completion dates only): the
// fitted model, simulated and measured like the log, reproduces the mean case duration and
// each activity's frequency per case within 10% (docs/examples/road-traffic-fines.md).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/log_reader.hpp"

namespace ev = courtflow::analysis::eventlog;

TEST(RoadTrafficFines, FittedModelReproducesTheLogWithinTenPercent) {
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
  for (const auto& [activity, per_case] : v.log.activity_per_case) {
    // Held to 10% where the log's own count is large enough for 10% to be three standard
    // errors of it (a count of n has relative standard error 1/sqrt(n): n >= 900). Rarer
    // activities (appeals, 12 to 107 events) are compared in the report, not held here.
    if (v.log.activity_counts.at(activity) < 900) continue;
    const double simulated = v.simulated.activity_per_case.count(activity) ? v.simulated.activity_per_case.at(activity) : 0;
    EXPECT_NEAR(simulated, per_case, 0.10 * per_case) << activity;
  }
}
