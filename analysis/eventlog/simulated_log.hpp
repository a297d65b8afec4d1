#pragma once
// Event logs simulated from a model: `courtflow run --event-log` writes one in the contract's
// CSV shape, and calibration's validation simulates the fitted model into an EventLog to
// measure it as it measured the real log. One replication is traced through sim::ServiceLog
// (replication r gives the same results with or without the trace).

#include <functional>
#include <ostream>

#include "analysis/eventlog/event_log.hpp"
#include "analysis/simulation.hpp"
#include "sim/trace.hpp"

namespace courtflow::analysis::eventlog {

/// Runs replication `replication` of `prepared`, handing each service that completed within
/// the horizon to `sink` in order of service start.
void trace_replication(const PreparedRun& prepared, int replication,
                       const std::function<void(const sim::ServiceRecord&)>& sink);

/// Writes replication `replication` as CSV: case_id (c1, c2, ... in order of entering the
/// system), activity (the stage id), timestamp (completion), start, case_type (empty when the
/// model declares no types), resource (STAGE#k, the k-th server of the stage from 1; empty at
/// infinite stages). Times are ISO date-times from the model's start_date, or from 1970-01-01
/// when it has none.
void write_simulated_event_log(std::ostream& out, const PreparedRun& prepared, int replication = 0);

/// Replications 0..replications-1 as one EventLog (cases of each replication kept apart), times
/// counted from the model's start_date (or 1970-01-01).
EventLog simulated_event_log(const PreparedRun& prepared, int replications);

}  // namespace courtflow::analysis::eventlog
