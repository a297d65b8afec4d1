#pragma once
// The HTTP side of `courtflow serve` (Debian's cpp-httplib): routes, the token check, limits
// and headers, turning requests into WhatIf calls run on the JobQueue's worker thread. The
// API is documented in docs/FORMATS.md ("courtflow serve API"); the page in docs/SERVE.md.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "cli/serve/whatif.hpp"

namespace courtflow::cli::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0: any free port (the one chosen is passed to on_listening)
  std::string token;  ///< empty: none (only allowed on a loopback host)
  std::size_t max_body_bytes = 256 * 1024;
  std::size_t queue_capacity = 4;
  std::string page_html;     ///< the whole page, assets inlined
  std::string diagram_svg;   ///< the stage diagram (may be empty if Graphviz is missing)
  bool log_requests = false; ///< one line per request on stderr: method, path, status, bytes
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

/// Compares a presented secret with the expected one in time that depends only on the length
/// of what was presented.
bool same_secret(const std::string& presented, const std::string& expected);

/// Serves until SIGINT or SIGTERM (or stop_signal_fd-style shutdown by the caller). Calls
/// `on_listening(port)` once bound. Throws ToolError if the address cannot be bound.
void serve_http(WhatIf& whatif, const ServerOptions& options, const std::function<void(int)>& on_listening);

}  // namespace courtflow::cli::serve
