// cluster/: the exact binary form of replication results, and the distributed run's protocol
// over an in-process transport (each rank a thread), no MPI needed: a run, a sweep and
// consecutive batches shared among ranks give exactly a single process's results; a rank that
// fails makes the others stop at their next gather instead of waiting, and every rank agrees
// on the status to exit with. mpi_cli_test.cpp runs the real thing under mpirun.
#include <gtest/gtest.h>

#include <barrier>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <sstream>
#include <thread>

#include "analysis/simulation.hpp"
#include "analysis/sweep.hpp"
#include "cluster/replication_codec.hpp"
#include "cluster/session.hpp"
#include "models/model_json.hpp"
#include "sim/replications.hpp"

namespace courtflow::cluster {
namespace {

models::Model small_model() {
  return models::parse_model_text(R"({
    "courtflow": 1, "name": "list", "horizon_days": 200, "warmup_days": 20,
    "stages": [
      {"id": "review", "servers": 3, "service": {"dist": "gamma", "mean": 2.5, "sd": 1.0},
       "discipline": "priority", "patience": {"dist": "exponential", "mean": 60}, "on_timeout": "exit"},
      {"id": "wait", "servers": "infinite", "service": {"dist": "fixed", "value": 42}}
    ],
    "case_types": [{"id": "urgent", "priority": 0}, {"id": "standard", "priority": 1}],
    "arrivals": [{"to": "review", "rate_per_day": 0.3, "case_type": "urgent"},
                 {"to": "review", "rate_per_day": 0.8, "case_type": "standard"}],
    "routes": [{"from": "review", "to": "wait", "p": 0.9}],
    "initial_wip": [{"stage": "review", "count": 20, "case_type": "standard"}]
  })", "small.json");
}

// Bit-for-bit equality of two results, through their encoding (every field, in order).
std::string bytes_of(const sim::ReplicationResult& r) { return encode_results({{0, &r}}); }

// ---- the codec -----------------------------------------------------------------------------

TEST(ReplicationCodec, RoundTripsEveryFieldBitForBit) {
  const analysis::PreparedRun prepared = analysis::prepare_run(small_model(), {}, "small.json");
  sim::ReplicationResult r = sim::run_replication(prepared.network, prepared.config, 7, 3);
  ASSERT_FALSE(r.series.values.empty());
  // Values a text form would not keep: a NaN with a payload, a negative zero, the extremes.
  r.series.values[0] = std::bit_cast<double>(std::uint64_t{0x7ff8000000000123});
  r.series.values[1] = -0.0;
  r.stages[0].wait_sum = std::numeric_limits<double>::denorm_min();
  r.stages[1].busy_time = std::numeric_limits<double>::infinity();
  r.system.arrivals = std::numeric_limits<std::uint64_t>::max();
  const std::string message = encode_results({{5, &r}, {2, &r}});
  const auto decoded = decode_results(message);
  ASSERT_EQ(decoded.size(), 2U);
  EXPECT_EQ(decoded[0].first, 5U);
  EXPECT_EQ(decoded[1].first, 2U);
  EXPECT_EQ(bytes_of(decoded[0].second), bytes_of(r));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(decoded[0].second.series.values[0]), std::uint64_t{0x7ff8000000000123});
  EXPECT_TRUE(std::signbit(decoded[0].second.series.values[1]));
  EXPECT_EQ(decoded[0].second.replication, 3);
  EXPECT_EQ(decoded[0].second.stages.size(), r.stages.size());
  EXPECT_EQ(decoded[0].second.case_types.size(), r.case_types.size());
  EXPECT_EQ(decoded[0].second.series.period_ends, r.series.period_ends);
  EXPECT_EQ(decoded[0].second.events, r.events);
  EXPECT_TRUE(decode_results(encode_results({})).empty());
}

TEST(ReplicationCodec, RefusesMalformedMessages) {
  const analysis::PreparedRun prepared = analysis::prepare_run(small_model(), {}, "small.json");
  const sim::ReplicationResult r = sim::run_replication(prepared.network, prepared.config, 7, 0);
  const std::string good = encode_results({{0, &r}});
  const auto refused = [](const std::string& message) {
    try {
      decode_results(message);
    } catch (const CodecError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  for (const std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{12}, good.size() / 2, good.size() - 1}) {
    // Cut inside a count, the count is what is refused ("larger than the message").
    const std::string why = refused(good.substr(0, cut));
    EXPECT_TRUE(why.find("truncated") != std::string::npos || why.find("larger than the message") != std::string::npos)
        << cut << ": " << why;
  }
  EXPECT_NE(refused(good + "x").find("left over"), std::string::npos);
  std::string other_version = good;
  other_version[4] = 9;
  EXPECT_NE(refused(other_version).find("format version 9"), std::string::npos);
  std::string other_order = good;
  std::swap(other_order[8], other_order[11]);
  EXPECT_NE(refused(other_order).find("byte order"), std::string::npos);
  EXPECT_NE(refused("not a message at all").find("not a courtflow"), std::string::npos);
}

// ---- the protocol over threads ---------------------------------------------------------------

// Ranks as threads: each collective is a deposit, a barrier, a read, and a barrier.
struct Hub {
  explicit Hub(int n) : size(n), sync(n), statuses(static_cast<std::size_t>(n)), messages(static_cast<std::size_t>(n)) {}
  int size;
  std::barrier<> sync;
  std::vector<int> statuses;
  std::vector<std::string> messages;
};

class ThreadTransport final : public Transport {
 public:
  ThreadTransport(Hub& hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return hub_.size; }
  int ranks_on_this_node() const override { return hub_.size; }
  std::vector<int> all_statuses(int status) override {
    hub_.statuses[static_cast<std::size_t>(rank_)] = status;
    hub_.sync.arrive_and_wait();
    std::vector<int> all = hub_.statuses;
    hub_.sync.arrive_and_wait();
    return all;
  }
  std::vector<std::string> gather_to_root(const std::string& message) override {
    hub_.messages[static_cast<std::size_t>(rank_)] = message;
    hub_.sync.arrive_and_wait();
    std::vector<std::string> all;
    if (rank_ == 0) all = hub_.messages;
    hub_.sync.arrive_and_wait();
    return all;
  }

 private:
  Hub& hub_;
  int rank_;
};

// Runs `body(session)` on `ranks` threads, each with its own session (created here, on this
// thread: Session::current is process-wide), and returns each rank's finish() status.
std::vector<int> on_ranks(int ranks, const std::function<int(Session&)>& body) {
  Hub hub(ranks);
  std::vector<std::unique_ptr<Session>> sessions;
  for (int k = 0; k < ranks; ++k) {
    sessions.push_back(std::make_unique<Session>(std::make_unique<ThreadTransport>(hub, k), false));
    sessions.back()->share_runs();
  }
  std::vector<int> statuses(static_cast<std::size_t>(ranks), -100);
  std::vector<std::thread> threads;
  for (int k = 0; k < ranks; ++k) {
    threads.emplace_back([&, k] {
      Session& s = *sessions[static_cast<std::size_t>(k)];
      int status = 0;
      try {
        status = body(s);
      } catch (const PeerFailed&) {
        status = kPeerFailedStatus;
      }
      statuses[static_cast<std::size_t>(k)] = s.finish(status);
    });
  }
  for (std::thread& t : threads) t.join();
  while (!sessions.empty()) sessions.pop_back();  // newest first, as Session::current expects
  return statuses;
}

TEST(ClusterSession, SharedRunEqualsOneProcessForAnyRankCount) {
  const models::Model model = small_model();
  analysis::RunSettings settings;
  settings.replications = 7;
  settings.seed = 11;
  settings.threads = 1;
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, "small.json");
  const sim::ReplicationSet serial = analysis::run_prepared(prepared, settings);
  for (const int ranks : {1, 2, 3, 8}) {
    std::vector<sim::ReplicationSet> sets(static_cast<std::size_t>(ranks));
    const std::vector<int> statuses = on_ranks(ranks, [&](Session& s) {
      analysis::RunSettings mine = settings;
      mine.share = s.share();
      sets[static_cast<std::size_t>(s.rank())] = analysis::run_prepared(prepared, mine);
      return 0;
    });
    EXPECT_EQ(statuses, std::vector<int>(static_cast<std::size_t>(ranks), 0));
    const sim::ReplicationSet& root = sets[0];
    ASSERT_EQ(root.replications.size(), serial.replications.size()) << ranks << " ranks";
    EXPECT_EQ(root.total_events, serial.total_events);
    for (std::size_t r = 0; r < serial.replications.size(); ++r) {
      EXPECT_EQ(bytes_of(root.replications[r]), bytes_of(serial.replications[r])) << ranks << " ranks, replication " << r;
    }
    for (int k = 1; k < ranks; ++k) EXPECT_TRUE(sets[static_cast<std::size_t>(k)].replications.empty());
  }
}

TEST(ClusterSession, ConsecutiveBatchesAreDealtAsOneJob) {
  // compare runs the base, then each scenario: batch 2's run 0 is the job's run 3.
  Hub hub(2);
  Session a(std::make_unique<ThreadTransport>(hub, 0), false);
  Session b(std::make_unique<ThreadTransport>(hub, 1), false);
  a.share_runs();
  b.share_runs();
  const models::Model model = small_model();
  analysis::RunSettings settings;
  settings.replications = 3;
  settings.threads = 1;
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, "small.json");
  std::vector<bool> first_batch_mine;
  std::vector<bool> second_batch_mine;
  std::thread other([&] {
    analysis::RunSettings mine = settings;
    mine.share = b.share();
    analysis::run_prepared(prepared, mine);
    analysis::run_prepared(prepared, mine);
  });
  analysis::RunSettings mine = settings;
  mine.share = a.share();
  for (std::size_t i = 0; i < 3; ++i) first_batch_mine.push_back(a.share()->is_mine(i));
  const sim::ReplicationSet one = analysis::run_prepared(prepared, mine);
  for (std::size_t i = 0; i < 3; ++i) second_batch_mine.push_back(a.share()->is_mine(i));
  const sim::ReplicationSet two = analysis::run_prepared(prepared, mine);
  other.join();
  EXPECT_EQ(first_batch_mine, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(second_batch_mine, (std::vector<bool>{false, true, false}));
  ASSERT_EQ(two.replications.size(), 3U);
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(bytes_of(one.replications[r]), bytes_of(two.replications[r]));
}

TEST(ClusterSession, SharedSweepEqualsOneProcess) {
  const models::Model model = small_model();
  const std::vector<analysis::SweepAxis> axes{analysis::parse_vary("stages.review.servers=2:4:1")};
  analysis::RunSettings settings;
  settings.replications = 4;
  settings.threads = 2;
  const auto csv = [](const analysis::Sweep& sweep) {
    std::ostringstream out;
    analysis::write_sweep_csv(out, sweep);
    return out.str() + analysis::sweep_json(sweep).dump();
  };
  const std::string serial = csv(analysis::run_sweep(model, analysis::sweep_points(model, axes), axes, settings, "small.json"));
  std::string shared;
  const std::vector<int> statuses = on_ranks(3, [&](Session& s) {
    analysis::RunSettings mine = settings;
    mine.share = s.share();
    const analysis::Sweep sweep = analysis::run_sweep(model, analysis::sweep_points(model, axes), axes, mine, "small.json");
    if (s.is_root()) shared = csv(sweep);
    else EXPECT_TRUE(sweep.points.empty());
    return 0;
  });
  EXPECT_EQ(statuses, (std::vector<int>{0, 0, 0}));
  EXPECT_EQ(shared, serial);
}

TEST(ClusterSession, ARankThatFailsStopsTheOthersAtTheirGather) {
  const models::Model model = small_model();
  analysis::RunSettings settings;
  settings.replications = 4;
  settings.threads = 1;
  const analysis::PreparedRun prepared = analysis::prepare_run(model, settings, "small.json");
  std::vector<int> stopped(3, 0);
  // Rank 1 fails before its gather (as a run over budget would) with status 2.
  const std::vector<int> statuses = on_ranks(3, [&](Session& s) {
    if (s.rank() == 1) return 2;
    analysis::RunSettings mine = settings;
    mine.share = s.share();
    try {
      analysis::run_prepared(prepared, mine);
    } catch (const PeerFailed&) {
      stopped[static_cast<std::size_t>(s.rank())] = 1;
      throw;
    }
    return 0;
  });
  EXPECT_EQ(stopped, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(statuses, (std::vector<int>{2, 2, 2}));  // everyone exits with the failing rank's status
}

TEST(ClusterSession, RankZerosFailureIsTheOneReported) {
  // Every rank fails alike (a bad model): rank 0's status; rank 0 failing after the gather
  // (writing the outputs): rank 0's status although the others succeeded.
  EXPECT_EQ(on_ranks(3, [](Session& s) { return s.rank() == 2 ? 1 : 2; }), (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(on_ranks(2, [](Session& s) { return s.is_root() ? 1 : 0; }), (std::vector<int>{1, 1}));
  EXPECT_EQ(on_ranks(4, [](Session&) { return 0; }), (std::vector<int>{0, 0, 0, 0}));
}

}  // namespace
}  // namespace courtflow::cluster
