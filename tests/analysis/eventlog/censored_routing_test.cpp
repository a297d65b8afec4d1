// Routing from a log whose extract ends while many cases are still open (censored_exits.hpp):
// a case end is an exit only by its chance of being one.
//
// The generated log: cases reach A on a day uniform over [0, 3000]; 60% go on to B after a
// heavy-tailed time (lognormal, median 20 days, sigma 2.5: mean about 450 days, cut at 1,500
// days so that the oldest cases show the whole tail), the other 40% leave after A. The
// extract ends on day 3000 (a last case of one event "Z" marks it), so a routed case whose B
// falls later reads as ending at A: with this seed 2,543 of the 6,000 cases end at A in the
// log, about 140 more than the 40% that left.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "analysis/eventlog/calibrate.hpp"
#include "analysis/eventlog/censored_exits.hpp"
#include "analysis/eventlog/log_reader.hpp"
#include "models/dates.hpp"
#include "models/validate.hpp"

namespace ev = courtflow::analysis::eventlog;
namespace models = courtflow::models;

namespace {

constexpr double kRouted = 0.6;         // A -> B; the rest exits
constexpr std::int64_t kFirstDay = 14610;  // 2010-01-01

struct GeneratedLog {
  std::string csv;
  double extract_end = 0;          // days after kFirstDay
    std::vector<double> gaps;        // observed A -> B
  std::vector<double> gap_days;    // the A of each observed A -> B
  std::vector<double> end_days;    // A events that end their case in the log
};

/// `days` of arrivals, `gap_cap` the longest A -> B time, `extract_end` the last day of the
/// extract (a one-event case "Z" is put there).
GeneratedLog generate(std::uint64_t seed, int cases, int days, double median, double sigma, double gap_cap,
                      int extract_end) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> day(0, days);
  std::uniform_real_distribution<double> u(0, 1);
  std::lognormal_distribution<double> gap(std::log(median), sigma);
  GeneratedLog g;
  g.extract_end = extract_end;
  std::ostringstream out;
  out << "case_id,activity,timestamp\n";
  for (int i = 0; i < cases; ++i) {
    const int a = day(rng);
    const bool routed = u(rng) < kRouted;
    double d = gap(rng);
    while (d > gap_cap) d = gap(rng);
    const int b = a + static_cast<int>(std::floor(d));
    const std::string id = "c" + std::to_string(i);
    out << id << ",A," << models::format_iso_date(kFirstDay + a) << "\n";
    if (routed && b <= extract_end) {
      out << id << ",B," << models::format_iso_date(kFirstDay + b) << "\n";
      g.gaps.push_back(b - a);
      g.gap_days.push_back(a);
    } else {
      g.end_days.push_back(a);
    }
  }
  out << "z,Z," << models::format_iso_date(kFirstDay + extract_end) << "\n";
  g.csv = out.str();
  return g;
}

ev::Calibration fit(const GeneratedLog& g) {
  std::istringstream in(g.csv);
  return ev::calibrate(ev::read_csv_log(in, "generated.csv"));
}

double route_p(const ev::Calibration& c, const std::string& from, const std::string& to) {
  for (const ev::RouteFit& r : c.routes) {
    if (r.from == from && r.to == to) return r.p;
  }
  return 0;
}

}  // namespace

TEST(CensoredRouting, ExitShareWithinItsIntervalWhenManyCasesAreOpen) {
  const GeneratedLog g = generate(20261125, 6000, 3000, 20, 2.5, 1500, 3000);
  const ev::Calibration c = fit(g);
  const double exit_share = route_p(c, "A", "exit");
  EXPECT_NEAR(route_p(c, "A", "B") + exit_share, 1.0, 1e-12);

  // The effective n: the departures from A whose fate the log settles, the observed A -> B and
  // the ends older than the longest observed gap (certainly exits). The weighted ends add
  // information beyond these, so this interval is wider than the estimate's own.
  const double longest = *std::max_element(g.gaps.begin(), g.gaps.end());
  double settled = static_cast<double>(g.gaps.size());
  for (const double t : g.end_days) settled += g.extract_end - t >= longest ? 1 : 0;
  const double half_width = 1.96 * std::sqrt(0.4 * 0.6 / settled);
  EXPECT_NEAR(exit_share, 0.4, half_width) << "effective n " << settled;

  // Every case end read as an exit (plain directly-follows counting, and the fallback) is
  // biased far outside it: the open cases count as exits.
  const double every_end_an_exit =
      static_cast<double>(g.end_days.size()) / static_cast<double>(g.end_days.size() + g.gaps.size());
  EXPECT_GT(every_end_an_exit - 0.4, half_width) << every_end_an_exit;

  // For the record, the rule calibrate used before: leave out every departure from A later
  // than the end minus the 99th percentile of the observed gaps. Not asserted: in a steady log
  // like this one its bias is well under the half-width (over 20 seeds of this design, in a
  // prototype, it averaged +0.4 points against the EM's +0.1); with this seed it gives 0.406.
  std::vector<double> sorted = g.gaps;
  std::sort(sorted.begin(), sorted.end());
  const double h = 0.99 * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(h);
  const double p99 = sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
  const double horizon = g.extract_end - p99;
  double kept_ends = 0, kept = 0;
  for (const double t : g.end_days) kept_ends += t <= horizon ? 1 : 0;
  for (const double t : g.gap_days) kept += t <= horizon ? 1 : 0;
  const double drop_near_end = kept_ends / (kept_ends + kept);
  ::testing::Test::RecordProperty("exit_share", std::to_string(exit_share));
  ::testing::Test::RecordProperty("half_width", std::to_string(half_width));
  ::testing::Test::RecordProperty("every_end_an_exit", std::to_string(every_end_an_exit));
  ::testing::Test::RecordProperty("drop_near_end", std::to_string(drop_near_end));

  // The report's accounting: the ends weighed, and how much of them went to the routes.
  EXPECT_GT(c.transitions_censored, 0u);
  EXPECT_EQ(c.quality.cases_possibly_open, c.transitions_censored);
  const double moved = (every_end_an_exit - exit_share) * static_cast<double>(g.end_days.size() + g.gaps.size());
  EXPECT_NEAR(c.exits_reassigned, moved, 1e-6 * moved);
  for (const models::Diagnostic& d : models::validate(c.model, "fitted.json")) EXPECT_TRUE(d.warning) << d.to_string();
}

// A log with start times: A (a day) and then, for half the cases, B, which starts a day later
// and takes 100 days. An event is in the extract once it has completed, so a case whose B
// started but had not finished by the end of the extract reads as ending at A. The time to the
// next event must then run to B's completion (101 days), as the censoring time does; measured
// to B's start (1 day) it would make every end older than a day look like a sure exit, and
// the 5% of cases in B at the end would all count as exits.
TEST(CensoredRouting, WithStartTimesTheNextEventCountsFromItsCompletion) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> day(0, 2000);
  std::uniform_real_distribution<double> u(0, 1);
  const int extract_end = 2000;
  const int cases = 4000;
  std::ostringstream out;
  out << "case_id,activity,start,timestamp\n";
  int observed_b = 0, ends = 0;
  for (int i = 0; i < cases; ++i) {
    const int a = day(rng);
    const std::string id = "c" + std::to_string(i);
    out << id << ",A," << models::format_iso_date(kFirstDay + a) << "," << models::format_iso_date(kFirstDay + a + 1)
        << "\n";
    if (u(rng) < 0.5 && a + 102 <= extract_end) {
      out << id << ",B," << models::format_iso_date(kFirstDay + a + 2) << ","
          << models::format_iso_date(kFirstDay + a + 102) << "\n";
      ++observed_b;
    } else {
      ++ends;
    }
  }
  const std::string last_day = models::format_iso_date(kFirstDay + extract_end);
  out << "z,Z," << last_day << "," << last_day << "\n";
  std::istringstream in(out.str());
  const ev::Calibration c = ev::calibrate(ev::read_csv_log(in, "with_start.csv"));
  const double exit_share = route_p(c, "A", "exit");
  // Settled departures: those from an A at least 102 days before the end, whose B (if any)
  // would be in the log.
  const double settled = cases * (1.0 - 102.0 / 2001.0);
  const double half_width = 1.96 * std::sqrt(0.5 * 0.5 / settled);
  EXPECT_NEAR(exit_share, 0.5, half_width);
  // Every end an exit would be far outside it (the test can fail).
  const double every_end_an_exit = static_cast<double>(ends) / static_cast<double>(ends + observed_b);
  EXPECT_GT(every_end_an_exit - 0.5, half_width) << every_end_an_exit;
}

TEST(CensoredRouting, WithoutCensoringTheRoutesAreThePlainCounts) {
  // Every case ends 300 days or more before the extract's end and no gap is over 200 days:
  // nothing can still be open, and the routes are the directly-follows counts, bit for bit.
  const GeneratedLog g = generate(7, 3000, 1000, 20, 1.0, 200, 1300);
  const ev::Calibration c = fit(g);
  EXPECT_EQ(c.transitions_censored, 0u);
  EXPECT_EQ(c.exits_reassigned, 0.0);
  const double ends = static_cast<double>(g.end_days.size()), gaps = static_cast<double>(g.gaps.size());
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> expected = {
      {{"A", "exit"}, {ends, ends / (ends + gaps)}},
      {{"A", "B"}, {gaps, gaps / (ends + gaps)}},
      {{"B", "exit"}, {gaps, 1.0}},
      {{"Z", "exit"}, {1, 1.0}}};
  ASSERT_EQ(c.routes.size(), expected.size());
  for (const ev::RouteFit& r : c.routes) {
    const auto it = expected.find({r.from, r.to});
    ASSERT_NE(it, expected.end()) << r.from << " -> " << r.to;
    EXPECT_EQ(r.transitions, it->second.first) << r.from << " -> " << r.to;
    EXPECT_EQ(r.count, static_cast<std::uint64_t>(it->second.first)) << r.from << " -> " << r.to;
    EXPECT_EQ(r.p, it->second.second) << r.from << " -> " << r.to;
  }
}

TEST(CensoredRouting, FallsBackToEveryEndAnExitWhenSharingLeavesNoWayOut) {
  // "p" follows itself (instalments) and every case's last "p" is on the extract's last day:
  // nothing says any case left, EM gives "p" no exit, and p -> p alone has no way out. The
  // routes must then count every case end as an exit, and say so.
  std::string text = "case_id,activity,timestamp\n";
  for (int i = 0; i < 20; ++i) {
    const std::string id = "k" + std::to_string(i);
    text += id + ",a," + models::format_iso_date(kFirstDay + i) + "\n";
    text += id + ",p," + models::format_iso_date(kFirstDay + 30 + i) + "\n";
    text += id + ",p," + models::format_iso_date(kFirstDay + 100) + "\n";
  }
  std::istringstream in(text);
  const ev::Calibration c = ev::calibrate(ev::read_csv_log(in, "loop.csv"));
  for (const models::Diagnostic& d : models::validate(c.model, "fitted.json")) EXPECT_TRUE(d.warning) << d.to_string();
  EXPECT_NEAR(route_p(c, "p", "exit"), 0.5, 1e-12);
  EXPECT_EQ(c.exits_reassigned, 0.0);
  EXPECT_NE(std::find_if(c.notes.begin(), c.notes.end(),
                         [](const std::string& n) { return n.find("counts every case end as an exit") != std::string::npos; }),
            c.notes.end());
}

TEST(CensoredExits, EndsOlderThanTheLongestGapAreExitsAndRecentOnesShareByTheirChance) {
  // Direct check of the formula at EM's fixed point: q = p / (p + (1 - p) S(c)).
  ev::Departures d;
  d.gaps = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  d.observed = {10};
  d.ends = {{100, 0}, {100, 0}, {100, 0}, {100, 0}, {5.5, 0}};
  const ev::ExitChances x = ev::exit_chances(d);
  ASSERT_TRUE(x.converged);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(x.q[static_cast<std::size_t>(i)], 1.0);
  const double p = x.p_exit[0];
  EXPECT_NEAR(p, (4 + x.q[4]) / 15, 1e-12);
  // S(5.5) by the weighted Kaplan-Meier: gaps 1..5 each leave one of 10 + w at risk.
  const double w = 1 - x.q[4];
  double s = 1;
  for (int k = 0; k < 5; ++k) s *= 1 - 1 / (10 - k + w);
  EXPECT_NEAR(x.q[4], p / (p + (1 - p) * s), 1e-9);
  EXPECT_GT(x.q[4], 0);
  EXPECT_LT(x.q[4], 1);
}
