// Shared pieces of the simulating subcommands (see run_support.hpp).
#include "cli/run_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <locale>
#include <sstream>
#include <thread>

#include "analysis/periods.hpp"
#include "cli/command.hpp"
#include "cluster/session.hpp"
#include "cli/memory_guard.hpp"
#include "cli/option_checks.hpp"

namespace courtflow::cli {
namespace {

constexpr double kMaxPeriods = 100000;

}  // namespace

void add_run_options(CLI::App& app, RunOptionValues& o) {
  o.replications_opt = app.add_option("--replications", o.replications, "Replications [default: the model's, else 10]")
                           ->type_name("N")
                           ->check(whole_number(1, 100000));
  o.seed_opt = app.add_option("--seed", o.seed, "Random seed [default: the model's, else 12345]")
                   ->type_name("S")
                   ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  app.add_option("--threads", o.threads, "Worker threads, 0 = all cores [default: 0]")
      ->type_name("T")
      ->check(whole_number(0, 4096));
  app.add_option("--period", o.period, "Time-series period: month, quarter, year or N days")
      ->type_name("P")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return analysis::parse_period(value) ? std::string()
                                                 : "must be month, quarter, year or a positive number of days (got \"" +
                                                       value + "\")";
          },
          ""));
  app.add_option("--max-events", o.max_events, "Event budget per replication [default: 2e9]")
      ->type_name("N")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max() / 2));
  app.add_option("--max-cases", o.max_cases, "Most cases in the system at once [default: 5e7]")
      ->type_name("N")
      ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max() / 2));
  app.add_option("--max-memory", o.max_memory, "Memory budget of the run, e.g. 4G [default: half the RAM]")
      ->type_name("SIZE")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return parse_memory_size(value) ? std::string()
                                            : "must be a size such as 512M, 4G or 1.5T (got \"" + value + "\")";
          },
          ""));
}

void add_over_option(CLI::App& app, RunOptionValues& o) {
  app.add_option("--over", o.over_days,
                 "Age threshold of the series wip_over_N_days, share_over_N_days [default: 365]")
      ->type_name("DAYS")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            double days = 0;
            const char* last = value.data() + value.size();
            const auto [end, ec] = std::from_chars(value.data(), last, days, std::chars_format::fixed);
            const bool ok = ec == std::errc() && end == last && days > 0 && days <= 1e6;
            return ok ? std::string() : "must be a number of days above 0 (got \"" + value + "\")";
          },
          ""));
}

analysis::RunSettings run_settings(const RunOptionValues& o, const models::Model& model) {
  analysis::RunSettings settings;
  if (o.replications_opt != nullptr && o.replications_opt->count() > 0) settings.replications = o.replications;
  if (o.seed_opt != nullptr && o.seed_opt->count() > 0) settings.seed = o.seed;
  settings.threads = o.threads;
  // Under mpirun: this rank's share of the runs, and its part of the machine's cores.
  cluster::Session* session = cluster::Session::current();
  if (session != nullptr && session->share() != nullptr) {
    settings.share = session->share();
    if (o.threads == 0) {
      const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      settings.threads = std::max(1, cores / session->ranks_on_this_node());
    }
  }
  if (!o.period.empty()) settings.period = *analysis::parse_period(o.period);  // checked by the option's validator
  settings.max_events = o.max_events;
  settings.max_cases = o.max_cases;
  settings.age_threshold_days = o.over_days;
  const analysis::PeriodSpec period =
      settings.period ? *settings.period : analysis::default_period(model.horizon_days, model.start_date.has_value());
  const double periods = analysis::count_periods(model.horizon_days, model.warmup_days, period);
  if (periods > kMaxPeriods) {
    throw UsageError("--period " + o.period + ": gives about " + fixed(periods, 0) + " periods over the " +
                     fixed(model.horizon_days, 0) + "-day horizon; at most " + fixed(kMaxPeriods, 0) +
                     " are allowed (use a longer period)");
  }
  // The memory guard: refuse a run whose series cannot fit, and keep the cases of the
  // replications running at once within what is left (memory_guard.hpp).
  const std::uint64_t budget = o.max_memory.empty() ? default_memory_budget() : *parse_memory_size(o.max_memory);
  const int replications = settings.replications ? *settings.replications
                           : model.replications  ? *model.replications
                                                 : analysis::kDefaultReplications;
  const int threads = settings.threads > 0 ? settings.threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const MemoryPlan plan = plan_memory(budget, replications, threads, periods, model.stages.size(), o.max_cases);
  settings.max_cases = plan.max_cases;
  remember_memory_plan(plan, budget);
  return settings;
}

bool writes_outputs() {
  const cluster::Session* session = cluster::Session::current();
  return session == nullptr || session->is_root();
}

void throw_over_budget(const sim::BudgetExceeded& e, const std::string& model_file) {
  const std::string what = e.what();
  const bool events = what.rfind("event", 0) == 0;
  if (const auto plan = remembered_memory_plan(); !events && plan && plan->first.cases_limited_by_memory) {
    throw UsageError(model_file + ": run stopped by the memory guard: " + what + " (the most that fit in --max-memory " +
                     memory_text(plan->second) + " with the replications running at once); the model may be " +
                     "unstable (arrivals faster than service), or raise --max-memory or lower --threads");
  }
  throw UsageError(model_file + ": run stopped: " + what + "; either the run needs more than the budget (raise it " +
                   "with " + (events ? "--max-events N" : "--max-cases N") + ") or the model is unstable (arrivals " +
                   "faster than service)");
}

bool Progress::wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

void Progress::set_label(std::string label) {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  label_ = std::move(label);
  shown_ = 0;
}

void Progress::update(int done, int total) {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (done <= shown_) return;  // callbacks may arrive out of order
  shown_ = done;
  std::string line = label_.empty() ? std::string() : label_ + ": ";
  line += "replication " + std::to_string(done) + '/' + std::to_string(total);
  const std::size_t pad = width_ > line.size() ? width_ - line.size() : 0;
  width_ = std::max(width_, line.size());
  std::cerr << '\r' << line << std::string(pad, ' ') << std::flush;
}

void Progress::clear() {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (width_ > 0) std::cerr << '\r' << std::string(width_, ' ') << '\r' << std::flush;
  width_ = 0;
  shown_ = 0;
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

std::string with_interval(const analysis::Interval& iv, int decimals, bool signed_values) {
  if (!iv.has_value()) return "-";
  if (decimals < 0) {
    const double size = std::max({std::fabs(iv.mean), iv.n > 1 ? std::fabs(iv.lo) : 0.0, iv.n > 1 ? std::fabs(iv.hi) : 0.0});
    const double lead = signed_values ? size : std::fabs(iv.mean);
    decimals = lead < 1 && lead != 0 ? 2 : lead < 100 ? 1 : 0;
    // Signed differences can be tiny: keep two significant digits rather than print -0.00.
    if (signed_values && lead > 0 && lead < 0.01) decimals = 1 - static_cast<int>(std::floor(std::log10(lead)));
  }
  const auto number = [&](double v) {
    std::string text = fixed(v, decimals);
    const bool zero = text.find_first_not_of("-0.") == std::string::npos;
    if (zero && text.front() == '-') text.erase(0, 1);  // "-0.0" reads as 0.0
    if (signed_values && v > 0 && !zero) text = "+" + text;
    return text;
  };
  std::string text = number(iv.mean);
  if (iv.n > 1) {
    text += " (" + number(iv.lo) + (signed_values ? " to " : "-") + number(iv.hi) + ")";
  }
  return text;
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += ' ';
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 1, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

}  // namespace courtflow::cli
