// Resolving run settings and running replications (simulation.hpp).

#include "analysis/simulation.hpp"

#include "models/compile.hpp"
#include "models/dates.hpp"
#include "sim/errors.hpp"

namespace courtflow::analysis {

PreparedRun prepare_run(const models::Model& model, const RunSettings& settings, const std::string& file) {
  PreparedRun prepared;
  prepared.model = model;
  prepared.replications = settings.replications ? *settings.replications
                          : model.replications  ? *model.replications
                                                : kDefaultReplications;
  prepared.seed = settings.seed ? *settings.seed : model.seed ? *model.seed : kDefaultSeed;
  if (model.start_date) prepared.start_day = models::parse_iso_date(*model.start_date);
  const PeriodSpec period = settings.period ? *settings.period
                                            : default_period(model.horizon_days, prepared.start_day.has_value());
  prepared.config = models::run_config(model);
  prepared.config.period_ends = period_ends(model.horizon_days, model.warmup_days, prepared.start_day, period);
  prepared.config.max_events = settings.max_events;
  prepared.config.max_cases_in_system = settings.max_cases;
  prepared.config.age_threshold_days = settings.age_threshold_days;
  prepared.config.cancel = settings.cancel;
  prepared.network = models::compile(model, file);
  return prepared;
}

sim::ReplicationSet run_prepared(const PreparedRun& prepared, const RunSettings& settings) {
  sim::ReplicationOptions options;
  options.replications = prepared.replications;
  options.seed = prepared.seed;
  options.threads = settings.threads;
  options.on_progress = settings.on_progress;
  if (settings.share == nullptr) return sim::run_replications(prepared.network, prepared.config, options);

  // Shared among processes: this process's replications, each seeded by its own number as
  // above, then every process's results placed by number on the one that reduces.
  if (options.replications < 1) throw sim::SimError("run: need at least one replication");
  std::vector<int> mine;
  for (int r = 0; r < options.replications; ++r) {
    if (settings.share->is_mine(static_cast<std::size_t>(r))) mine.push_back(r);
  }
  std::vector<sim::ReplicationResult> results = sim::run_replication_list(prepared.network, prepared.config, options, mine);
  std::vector<sim::ReplicationResult> batch(static_cast<std::size_t>(options.replications));
  for (std::size_t k = 0; k < mine.size(); ++k) batch[static_cast<std::size_t>(mine[k])] = std::move(results[k]);
  sim::ReplicationSet set;
  if (!settings.share->gather(batch)) return set;
  set.replications = std::move(batch);
  for (const sim::ReplicationResult& result : set.replications) set.total_events += result.events;
  return set;
}

}  // namespace courtflow::analysis
