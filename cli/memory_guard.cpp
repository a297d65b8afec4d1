// The memory guard (memory_guard.hpp).
#include "cli/memory_guard.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "cli/command.hpp"

namespace courtflow::cli {
namespace {

constexpr std::uint64_t kMiB = 1024ull * 1024;
constexpr std::uint64_t kGiB = 1024ull * kMiB;
/// Fewest cases per replication the guard will plan for: below this the budget is a mistake.
constexpr std::uint64_t kFewestCases = 1000;

std::optional<std::pair<MemoryPlan, std::uint64_t>>& remembered() {
  static std::optional<std::pair<MemoryPlan, std::uint64_t>> plan;
  return plan;
}

}  // namespace

std::uint64_t default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 4 * kGiB;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) / 2;
}

std::optional<std::uint64_t> parse_memory_size(const std::string& text) {
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::fixed);
  if (ec != std::errc() || !std::isfinite(value) || value <= 0) return std::nullopt;
  const std::string unit(end, last);
  double scale = 0;
  if (unit.empty()) scale = 1;
  if (unit == "K" || unit == "KiB") scale = 1024.0;
  if (unit == "M" || unit == "MiB") scale = static_cast<double>(kMiB);
  if (unit == "G" || unit == "GiB") scale = static_cast<double>(kGiB);
  if (unit == "T" || unit == "TiB") scale = 1024.0 * static_cast<double>(kGiB);
  if (scale == 0) return std::nullopt;
  const double bytes = value * scale;
  if (bytes < 1 || bytes > 9.0e18) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::string memory_text(std::uint64_t bytes) {
  char text[32];
  if (bytes >= kGiB) {
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / static_cast<double>(kGiB));
  } else {
    std::snprintf(text, sizeof text, "%.0f MiB", std::ceil(static_cast<double>(bytes) / static_cast<double>(kMiB)));
  }
  return text;
}

MemoryPlan plan_memory(std::uint64_t budget_bytes, int replications, int concurrent, double periods, std::size_t stages,
                       std::uint64_t requested_max_cases) {
  MemoryPlan plan;
  // In doubles: replications x periods x rows can exceed 2^64 for absurd options.
  const double series = static_cast<double>(replications) * std::max(periods, 1.0) *
                        static_cast<double>(stages + 1) * static_cast<double>(kBytesPerSeriesRow);
  if (series > static_cast<double>(budget_bytes)) {
    throw UsageError("--max-memory: the run would need about " +
                     memory_text(static_cast<std::uint64_t>(std::min(series, 9.0e18))) + " for its time series (" +
                     std::to_string(replications) + " replications x " + std::to_string(static_cast<long long>(periods)) +
                     " periods x " + std::to_string(stages + 1) + " rows), over the memory budget of " +
                     memory_text(budget_bytes) +
                     "; use fewer --replications, a longer --period, or raise --max-memory");
  }
  plan.series_bytes = static_cast<std::uint64_t>(series);
  const std::uint64_t left = budget_bytes - plan.series_bytes;
  const std::uint64_t at_once = static_cast<std::uint64_t>(std::max(1, std::min(concurrent, replications)));
  const std::uint64_t affordable = left / (at_once * kBytesPerLiveCase);
  if (affordable < std::min<std::uint64_t>(kFewestCases, requested_max_cases)) {
    throw UsageError("--max-memory: a budget of " + memory_text(budget_bytes) + " leaves room for only " +
                     std::to_string(affordable) + " cases per replication (" + std::to_string(at_once) +
                     " at once); raise --max-memory or use fewer --threads");
  }
  plan.max_cases = std::min(requested_max_cases, affordable);
  plan.cases_limited_by_memory = plan.max_cases < requested_max_cases;
  return plan;
}

void remember_memory_plan(const MemoryPlan& plan, std::uint64_t budget_bytes) {
  remembered() = std::make_pair(plan, budget_bytes);
}

std::optional<std::pair<MemoryPlan, std::uint64_t>> remembered_memory_plan() { return remembered(); }

}  // namespace courtflow::cli
