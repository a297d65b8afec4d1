// (in progress) part of courtflow bottlenecks.
#include "analysis/bottleneck_report.hpp"
