// Calibration target of the England & Wales reference model (issue 3): run from the start of
// 2023 with that period's published receipts and sitting days
// (models/reference/england_wales_2023.json, written by
// scripts/reference/build_england_wales.py --calibration), the model must reproduce the
// published quarterly receipts, disposals and outstanding caseload of the Crown Court and the
// magistrates' courts through 2024 within 5%.
//
// The published figures are a checked-in copy (tests/data/calibration/, which names the source
// rows), so that the test runs on a clean clone without the shared data folder.
//
// How the published measures are read off the model (one simulated case = one court case):
//   outstanding = cases in the court's stages at the quarter end (stage ids "cc_*" / "mc_*");
//   receipts    = arrivals from outside the court: at mc_first_hearing for the magistrates'
//                 (every arrival there is a new case), at cc_ptph (sent for trial),
//                 cc_committal (committed for sentence) and cc_appeal for the Crown Court;
//   disposals   = receipts - change in outstanding (cases leave a court only by disposal).
// The 5% is the target, applied to the mean across replications (fixed seed).
//
// The model does not yet meet the target everywhere. The figures it misses are listed, each
// with its reason, in tests/data/calibration/known_misses.csv (and in docs/models/
// england-wales.md, Calibration). The test is a ratchet: every other figure must be within 5%,
// and every listed figure must still be outside it, so that a fix shows up as a failure asking
// for the entry to be removed, and no new miss can slip in.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analysis/periods.hpp"
#include "analysis/simulation.hpp"
#include "models/dates.hpp"
#include "models/model_json.hpp"

namespace courtflow {
namespace {

const std::filesystem::path kModel =
    std::filesystem::path(COURTFLOW_REFERENCE_MODELS_DIR) / "england_wales_2023.json";
const std::filesystem::path kPublished =
    std::filesystem::path(COURTFLOW_TEST_DATA_DIR) / "calibration" / "published_courts_2023_2024.csv";

constexpr double kTolerance = 0.05;  // the calibration target
const std::filesystem::path kKnownMisses =
    std::filesystem::path(COURTFLOW_TEST_DATA_DIR) / "calibration" / "known_misses.csv";
constexpr int kReplications = 4;

struct Published {
  std::string court, period, period_end;
  std::optional<double> receipts, disposals, outstanding;
};

std::optional<double> number_or_empty(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return std::stod(text);
}

std::vector<Published> read_published() {
  std::ifstream in(kPublished);
  if (!in) throw std::runtime_error("cannot read " + kPublished.string());
  std::vector<Published> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // court,period,period_end,receipts,disposals,outstanding,vintage
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    while (cells.size() < 7) cells.emplace_back();
    rows.push_back({cells[0], cells[1], cells[2], number_or_empty(cells[3]), number_or_empty(cells[4]),
                    number_or_empty(cells[5])});
  }
  return rows;
}

// "court,period,measure" of each figure listed in known_misses.csv.
std::set<std::string> read_known_misses() {
  std::ifstream in(kKnownMisses);
  if (!in) throw std::runtime_error("cannot read " + kKnownMisses.string());
  std::set<std::string> keys;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {  // court,period,measure,reason
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    for (int i = 0; i < 3 && std::getline(ss, cell, ','); ++i) cells.push_back(cell);
    if (cells.size() == 3) keys.insert(cells[0] + "," + cells[1] + "," + cells[2]);
  }
  return keys;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// One court's quarterly measures in one replication.
struct CourtSeries {
  std::vector<double> receipts, disposals, outstanding;
};

struct Mean {
  double mean = 0, half_width = 0;  // 95% Student-t interval across replications
};

Mean mean_of(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  double m = 0;
  for (double x : xs) m += x;
  m /= n;
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  // t quantile 0.975 for n-1 = 3 degrees of freedom (kReplications = 4).
  static_assert(kReplications == 4, "update the t quantile");
  const double t = 3.182446;
  return {m, t * std::sqrt(ss / (n - 1) / n)};
}

class Calibration2023 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::filesystem::exists(kModel)) return;
    const models::Model model = models::load_model_file(kModel);
    analysis::RunSettings settings;
    settings.replications = kReplications;
    settings.period = analysis::PeriodSpec{analysis::PeriodSpec::Kind::quarter, 0};
    prepared_ = std::make_unique<analysis::PreparedRun>(analysis::prepare_run(model, settings, kModel.string()));
    const sim::ReplicationSet set = analysis::run_prepared(*prepared_, settings);

    const auto& stages = prepared_->network.stages;
    std::map<std::string, double> initial;  // court -> open caseload at day 0
    for (const auto& w : model.initial_wip) {
      if (starts_with(w.stage, "cc_")) initial["crown"] += static_cast<double>(w.count);
      if (starts_with(w.stage, "mc_")) initial["magistrates"] += static_cast<double>(w.count);
    }
    runs_ = std::make_unique<std::map<std::string, std::vector<CourtSeries>>>();
    for (const sim::ReplicationResult& r : set.replications) {
      const std::size_t periods = r.series.period_ends.size();
      for (const char* court : {"crown", "magistrates"}) {
        const bool crown = std::string(court) == "crown";
        CourtSeries cs;
        double before = initial.at(court);
        for (std::size_t p = 0; p < periods; ++p) {
          double rec = 0, wip = 0;
          for (std::size_t s = 0; s < stages.size(); ++s) {
            const std::string& id = stages[s].name;
            const int row = static_cast<int>(s);
            if (starts_with(id, crown ? "cc_" : "mc_"))
              wip += r.series.at(p, row, sim::PeriodSeries::wip);
            const bool entry = crown ? (id == "cc_ptph" || id == "cc_committal" || id == "cc_appeal")
                                     : id == "mc_first_hearing";
            if (entry) rec += r.series.at(p, row, sim::PeriodSeries::arrivals);
          }
          cs.receipts.push_back(rec);
          cs.outstanding.push_back(wip);
          cs.disposals.push_back(rec - (wip - before));
          before = wip;
        }
        (*runs_)[court].push_back(cs);
      }
    }
  }
  static void TearDownTestSuite() {
    prepared_.reset();
    runs_.reset();
  }

  // Index of the reporting period labelled with the ISO date `period_end`.
  static std::optional<std::size_t> period_index(const std::string& period_end) {
    const auto& ends = prepared_->config.period_ends;
    for (std::size_t p = 0; p < ends.size(); ++p) {
      if (models::format_iso_date(analysis::period_label_day(*prepared_->start_day, ends[p])) == period_end)
        return p;
    }
    return std::nullopt;
  }

  static inline std::unique_ptr<analysis::PreparedRun> prepared_;
  static inline std::unique_ptr<std::map<std::string, std::vector<CourtSeries>>> runs_;  // court -> replications
};

// Cheap (no simulation), so a test of its own: the run starts from the published open caseloads.
TEST(Calibration2023Start, StartsFromThePublishedEnd2022OpenCaseloads) {
  if (!std::filesystem::exists(kModel)) GTEST_SKIP() << "no " << kModel;
  const models::Model model = models::load_model_file(kModel);
  EXPECT_EQ(model.start_date.value_or(""), "2023-01-01");
  std::map<std::string, double> initial;
  for (const auto& w : model.initial_wip) {
    if (starts_with(w.stage, "cc_")) initial["crown"] += static_cast<double>(w.count);
    if (starts_with(w.stage, "mc_")) initial["magistrates"] += static_cast<double>(w.count);
  }
  int checked = 0;
  for (const Published& row : read_published()) {
    if (row.period != "2022-Q4") continue;
    ASSERT_TRUE(row.outstanding);
    EXPECT_EQ(initial[row.court], *row.outstanding) << row.court;
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

TEST_F(Calibration2023, ReproducesPublishedQuarterlyCaseloadsWithinFivePercent) {
  if (!prepared_) GTEST_SKIP() << "no " << kModel;
  std::set<std::string> known_misses = read_known_misses();
  int checked = 0;
  for (const Published& row : read_published()) {
    if (row.period == "2022-Q4") continue;  // the starting point, not an outcome
    const auto p = period_index(row.period_end);
    ASSERT_TRUE(p) << "the run has no quarter ending " << row.period_end;
    const std::vector<CourtSeries>& reps = runs_->at(row.court);
    const struct {
      const char* name;
      const std::optional<double>& published;
      std::vector<double> CourtSeries::*series;
    } measures[] = {{"receipts", row.receipts, &CourtSeries::receipts},
                    {"disposals", row.disposals, &CourtSeries::disposals},
                    {"outstanding", row.outstanding, &CourtSeries::outstanding}};
    for (const auto& m : measures) {
      if (!m.published) continue;
      std::vector<double> xs;
      for (const CourtSeries& cs : reps) xs.push_back((cs.*m.series)[*p]);
      const Mean got = mean_of(xs);
      const double pub = *m.published;
      const double rel = (got.mean - pub) / pub;
      const std::string key = row.court + "," + row.period + "," + m.name;
      const bool listed = known_misses.erase(key) > 0;
      std::printf("%-11s %s %-11s model %9.0f (95%% +/- %5.0f)  published %9.0f  %+6.1f%%%s\n",
                  row.court.c_str(), row.period.c_str(), m.name, got.mean, got.half_width, pub, 100 * rel,
                  listed ? "  (known miss)" : "");
      if (listed) {
        EXPECT_GT(std::abs(rel), kTolerance) << key << " is now within 5% (model " << got.mean << ", published "
                                             << pub << "): remove it from " << kKnownMisses;
      } else {
        EXPECT_LE(std::abs(rel), kTolerance) << key << ": model " << got.mean << ", published " << pub;
      }
      ++checked;
    }
  }
  // 7 quarters x 3 measures x 2 courts, plus the 2024-Q4 outstanding of each court.
  EXPECT_EQ(checked, 44);
  for (const std::string& key : known_misses) ADD_FAILURE() << "known miss " << key << " matches no published figure";
}

}  // namespace
}  // namespace courtflow
