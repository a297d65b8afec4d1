#pragma once
// The memory guard of the simulating subcommands (--max-memory): before a run starts, the
// memory it needs is bounded from what is known up front, so that a run that cannot fit is
// refused with a clear message instead of being killed by the system (or dragging the machine
// into swap) hours later.
//
// Two parts grow without bound in a bad run:
//   - the per-period series, kept for every replication until they are summarised:
//     replications x periods x (stages + 1) rows x metrics doubles. Known up front: a run whose
//     series alone exceed the budget is refused before it starts.
//   - cases in the system, per replication in progress: a runaway (unstable) model keeps
//     adding cases. The engine already stops a replication at its case budget (--max-cases);
//     the guard lowers that budget so that the replications running at once (one per thread)
//     fit in what the series leave of the memory budget. The check costs nothing per event:
//     the engine compares its live-case count with the budget only when a case is created.
// Nothing here prints; problems are thrown as UsageError (exit 2).

#include <cstdint>
#include <optional>
#include <string>

namespace courtflow::cli {

/// Bytes of memory a case in the system costs the engine: measured at 81 bytes for a case
/// waiting in a queue and 85 for a case in service with its completion in the event calendar
/// (peak RSS of one replication at 1 and 3 million cases, the slope between them), doubled
/// because the engine's vectors double when they grow.
inline constexpr std::uint64_t kBytesPerLiveCase = 170;
/// Bytes of one replication's series per period and row: nine metrics as doubles.
inline constexpr std::uint64_t kBytesPerSeriesRow = 9 * sizeof(double);

/// Half of the machine's physical memory (the default --max-memory); 4 GiB if it is unknown.
std::uint64_t default_memory_budget();

/// "512M", "4G", "2.5G", "1T", or plain bytes; nullopt when `text` is none of these.
std::optional<std::uint64_t> parse_memory_size(const std::string& text);

/// "3.2 GiB", "512 MiB": a byte count for messages.
std::string memory_text(std::uint64_t bytes);

struct MemoryPlan {
  std::uint64_t series_bytes = 0;  ///< all replications' per-period series
  std::uint64_t max_cases = 0;     ///< the case budget per replication to use
  bool cases_limited_by_memory = false;  ///< max_cases is below the one asked for
};

/// What a run of `replications` (at most `concurrent` at once) over `periods` periods and
/// `stages` stages may use within `budget_bytes`, given the case budget asked for. Throws
/// UsageError when the series alone exceed the budget, or when too little is left for even
/// 1,000 cases per replication.
MemoryPlan plan_memory(std::uint64_t budget_bytes, int replications, int concurrent, double periods, std::size_t stages,
                       std::uint64_t requested_max_cases);

/// The plan of the run in progress (set by run_settings; the CLI runs one command per
/// process), so that the message for a case budget overrun can say it was the memory guard.
void remember_memory_plan(const MemoryPlan& plan, std::uint64_t budget_bytes);
/// The remembered plan and its budget; nullopt before any.
std::optional<std::pair<MemoryPlan, std::uint64_t>> remembered_memory_plan();

}  // namespace courtflow::cli
