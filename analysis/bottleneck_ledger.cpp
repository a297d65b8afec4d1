// (in progress) part of courtflow bottlenecks.
#include "analysis/bottleneck_ledger.hpp"
