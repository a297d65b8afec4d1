// (in progress) part of courtflow bottlenecks.
#include "analysis/traffic_equations.hpp"
