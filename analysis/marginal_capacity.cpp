// (in progress) part of courtflow bottlenecks.
#include "analysis/marginal_capacity.hpp"
