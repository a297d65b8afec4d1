#pragma once
// Reading Vega's JavaScript modules for the pages that draw charts (`courtflow report`'s
// report.html and `courtflow serve`'s page), so that both inline the same runtime and no page
// ever fetches a script from another host. A missing library is a ToolError (exit 1): the
// input was fine, the machine lacks a package.

#include <string>

namespace courtflow::cli {

/// Vega's modules from $COURTFLOW_VEGA_DIR, else Debian's libjs-vega, joined into one inline
/// script (analysis/report/vega_runtime). `command` ("report", "serve") starts the messages.
std::string load_vega_runtime(const std::string& command);

}  // namespace courtflow::cli
