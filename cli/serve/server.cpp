// The HTTP side of `courtflow serve` (see server.hpp).
#include "cli/serve/server.hpp"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

// Pending connections the kernel keeps before accept(): cpp-httplib's default of 5 is small
// for a page whose planners' browsers open several at once (20 test clients on a loaded
// machine saw connections reset). This is the only file that includes httplib.h.
#define CPPHTTPLIB_LISTEN_BACKLOG 128
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/serve/api_error.hpp"
#include "cli/serve/job_queue.hpp"
#include "models/diagnostic.hpp"

namespace courtflow::cli::serve {
namespace {

using Json = nlohmann::ordered_json;

// What the page may load: itself and its own API. Inline scripts and styles only (Vega is
// inlined, as in report.html), no eval (Vega runs with its interpreter), no other host.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// HTTP threads: enough for every client of the load test to hold a connection while others
// wait for a run (requests that wait for a job hold their thread).
constexpr std::size_t kHttpThreads = 32;

void reply_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, status, error_body(message));
}

void reply(httplib::Response& res, const JobResult& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
}

// The token a request presents: "Authorization: Bearer T", "X-Courtflow-Token: T" or ?token=T
// (for the page's first load and its download links).
std::optional<std::string> presented_token(const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  if (req.has_header("X-Courtflow-Token")) return req.get_header_value("X-Courtflow-Token");
  if (req.has_param("token")) return req.get_param_value("token");
  return std::nullopt;
}

// The host name of a Host header ("127.0.0.1:8080" -> "127.0.0.1", "[::1]:80" -> "::1").
std::string host_name(const std::string& header) {
  if (!header.empty() && header.front() == '[') {
    const std::size_t close = header.find(']');
    return header.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  }
  return header.substr(0, header.rfind(':') == std::string::npos ? header.size() : header.rfind(':'));
}

// The body as JSON, or ApiError 400 with the JSON reader's position, as for a file.
nlohmann::json parse_body(const httplib::Request& req) {
  if (req.body.empty()) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    const std::size_t at = what.find("] ");
    throw ApiError(400, "request: invalid JSON: " + (at == std::string::npos ? what : what.substr(at + 2)).substr(0, 200));
  }
}

bool wants_replace(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("replace")) return false;
  if (!body["replace"].is_boolean()) throw ApiError(400, "request: replace: must be true or false");
  return body["replace"].get<bool>();
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

bool same_secret(const std::string& presented, const std::string& expected) {
  unsigned char diff = presented.size() == expected.size() ? 0 : 1;
  if (expected.empty()) return false;
  for (std::size_t i = 0; i < presented.size(); ++i) {
    diff |= static_cast<unsigned char>(presented[i] ^ expected[i % expected.size()]);
  }
  return diff == 0;
}

void serve_http(WhatIf& whatif, const ServerOptions& options, const std::function<void(int)>& on_listening) {
  // SIGINT and SIGTERM stop the server: blocked here, before any thread starts (threads
  // inherit the mask), and taken by one thread with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Memory: after each job, give freed memory back to the system (glibc keeps it otherwise,
  // and a long-running server would hold the peak of its largest run).
  JobQueue queue(options.queue_capacity, [] { malloc_trim(0); });
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kHttpThreads); };
  server.set_payload_max_length(options.max_body_bytes);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(30, 0);
  server.set_keep_alive_timeout(2);
  server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cache-Control", "no-store"}});

  const std::string model_json = [&] {
    Json j = whatif.describe();
    j["diagram_svg"] = options.diagram_svg;
    return j.dump() + "\n";
  }();

  if (options.log_requests) {
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "courtflow serve: %s %s %d %zu\n", req.method.c_str(), req.path.c_str(), res.status,
                   res.body.size());
    });
  }

  // Every request: without a token, the Host it names (against DNS rebinding: a page elsewhere
  // cannot reach the loopback server through a name of its own; with a token it cannot present
  // the token, and clients may name the machine as they like), then the token, then JSON for POSTs.
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    const std::string host = host_name(req.get_header_value("Host"));
    if (options.token.empty() && !host.empty() && !is_loopback_host(host) && host != options.host) {
      reply_error(res, 403, "request for host \"" + host + "\" refused: this server answers to " + options.host);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!options.token.empty()) {
      const std::optional<std::string> token = presented_token(req);
      if (!token || !same_secret(*token, options.token)) {
        res.set_header("WWW-Authenticate", "Bearer");
        reply_error(res, 401, token ? "wrong token" : "this server needs its token (Authorization: Bearer TOKEN, or ?token=TOKEN)");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (req.method == "POST" && req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
      reply_error(res, 415, "request: the body must be JSON (Content-Type: application/json)");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Error answers that have no body yet (413 from the body limit, 404) get a JSON one.
  server.set_error_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      reply_error(res, 413, "request: body larger than the server's limit of " + std::to_string(options.max_body_bytes) +
                                " bytes (serve --max-body)");
    } else if (res.status == 404) {
      reply_error(res, 404, "no such page or API: " + req.method + " " + req.path);
    } else {
      reply_error(res, res.status, "HTTP " + std::to_string(res.status));
    }
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      reply_error(res, 500, std::string("internal: ") + e.what());
    } catch (...) {
      reply_error(res, 500, "internal: unknown exception");
    }
  });

  // Checks on the request thread (quick: parse, validate, budget), work on the queue's thread.
  const auto run_job = [&](httplib::Response& res, const std::string& kind, bool replace, JobWork work) {
    std::shared_ptr<Job> job;
    try {
      job = queue.submit(kind, std::move(work), replace);
    } catch (const QueueFull& e) {
      res.set_header("Retry-After", "5");
      reply_error(res, 429, e.what());
      return;
    }
    reply(res, job->wait());
  };
  const auto guarded = [](const std::function<void(const httplib::Request&, httplib::Response&)>& handler) {
    return [handler](const httplib::Request& req, httplib::Response& res) {
      try {
        handler(req, res);
      } catch (const ApiError& e) {
        reply_error(res, e.status(), e.what());
      } catch (const models::InputError& e) {
        reply_error(res, 400, e.diagnostic().to_string());
      } catch (const UsageError& e) {
        reply_error(res, 400, e.what());
      }
    };
  };

  const auto page = [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(options.page_html, "text/html; charset=utf-8");
  };
  server.Get("/", page);
  server.Get("/index.html", page);
  server.Get("/api/model", [&](const httplib::Request&, httplib::Response& res) { reply_json(res, 200, model_json); });
  server.Get("/api/status", [&](const httplib::Request&, httplib::Response& res) {
    const JobQueue::Status s = queue.status();
    Json j;
    if (s.running) {
      j["running"] = {{"id", s.running->id()}, {"kind", s.running->kind()}, {"phase", s.running->phase()},
                      {"done", s.running->done()}, {"total", s.running->total()}, {"cancelled", s.running->cancelled()}};
    } else {
      j["running"] = nullptr;
    }
    j["waiting"] = s.waiting;
    j["capacity"] = s.capacity;
    j["finished"] = s.finished;
    reply_json(res, 200, j.dump() + "\n");
  });
  server.Post("/api/run", guarded([&](const httplib::Request& req, httplib::Response& res) {
    const nlohmann::json body = parse_body(req);
    const bool replace = wants_replace(body);
    auto request = std::make_shared<WhatIfRequest>(whatif.parse_run_request(body, "", std::nullopt, std::nullopt));
    run_job(res, "run", replace, [&whatif, request](Job& job) {
      return JobResult{200, "application/json", whatif.run(*request, job)};
    });
  }));
  server.Post("/api/compare", guarded([&](const httplib::Request& req, httplib::Response& res) {
    const nlohmann::json body = parse_body(req);
    if (!body.is_object() || !body.contains("scenarios") || !body["scenarios"].is_array() || body["scenarios"].empty() ||
        body["scenarios"].size() > 8) {
      throw ApiError(400, "request: scenarios: must be a list of 1 to 8 scenarios, each {\"name\", \"changes\"}");
    }
    const auto [replications, seed] = whatif.run_size(body);
    auto requests = std::make_shared<std::vector<WhatIfRequest>>();
    std::uint64_t events = 0;
    for (std::size_t i = 0; i < body["scenarios"].size(); ++i) {
      requests->push_back(
          whatif.parse_run_request(body["scenarios"][i], "scenarios[" + std::to_string(i) + "]", replications, seed));
      events += requests->back().estimated_events;
    }
    const std::uint64_t limit = whatif.settings().max_run_events;
    if (events > limit) {
      throw ApiError(400, "request: over the server's budget: about " + std::to_string(events) +
                              " events for all the scenarios together, at most " + std::to_string(limit) +
                              " (serve --max-run-events): use fewer scenarios or replications");
    }
    run_job(res, "compare", wants_replace(body), [&whatif, requests](Job& job) {
      return JobResult{200, "application/json", whatif.compare(*requests, job)};
    });
  }));
  const auto report = [&](bool xlsx) {
    return [&, xlsx](const httplib::Request&, httplib::Response& res) {
      run_job(res, "report", false, [&whatif, xlsx](Job& job) { return whatif.report(job, xlsx); });
      if (res.status == 200) {
        res.set_header("Content-Disposition", xlsx ? "attachment; filename=\"report.xlsx\""
                                                   : "attachment; filename=\"report.html\"");
      }
    };
  };
  server.Get("/api/report", report(false));
  server.Get("/api/report.xlsx", report(true));

  const int port = options.port == 0 ? server.bind_to_any_port(options.host)
                                     : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    throw ToolError("serve: cannot listen on " + options.host + ":" + std::to_string(options.port) +
                    " (in use, or not an address of this machine)");
  }
  std::atomic<bool> listen_returned{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    queue.stop();  // requests waiting for a run are answered (409) so that their threads can end
    // stop() does nothing before the listener runs: a signal just after the start waits for it.
    for (int i = 0; i < 1000 && !server.is_running() && !listen_returned.load(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.stop();
  });
  on_listening(port);
  server.listen_after_bind();
  listen_returned.store(true);
  // Stopped by a signal (the stopper has finished), or the listener failed: wake the stopper.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
}

}  // namespace courtflow::cli::serve
