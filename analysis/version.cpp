// The version string, injected by CMake as COURTFLOW_VERSION (project(courtflow VERSION ...)).
#include "analysis/version.hpp"

#ifndef COURTFLOW_VERSION
#error "COURTFLOW_VERSION must be defined by the build (analysis/CMakeLists.txt)"
#endif

namespace courtflow::analysis {

const char* version() { return COURTFLOW_VERSION; }

}  // namespace courtflow::analysis
