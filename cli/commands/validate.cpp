// `courtflow validate MODEL`: load and check a model; list every problem (one line each on
// stderr, exit 2) or say it is fine (exit 0). --format json prints the same as one JSON
// object on stdout for scripts and editors (the stderr lines are printed as well).
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/diagnostics.hpp"
#include "cli/model_input.hpp"

namespace courtflow::cli {
namespace {

struct ValidateOptions {
  std::string model;
  std::string format = "text";
};

nlohmann::ordered_json diagnostic_json(const models::Diagnostic& d) {
  nlohmann::ordered_json j;
  j["severity"] = d.warning ? "warning" : "error";
  j["file"] = d.file;
  j["where"] = d.where;
  j["message"] = d.message;
  return j;
}

int validate(const ValidateOptions& o) {
  const bool json = o.format == "json";
  LoadedModel loaded;
  try {
    loaded = load_and_validate(o.model);
  } catch (const models::InputError& e) {
    if (!json) throw;
    print_error(std::cerr, e.diagnostic().to_string());
    nlohmann::ordered_json j;
    j["file"] = o.model;
    j["ok"] = false;
    j["diagnostics"] = nlohmann::ordered_json::array({diagnostic_json(e.diagnostic())});
    std::cout << j.dump(2) << '\n';
    return kExitBadInput;
  }
  print_diagnostics(std::cerr, loaded.diagnostics);
  const models::Model& m = loaded.model;
  const bool ok = loaded.errors == 0;
  if (json) {
    nlohmann::ordered_json j;
    j["file"] = o.model;
    j["ok"] = ok;
    j["name"] = m.name;
    j["stages"] = m.stages.size();
    j["routes"] = m.routes.size();
    j["arrivals"] = m.arrivals.size();
    j["case_types"] = m.case_types.size();
    j["diagnostics"] = nlohmann::ordered_json::array();
    for (const models::Diagnostic& d : loaded.diagnostics) j["diagnostics"].push_back(diagnostic_json(d));
    std::cout << j.dump(2) << '\n';
  } else if (ok) {
    std::cout << o.model << ": ok (" << m.stages.size() << (m.stages.size() == 1 ? " stage, " : " stages, ")
              << m.routes.size() << (m.routes.size() == 1 ? " route, " : " routes, ") << m.arrivals.size()
              << (m.arrivals.size() == 1 ? " arrival)" : " arrivals)") << '\n';
  }
  return ok ? kExitOk : kExitBadInput;
}

}  // namespace

Command add_validate_command(CLI::App& parent) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* app = parent.add_subcommand("validate");
  app->description(
      "Check a model or scenario file and list every problem in it\n\n"
      "Check MODEL: its structure (keys, types, ranges) and its stage graph (ids that exist,\n"
      "every stage reachable from an arrival and able to reach an exit, route probabilities\n"
      "summing to at most 1 per stage and case type). Prints 'MODEL: ok (...)' or one line per\n"
      "problem on stderr: courtflow: error: FILE: WHERE: MESSAGE.");
  app->add_option("MODEL", o->model, "Model or scenario file (JSON)")->required()->type_name("");
  app->add_option("--format", o->format, "Output format: text or json [default: text]")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  app->footer(
      "Examples:\n"
      "  courtflow validate models/reference/england_wales.json\n"
      "  courtflow validate model.json --format json\n"
      "\n"
      "Exit codes: 0 valid (warnings allowed); 2 bad usage or at least one error; 1 anything else.");
  return Command{app, [o] { return validate(*o); }};
}

}  // namespace courtflow::cli
