#pragma once
// Aggregate series (PRODUCT.md "Aggregate series (CSV)"): per stage and period, the cases
// received, the cases disposed of and the open caseload at the period end, optionally the
// capacity in the period (e.g. sitting days). This is the shape of the published dashboards
// (receipts, disposals, outstanding per court per quarter). Reading checks what a fit needs:
// dates, non-negative counts, one row per stage and period, periods of one length with no
// gaps. The flow balance (outstanding_t - outstanding_{t-1} - receipts_t + disposals_t) is
// not an error: published series rarely add up exactly (revisions, reopened cases, transfers),
// so it is measured and reported, never hidden. Pure: no printing.

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace courtflow::analysis::series {

/// One row of the series: a period of one stage.
struct Period {
  std::int64_t end_day = 0;  ///< period_end as days since 1970-01-01 (the period covers it)
  double receipts = 0;       ///< cases received in the period
  double disposals = 0;      ///< cases disposed of in the period
  double outstanding = 0;    ///< open caseload at the end of the period
  std::optional<double> capacity;  ///< e.g. sitting days in the period; empty cell = unknown
  std::size_t line = 0;      ///< line in the file (1 = header), for messages
};

/// The periods of one stage, oldest first, equally long and without gaps.
struct StageSeries {
  std::string stage;
  /// Calendar months per period (3 for quarters) when every period_end is a month end;
  /// 0 when the periods are a fixed number of days instead (see period_days).
  int months_per_period = 0;
  /// Days per period when months_per_period is 0.
  std::int64_t period_days = 0;
  std::vector<Period> periods;

  /// Days the i-th period covers (for i = 0, the length of the period before its end).
  double days_in(std::size_t i) const;
  /// Periods per year when the periods are whole months dividing a year (4 for quarters,
  /// 12 for months); 0 otherwise (no seasonality can be estimated).
  int seasons() const;
  /// The season (0 .. seasons()-1) of the period ending on `end_day`: the calendar quarter
  /// for quarterly series. 0 when seasons() is 0.
  int season_of(std::int64_t end_day) const;
  /// The end of the period `steps` periods after the one ending on `end_day`.
  std::int64_t end_after(std::int64_t end_day, int steps) const;
  /// Index of the period ending on `end_day`, or nullopt.
  std::optional<std::size_t> index_of(std::int64_t end_day) const;
};

struct Series {
  std::string file;  ///< as the caller named it, for messages
  bool has_capacity_column = false;
  std::vector<StageSeries> stages;  ///< in order of first appearance in the file

  const StageSeries* find(const std::string& stage) const;
};

/// Reads a series CSV. Required columns: period_end, stage, receipts, disposals, outstanding;
/// optional: capacity (cells may be empty); other columns (a source, a vintage) are ignored.
/// Throws models::InputError naming `file`, the line (and column) and the problem: a missing
/// column, a bad date, a count that is missing, negative or not a number, a duplicate period,
/// periods of different lengths, a gap.
Series parse_series(std::istream& in, const std::string& file);

/// Opens and reads `path` (InputError if it cannot be read).
Series load_series(const std::filesystem::path& path);

/// One flow-balance check: how far the stock at `end_day` is from the previous stock plus the
/// period's receipts minus its disposals.
struct BalanceCheck {
  std::int64_t end_day = 0;
  double mismatch = 0;     ///< outstanding_t - outstanding_{t-1} - receipts_t + disposals_t
  double outstanding = 0;  ///< outstanding_t, to judge the size
};

/// The check for every period but the first (which has no previous stock).
std::vector<BalanceCheck> flow_balance(const StageSeries& stage);

/// A one-line account of the mismatches ("in 30 of 35 periods; largest -1,234 at 2016-06-30
/// (2.5% of outstanding); net +3,456"), or empty if every period balances exactly.
std::string describe_balance(const std::vector<BalanceCheck>& checks);

}  // namespace courtflow::analysis::series
