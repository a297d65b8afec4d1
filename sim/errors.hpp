#pragma once
// Errors the engine raises. Bad model input is caught by models/ before the engine runs; what
// reaches here is a network the engine cannot run (SimError) or a run that exceeded its budget
// (BudgetExceeded), or a run cancelled from outside (Cancelled). Messages carry the simulation time and stage where that helps.

#include <stdexcept>
#include <string>

namespace courtflow::sim {

class SimError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A run stopped by its event or case budget (RunConfig::max_events, max_cases_in_system).
class BudgetExceeded : public SimError {
 public:
  using SimError::SimError;
};

/// A run stopped because RunConfig::cancel was set; its results are discarded.
class Cancelled : public SimError {
 public:
  using SimError::SimError;
};

}  // namespace courtflow::sim
