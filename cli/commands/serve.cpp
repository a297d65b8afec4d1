// `courtflow serve MODEL`: the what-if page for planners and its JSON API, on a local web
// server (cli/serve). Loads and validates the model (exit 2 with every problem if it is bad),
// checks the options that keep it safe (a host other than loopback needs --token), loads Vega
// and draws the stage diagram once (exit 1 if libjs-vega or Graphviz is missing, as `report`),
// then serves until Ctrl-C or SIGTERM. The only folder it writes is --out (the reports); with
// no --out, a fresh folder in the temporary directory, removed when the server stops.
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/graphviz_svg.hpp"
#include "cli/model_input.hpp"
#include "cli/run_support.hpp"
#include "cli/serve/page_assets.hpp"
#include "cli/serve/server.hpp"
#include "cli/serve/whatif.hpp"
#include "cli/vega_loader.hpp"
#include "models/graphviz.hpp"

namespace courtflow::cli {
namespace {

namespace fs = std::filesystem;

struct ServeOptions {
  std::string model;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string token;
  std::string out;
  RunOptionValues run;
  int max_replications = 100;
  std::uint64_t max_run_events = serve::WhatIfSettings{}.max_run_events;
  std::size_t max_body = serve::ServerOptions{}.max_body_bytes;
  std::size_t queue = serve::ServerOptions{}.queue_capacity;
  bool log = false;
};

// The output folder: --out (created if absent), else a fresh temporary one (removed at exit).
fs::path output_folder(const std::string& out, bool& temporary) {
  temporary = out.empty();
  if (temporary) {
    std::string pattern = (fs::temp_directory_path() / "courtflow-serve-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw ToolError("serve: cannot make a temporary output folder");
    return fs::path(pattern);
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out)) throw UsageError("--out " + out + ": cannot create this folder");
  return fs::absolute(out);
}

int run_serve(const ServeOptions& o) {
  if (!serve::is_loopback_host(o.host) && o.token.empty()) {
    throw UsageError("--host " + o.host + ": a host other than 127.0.0.1 (or localhost, ::1) needs --token, "
                     "checked on every request");
  }
  if (!o.token.empty() && o.token.size() < 16) {
    throw UsageError("--token: must be at least 16 characters (e.g. from 'openssl rand -hex 16')");
  }
  LoadedModel loaded = load_and_validate(o.model);
  print_diagnostics(std::cerr, loaded.diagnostics);
  if (loaded.errors > 0) return kExitBadInput;
  models::Model model = std::move(loaded.model);
  if (o.run.replications_opt != nullptr && o.run.replications_opt->count() > 0) model.replications = o.run.replications;
  if (o.run.seed_opt != nullptr && o.run.seed_opt->count() > 0) model.seed = o.run.seed;
  (void)run_settings(o.run, model);  // the period and memory checks, before serving anything

  const std::string vega = load_vega_runtime("serve");
  const fs::path dot = find_dot();
  if (dot.empty()) throw ToolError("serve: the stage diagram needs Graphviz's \"dot\" on PATH (apt-get install graphviz)");
  const std::string diagram = render_svg(dot, models::to_dot(model));

  bool temporary = false;
  const fs::path out = output_folder(o.out, temporary);
  serve::WhatIfSettings settings;
  settings.run = o.run;
  settings.max_replications = o.max_replications;
  settings.max_run_events = o.max_run_events;
  serve::ServerOptions server;
  server.host = o.host;
  server.port = o.port;
  server.token = o.token;
  server.max_body_bytes = o.max_body;
  server.queue_capacity = o.queue;
  server.page_html = serve::assemble_page(vega);
  server.diagram_svg = diagram;
  server.log_requests = o.log;
  {
    serve::WhatIf whatif(o.model, std::move(model), settings, out, vega, diagram);
    try {
      serve::serve_http(whatif, server, [&](int port) {
        const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
        std::cout << "courtflow serve: " << o.model << " at http://" << host << ":" << port << "/"
                  << (o.token.empty() ? "" : " (add ?token=TOKEN)") << "; reports in " << out.string()
                  << "; Ctrl-C stops" << std::endl;
      });
    } catch (...) {
      if (temporary) fs::remove_all(out);
      throw;
    }
  }
  if (temporary) {
    std::error_code ec;
    fs::remove_all(out, ec);
  }
  std::cout << "courtflow serve: stopped" << std::endl;
  return kExitOk;
}

}  // namespace

Command add_serve_command(CLI::App& parent) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* app = parent.add_subcommand("serve");
  app->description(
      "The what-if page for planners: a local web server with one page and a JSON API\n\n"
      "Serve MODEL at http://HOST:PORT/: the stage diagram, a lever per stage, arrival stream\n"
      "and route (servers, arrivals, service times, route shares, each from a start date with\n"
      "an optional ramp-up), a Run button, fan charts of the open caseload against the\n"
      "baseline, the bottleneck table, headline sentences, and the report to download.\n"
      "API: GET /api/model, POST /api/run, POST /api/compare, GET /api/status,\n"
      "GET /api/report, GET /api/report.xlsx (docs/FORMATS.md, docs/SERVE.md).\n"
      "Runs happen one at a time off the request threads, in a queue of --queue jobs; the\n"
      "page's Run cancels the run it replaces. A run whose estimated events exceed\n"
      "--max-run-events is refused. Binds to 127.0.0.1 unless --host says otherwise, which\n"
      "needs --token. Writes only into --out. Needs libjs-vega and graphviz, as 'report'.");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON): the baseline")->required()->type_name("");
  app->add_option("--port", o->port, "Port, 0 = any free one [default: 8080]")->check(CLI::Range(0, 65535));
  app->add_option("--host", o->host, "Address to listen on [default: 127.0.0.1]")->type_name("HOST");
  app->add_option("--token", o->token,
                  "Secret every request must present (Authorization: Bearer T or ?token=T);\n"
                  "required with a --host other than loopback")
      ->type_name("T");
  app->add_option("--out", o->out, "Folder for the reports [default: a temporary folder, removed at exit]")
      ->type_name("DIR");
  add_run_options(*app, o->run);
  app->add_option("--max-replications", o->max_replications, "Most replications a request may ask for [default: 100]")
      ->check(CLI::Range(1, 100000));
  app->add_option("--max-run-events", o->max_run_events,
                  "Refuse a request whose estimated events (replications x events of one)\n"
                  "exceed N [default: 3e8]")
      ->type_name("N");
  app->add_option("--max-body", o->max_body, "Largest request body in bytes [default: 262144]")
      ->check(CLI::Range(1024, 16 * 1024 * 1024));
  app->add_option("--queue", o->queue, "Jobs running or waiting at once; more get HTTP 429 [default: 4]")
      ->check(CLI::Range(1, 64));
  app->add_flag("--log", o->log, "One line per request on stderr: method, path, status, bytes");
  app->footer(
      "Examples:\n"
      "  courtflow serve models/reference/divorce.json\n"
      "  courtflow serve models/reference/england_wales.json --port 8090 --replications 10 --out out/serve\n"
      "  courtflow serve model.json --host 0.0.0.0 --token \"$(openssl rand -hex 16)\"\n"
      "\n"
      "Exit codes: 0 stopped by Ctrl-C or SIGTERM; 2 bad usage or a bad model; 1 anything else\n"
      "(the port in use, Vega or Graphviz missing).");
  return Command{app, [o] { return run_serve(*o); }};
}

}  // namespace courtflow::cli
