#pragma once
// courtflow's version string ("0.1.0"), from the CMake project version, for --version and for
// the provenance block of every output.

namespace courtflow::analysis {

/// The release version, e.g. "0.1.0".
const char* version();

}  // namespace courtflow::analysis
