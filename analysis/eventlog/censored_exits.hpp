#pragma once
// Which case ends are exits, when the extract may have stopped before a case's next event.
//
// A case whose last event is activity A at time t, with nothing after it by the end of the
// extract, either left after A (an exit) or has its next event still to come: its time to the
// next event is right-censored at c = end - t. Counting every such end as an exit biases the
// exits upward; leaving out every end later than some horizon biases them the other way when
// the time to the next event is long-tailed. This is the mixture ("cure") model of the
// departures from A: each is an exit with probability p, else a transition whose time to the
// next event has survival S(g) (the same whatever comes next). An end censored at c is an exit
// with probability
//     q = p / (p + (1 - p) S(c)).
// p (per group: the case type) and S (pooled over groups) are estimated jointly by EM (Peng &
// Dear 2000; Sy & Taylor 2000): S is the Kaplan-Meier estimate over the observed times to the
// next event (weight 1) and the ends (censored at c, weight 1 - q, the chance that they are
// transitions after all); p is the expected share of exits among the group's departures. S is
// 0 beyond the longest observed time to the next event (the zero-tail constraint), so an end
// censored later than that is certainly an exit (q = 1): a log whose ends are all older than
// that gives q = 1 everywhere, which is plain counting. With no observed time to the next event
// there is nothing to say an end might be followed: q = 1.

#include <cstdint>
#include <vector>

namespace courtflow::analysis::eventlog {

/// The departures from one activity.
struct Departures {
  struct End {
    double censored_at = 0;   ///< days from the event to the end of the extract
    std::uint32_t group = 0;  ///< the case type (index into observed)
  };
  std::vector<double> gaps;              ///< observed times to the next event (days), every group
  std::vector<End> ends;                 ///< the events that end their case
  std::vector<std::uint64_t> observed;   ///< observed transitions (gaps) per group; its size is the groups
};

struct ExitChances {
  std::vector<double> q;       ///< per end (in the order given), the chance that it is an exit
  std::vector<double> p_exit;  ///< per group, the share of exits among the departures
  int iterations = 0;
  bool converged = true;
};

/// The EM above, from q = 1 (every end an exit), to a change in every q below 1e-10 (at most
/// 10,000 iterations; `converged` says whether the tolerance was met).
ExitChances exit_chances(const Departures& departures);

}  // namespace courtflow::analysis::eventlog
