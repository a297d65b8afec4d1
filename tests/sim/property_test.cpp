// Invariants on random small networks (random_network.hpp), one network per seed:
//   - conservation (warm-up 0): per case type, per stage and for the system,
//     arrivals + initial work = completed + abandoned + work in progress at the end;
//   - the period series add up to the run totals, the last snapshot is the end state, and the
//     snapshot metrics (ages, cases over the age threshold, utilisation per period) are
//     consistent;
//   - waits >= 0, queue areas >= 0, utilisation in [0, 1], busy <= available server-time,
//     also with a warm-up;
//   - the same (seed, replication) twice gives identical results; another seed differs.
// FIFO within a priority level is not observable from aggregate results of random networks;
// engine_test.cpp checks it on deterministic networks instead.

#include <gtest/gtest.h>

#include <cmath>

#include "sim/replications.hpp"
#include "tests/sim/random_network.hpp"
#include "tests/sim/result_compare.hpp"

namespace courtflow::sim::testing {
namespace {

class RandomNetwork : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  void SetUp() override { rc_ = random_network(GetParam()); }

  std::string describe() const {
    const Network& n = rc_.network;
    return "seed " + std::to_string(GetParam()) + ": " + std::to_string(n.stages.size()) + " stages, " +
           std::to_string(n.case_types.size()) + " types, " + std::to_string(n.routes.size()) + " routes, " +
           std::to_string(n.arrivals.size()) + " arrival streams, " + std::to_string(n.initial_wip.size()) +
           " initial-work entries, horizon " + std::to_string(rc_.config.horizon);
  }

  RandomCase rc_;
};

constexpr std::uint64_t kRunSeed = 7;

TEST_P(RandomNetwork, CasesAreConserved) {
  SCOPED_TRACE(describe());
  const Network& net = rc_.network;
  for (int rep = 0; rep < 3; ++rep) {
    const ReplicationResult r = run_replication(net, rc_.config, kRunSeed, rep);
    std::vector<std::uint64_t> initial_by_type(net.case_types.size(), 0);
    std::vector<std::uint64_t> initial_by_stage(net.stages.size(), 0);
    std::uint64_t initial = 0;
    for (const InitialWipSpec& w : net.initial_wip) {
      initial_by_type[static_cast<std::size_t>(w.case_type)] += static_cast<std::uint64_t>(w.count);
      initial_by_stage[static_cast<std::size_t>(w.stage)] += static_cast<std::uint64_t>(w.count);
      initial += static_cast<std::uint64_t>(w.count);
    }
    std::uint64_t type_arrivals = 0, type_completed = 0, type_abandoned = 0, type_wip = 0;
    for (std::size_t t = 0; t < r.case_types.size(); ++t) {
      const CaseTypeStats& c = r.case_types[t];
      EXPECT_EQ(c.arrivals + initial_by_type[t], c.completed + c.abandoned + c.wip_end) << "case type " << t;
      type_arrivals += c.arrivals;
      type_completed += c.completed;
      type_abandoned += c.abandoned;
      type_wip += c.wip_end;
    }
    EXPECT_EQ(r.system.arrivals + initial, r.system.completed + r.system.abandoned + r.system.wip_end);
    EXPECT_EQ(type_arrivals, r.system.arrivals);
    EXPECT_EQ(type_completed, r.system.completed);
    EXPECT_EQ(type_abandoned, r.system.abandoned);
    EXPECT_EQ(type_wip, r.system.wip_end);
    std::uint64_t stage_wip = 0;
    for (std::size_t s = 0; s < r.stages.size(); ++s) {
      const StageStats& st = r.stages[s];
      EXPECT_EQ(st.arrivals + initial_by_stage[s], st.completed + st.abandoned + st.wip_end) << "stage " << s;
      stage_wip += st.wip_end;
    }
    EXPECT_EQ(stage_wip, r.system.wip_end);
  }
}

TEST_P(RandomNetwork, PeriodSeriesAddUpToTotals) {
  SCOPED_TRACE(describe());
  const ReplicationResult r = run_replication(rc_.network, rc_.config, kRunSeed, 0);
  const PeriodSeries& series = r.series;
  const std::size_t n_periods = series.period_ends.size();
  ASSERT_EQ(n_periods, rc_.config.period_ends.size());
  ASSERT_EQ(series.rows_per_period, static_cast<int>(r.stages.size()) + 1);
  const std::size_t last = n_periods - 1;
  for (std::size_t s = 0; s < r.stages.size(); ++s) {
    const int row = static_cast<int>(s);
    double arrivals = 0, completions = 0, abandoned = 0;
    for (std::size_t p = 0; p < n_periods; ++p) {
      arrivals += series.at(p, row, PeriodSeries::arrivals);
      completions += series.at(p, row, PeriodSeries::completions);
      abandoned += series.at(p, row, PeriodSeries::abandoned);
      EXPECT_LE(series.at(p, row, PeriodSeries::waiting), series.at(p, row, PeriodSeries::wip));
    }
    EXPECT_EQ(arrivals, static_cast<double>(r.stages[s].arrivals)) << "stage " << s;
    EXPECT_EQ(completions, static_cast<double>(r.stages[s].completed)) << "stage " << s;
    EXPECT_EQ(abandoned, static_cast<double>(r.stages[s].abandoned)) << "stage " << s;
    EXPECT_EQ(series.at(last, row, PeriodSeries::wip), static_cast<double>(r.stages[s].wip_end)) << "stage " << s;
    EXPECT_EQ(series.at(last, row, PeriodSeries::waiting), static_cast<double>(r.stages[s].waiting_end))
        << "stage " << s;
  }
  // Snapshot metrics: ages are NaN exactly when nothing is there, the 90th percentile is at
  // least the median, counts over the age threshold at most the work in progress; utilisation
  // within a period is in [0, 1] (NaN at pure delays and when no server was available).
  for (std::size_t p = 0; p < n_periods; ++p) {
    for (int row = 0; row < series.rows_per_period; ++row) {
      SCOPED_TRACE("period " + std::to_string(p) + ", row " + std::to_string(row));
      const double wip = series.at(p, row, PeriodSeries::wip);
      const double median = series.at(p, row, PeriodSeries::age_median);
      const double p90 = series.at(p, row, PeriodSeries::age_p90);
      if (wip == 0) {
        EXPECT_TRUE(std::isnan(median));
        EXPECT_TRUE(std::isnan(p90));
      } else {
        EXPECT_GE(median, 0.0);
        EXPECT_GE(p90, median);
      }
      EXPECT_GE(series.at(p, row, PeriodSeries::over_threshold), 0.0);
      EXPECT_LE(series.at(p, row, PeriodSeries::over_threshold), wip);
      if (row < series.rows_per_period - 1) {
        const double u = series.at(p, row, PeriodSeries::utilisation);
        if (r.stages[static_cast<std::size_t>(row)].infinite) {
          EXPECT_TRUE(std::isnan(u));
        } else if (!std::isnan(u)) {
          EXPECT_GE(u, 0.0);
          EXPECT_LE(u, 1.0 + 1e-9);
        }
      }
    }
  }
  const int system = series.rows_per_period - 1;
  double arrivals = 0, completions = 0, abandoned = 0;
  for (std::size_t p = 0; p < n_periods; ++p) {
    arrivals += series.at(p, system, PeriodSeries::arrivals);
    completions += series.at(p, system, PeriodSeries::completions);
    abandoned += series.at(p, system, PeriodSeries::abandoned);
  }
  EXPECT_EQ(arrivals, static_cast<double>(r.system.arrivals));
  EXPECT_EQ(completions, static_cast<double>(r.system.completed));
  EXPECT_EQ(abandoned, static_cast<double>(r.system.abandoned));
  EXPECT_EQ(series.at(last, system, PeriodSeries::wip), static_cast<double>(r.system.wip_end));
}

void expect_bounds(const ReplicationResult& r) {
  constexpr double kTol = 1e-9;
  for (std::size_t s = 0; s < r.stages.size(); ++s) {
    const StageStats& st = r.stages[s];
    SCOPED_TRACE("stage " + std::to_string(s));
    EXPECT_GE(st.wait_sum, 0.0);
    if (st.services_started > 0) {
      EXPECT_GE(st.mean_wait(), 0.0);
    }
    EXPECT_GE(st.queue_area, 0.0);
    EXPECT_GE(st.busy_time, 0.0);
    EXPECT_LE(st.busy_time, st.available_time * (1 + kTol) + kTol);
    EXPECT_LE(st.waiting_end, st.wip_end);
    EXPECT_GE(st.wip_end_age_sum, 0.0);
    const double u = st.utilisation();
    if (st.infinite || st.available_time <= 0) {
      EXPECT_TRUE(std::isnan(u));
    } else {
      EXPECT_GE(u, 0.0);
      EXPECT_LE(u, 1.0 + kTol);
    }
    if (st.infinite) {
      EXPECT_EQ(st.queue_area, 0.0);
      EXPECT_EQ(st.waiting_end, 0u);
      EXPECT_EQ(st.abandoned, 0u);
    }
  }
  EXPECT_GE(r.system.time_in_system_sum, 0.0);
  if (r.system.completed > 0) {
    EXPECT_GE(r.system.mean_time_in_system(), 0.0);
  }
}

TEST_P(RandomNetwork, CasesAbandonOnlyWhereTheStageHasPatience) {
  // A renege event outlives the wait it was made for; it must not act on a later wait of the
  // same case (or of a case that reuses its slot) at a stage without patience.
  SCOPED_TRACE(describe());
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    const ReplicationResult r = run_replication(rc_.network, rc_.config, kRunSeed, rep);
    for (std::size_t s = 0; s < r.stages.size(); ++s) {
      if (!rc_.network.stages[s].patience) {
        EXPECT_EQ(r.stages[s].abandoned, 0u) << "stage " << s << ", replication " << rep;
      }
    }
  }
}

TEST_P(RandomNetwork, MeasuresStayInRange) {
  SCOPED_TRACE(describe());
  expect_bounds(run_replication(rc_.network, rc_.config, kRunSeed, 0));
  RunConfig warm = rc_.config;
  warm.warmup = rc_.config.horizon / 3;
  warm.period_ends.clear();
  for (double t : rc_.config.period_ends) {
    if (t > warm.warmup) warm.period_ends.push_back(t);
  }
  const ReplicationResult r = run_replication(rc_.network, warm, kRunSeed, 0);
  EXPECT_DOUBLE_EQ(r.observed_days, warm.horizon - warm.warmup);
  expect_bounds(r);
}

TEST_P(RandomNetwork, SameSeedAndReplicationRepeatExactly) {
  SCOPED_TRACE(describe());
  const ReplicationResult a = run_replication(rc_.network, rc_.config, kRunSeed, 3);
  const ReplicationResult b = run_replication(rc_.network, rc_.config, kRunSeed, 3);
  EXPECT_EQ(first_difference(a, b), "");
}

TEST_P(RandomNetwork, OtherSeedOrReplicationDiffers) {
  SCOPED_TRACE(describe());
  const ReplicationResult a = run_replication(rc_.network, rc_.config, kRunSeed, 0);
  ReplicationResult b = run_replication(rc_.network, rc_.config, kRunSeed + 1, 0);
  EXPECT_NE(first_difference(a, b), "");
  ReplicationResult c = run_replication(rc_.network, rc_.config, kRunSeed, 1);
  c.replication = 0;  // compare the measurements, not the label
  EXPECT_NE(first_difference(a, c), "");
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomNetwork, ::testing::Range<std::uint64_t>(1, 101));

}  // namespace
}  // namespace courtflow::sim::testing
