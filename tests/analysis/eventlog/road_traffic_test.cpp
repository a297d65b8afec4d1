// The road traffic fines sample (shared/data, a real log with completion dates only): the
// fitted model, simulated and measured like the log, reproduces the mean case duration and
// EVERY activity's frequency per case within the flat 10%
// (docs/examples/road-traffic-fines.md).
//
// Why 10% is a fair bar for every activity, rare ones included. The fitted routing is the
// maximum-likelihood directly-follows chain, so the fitted model's expected number of events
// of an activity per case equals the log's own frequency (the log's counts solve the chain's
// visit equations), and the expected case duration is the log's mean (each stage's fitted
// duration keeps the observed mean). The log's sampling noise does not enter: the model is
// fitted to this very log. What separates the simulated figures from the log's is simulation
// noise, of standard error sd / sqrt(n_sim) (sd the spread across simulated cases of the
// activity's count in a case), plus any bias of the fit. validate_calibration simulates
// enough cases for that standard error to be about 3% of the frequency of the rarest activity
// with at least 10 events: here 93 replications, about 462,000 cases and 1.6 million events,
// which puts Appeal to Judge (12 events in the log, 0.0024 per case) at a standard error of
// 3.0%, the two with 31 events at 2.0% and every other activity at 1.0% or less. 10% is then over three standard errors for
// each tested activity (checked below, so that a smaller validation cannot make the test
// meaningless), and a right model fails with probability under 0.1% per activity.
//
// What the run shows (seed 12345): every activity within 0.9 standard errors of the log (the
// largest, Appeal to Judge, +1.6%), the expected-equals-observed argument holding. The two
// 31-event appeal steps, Receive Result Appeal from Prefecture and Notify Result Appeal to
// Offender, were +7.5% and +6.8% (3.8 and 3.4 standard errors) when calibrate left out every
// transition later than the end minus the 99th percentile of the time to the next event: 13
// of the 105 Send Appeal to Prefecture events fall on one day, 92 days before the end, and end
// their cases, so Send Appeal -> Receive Result became 16/92 instead of 16/105. Now each such
// end is an exit by its chance of being one (censored_exits.hpp): Receive Result follows Send
// Appeal within 141 days at most and mostly well within 92, so the 13 are exits with
// probability 0.97 each, Send Appeal -> Receive Result is 15.5%, and the two steps come out
// at +0.0% and -0.4%.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

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
  const double n_sim = static_cast<double>(v.simulated.cases);

  // Mean case duration.
  const double duration_se = v.simulated.duration_sd / std::sqrt(n_sim);
  EXPECT_LE(3 * duration_se, 0.10 * v.log.duration_mean) << "too few simulated cases for 10% to mean anything";
  EXPECT_NEAR(v.simulated.duration_mean, v.log.duration_mean, 0.10 * v.log.duration_mean);

  // Every activity: all eleven of this log have at least 10 events (fewer would be below the
  // disclosure threshold, and the validation does not size itself for them).
  ASSERT_EQ(v.log.activity_counts.size(), log.activities.size());
  for (const auto& [activity, n] : v.log.activity_counts) {
    ASSERT_GE(n, 10u) << activity;
    const double per_case = v.log.activity_per_case.at(activity);
    ASSERT_TRUE(v.simulated.activity_per_case.count(activity)) << activity << " never simulated";
    const double simulated = v.simulated.activity_per_case.at(activity);
    const double se = v.simulated.activity_per_case_sd.at(activity) / std::sqrt(n_sim);
    EXPECT_LE(3 * se, 0.10 * per_case) << activity << ": too few simulated cases for 10% to be three standard errors";
    EXPECT_NEAR(simulated, per_case, 0.10 * per_case) << activity << " (" << n << " events)";
    // And within noise: the fitted chain's expected frequency is the log's (up to the case ends
    // weighed as still open, under half a case here), so the simulated one is off by the
    // simulation's error alone. 3.32 standard errors is a two-sided 1% chance of a false alarm
    // over the eleven activities (Bonferroni). The 99th-percentile rule calibrate used before
    // fails it: Receive Result and Notify Result Appeal came out 3.8 and 3.4 errors high.
    EXPECT_NEAR(simulated, per_case, 3.32 * se) << activity << " (" << n << " events): off by more than noise";
  }
}
