// courtflow._courtflow: the pybind11 bindings of api.hpp. Every operation that simulates runs on
// a worker thread with the interpreter's lock released (other Python threads keep running; the
// engine's own threads do the replications); the calling thread wakes every 50 ms, takes the
// lock and asks Python whether a signal arrived (PyErr_CheckSignals). On Ctrl-C it sets the
// run's cancel flag (sim::RunConfig::cancel), waits for the worker to stop (sim::Cancelled,
// within 65,536 events of each replication) and raises KeyboardInterrupt. Bad input arrives in
// Python as courtflow.InputError (a ValueError) with the CLI's one-line messages.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "analysis/version.hpp"
#include "models/diagnostic.hpp"
#include "python/src/api.hpp"
#include "sim/errors.hpp"

namespace py = pybind11;

namespace courtflow::python {
namespace {

// Runs work(cancel_flag) on a worker thread with the GIL released, polling for signals.
// Operations that cannot be cancelled (calibration, backtest) ignore the flag: a Ctrl-C then
// takes effect when they finish.
template <class Work>
auto run_interruptible(Work work) -> decltype(work(nullptr)) {
  using Result = decltype(work(nullptr));
  std::atomic<bool> cancel{false};
  std::packaged_task<Result()> task([&work, &cancel] { return work(&cancel); });
  std::future<Result> result = task.get_future();
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker(std::move(task));
    while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {  // a Python exception (KeyboardInterrupt) is now set
        interrupted = true;
        cancel.store(true);
        break;
      }
    }
    worker.join();
  }
  if (interrupted) {
    try {
      result.get();  // sim::Cancelled, or the finished result: dropped either way
    } catch (...) {
    }
    throw py::error_already_set();
  }
  return result.get();
}

py::dict outputs_dict(const Outputs& out) {
  py::dict d;
  py::dict files;
  for (const auto& [name, text] : out.files) files[py::str(name)] = py::str(text);
  d["files"] = files;
  d["warnings"] = out.warnings;
  return d;
}

RunOptions run_options(std::optional<int> replications, std::optional<std::uint64_t> seed, int threads,
                       const std::string& period, double over_days, std::optional<std::uint64_t> max_events,
                       std::optional<std::uint64_t> max_cases) {
  if (replications && (*replications < 1 || *replications > 100000)) {
    throw InputErrors({"replications: must be a whole number from 1 to 100000 (got " +
                       std::to_string(*replications) + ")"});
  }
  if (threads < 0 || threads > 4096) {
    throw InputErrors({"threads: must be a whole number from 0 to 4096 (got " + std::to_string(threads) + ")"});
  }
  return RunOptions{replications, seed, threads, period, over_days, max_events, max_cases};
}

}  // namespace
}  // namespace courtflow::python

PYBIND11_MODULE(_courtflow, m) {
  using namespace courtflow::python;
  m.doc() = "courtflow's C++ core; use the courtflow package, not this module";
  m.attr("__version__") = courtflow::analysis::version();

  // InputError is defined in Python (courtflow/_errors.py) as a ValueError with .lines; the
  // module raises it by name so that there is one class for users to catch.
  // Held for the life of the process (released, never decremented after finalisation).
  static const py::handle input_error = py::object(py::module_::import("courtflow._errors").attr("InputError")).release();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputErrors& e) {
      py::object err = input_error(py::str(e.what()), e.lines());
      PyErr_SetObject(input_error.ptr(), err.ptr());
    } catch (const courtflow::models::InputError& e) {
      const std::string line = e.diagnostic().to_string();
      py::object err = input_error(py::str(line), std::vector<std::string>{line});
      PyErr_SetObject(input_error.ptr(), err.ptr());
    } catch (const courtflow::sim::SimError& e) {
      PyErr_SetString(PyExc_RuntimeError, (std::string("simulation failed: ") + e.what()).c_str());
    }
  });

  py::class_<ModelHandle>(m, "ModelHandle")
      .def_property_readonly("name", [](const ModelHandle& h) { return h.model.name; })
      .def_property_readonly("source", [](const ModelHandle& h) { return h.source; })
      .def_property_readonly("warnings", [](const ModelHandle& h) { return h.warnings; })
      .def_property_readonly("stage_ids",
                             [](const ModelHandle& h) {
                               std::vector<std::string> ids;
                               for (const auto& s : h.model.stages) ids.push_back(s.id);
                               return ids;
                             })
      .def("to_json", &model_json);

  m.def("load_file", &load_file, py::arg("path"), py::call_guard<py::gil_scoped_release>());
  m.def("load_json_text", &load_json_text, py::arg("text"), py::arg("label"), py::arg("base_dir"),
        py::call_guard<py::gil_scoped_release>());
  m.def("with_changes", &with_changes, py::arg("base"), py::arg("changes_json"), py::arg("name"),
        py::arg("description"), py::call_guard<py::gil_scoped_release>());

  m.def(
      "run",
      [](const ModelHandle& model, std::optional<int> replications, std::optional<std::uint64_t> seed, int threads,
         const std::string& period, double over_days, std::optional<std::uint64_t> max_events,
         std::optional<std::uint64_t> max_cases) {
        const RunOptions o = run_options(replications, seed, threads, period, over_days, max_events, max_cases);
        return outputs_dict(run_interruptible([&](const std::atomic<bool>* cancel) { return run(model, o, cancel); }));
      },
      py::arg("model"), py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("period"),
      py::arg("over_days"), py::arg("max_events"), py::arg("max_cases"));

  m.def(
      "bottlenecks",
      [](const ModelHandle& model, std::optional<int> replications, std::optional<std::uint64_t> seed, int threads,
         const std::string& period, std::optional<std::uint64_t> max_events, std::optional<std::uint64_t> max_cases,
         const std::string& add, const std::vector<std::string>& stages) {
        const RunOptions o = run_options(replications, seed, threads, period, 365, max_events, max_cases);
        return outputs_dict(run_interruptible(
            [&](const std::atomic<bool>* cancel) { return bottlenecks(model, o, add, stages, cancel); }));
      },
      py::arg("model"), py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("period"),
      py::arg("max_events"), py::arg("max_cases"), py::arg("add"), py::arg("stages"));

  m.def(
      "compare",
      [](const ModelHandle& base, const std::vector<const ModelHandle*>& scenarios, std::optional<int> replications,
         std::optional<std::uint64_t> seed, int threads, const std::string& period, double over_days,
         std::optional<std::uint64_t> max_events, std::optional<std::uint64_t> max_cases) {
        const RunOptions o = run_options(replications, seed, threads, period, over_days, max_events, max_cases);
        return outputs_dict(
            run_interruptible([&](const std::atomic<bool>* cancel) { return compare(base, scenarios, o, cancel); }));
      },
      py::arg("base"), py::arg("scenarios"), py::arg("replications"), py::arg("seed"), py::arg("threads"),
      py::arg("period"), py::arg("over_days"), py::arg("max_events"), py::arg("max_cases"));

  m.def(
      "calibrate",
      [](const std::string& csv, const std::string& label, const std::string& name, std::uint64_t seed,
         int validation_replications) {
        const CalibrateInput input{csv, label, name, seed, validation_replications};
        Calibrated out = run_interruptible([&](const std::atomic<bool>*) { return calibrate(input); });
        return py::make_tuple(std::move(out.model), out.report_json);
      },
      py::arg("csv"), py::arg("label"), py::arg("name"), py::arg("seed"), py::arg("validation_replications"));

  m.def(
      "backtest",
      [](const ModelHandle& model, const std::string& csv, const std::string& label, const std::string& split,
         const std::vector<std::string>& stages, const std::vector<std::string>& exclude, int window, int periods,
         int replications, int draws, std::uint64_t seed, int threads, bool known_receipts, bool use_capacity) {
        const BacktestInput input{csv,          label, split, stages, exclude,        window,      periods,
                                  replications, draws, seed,  threads, known_receipts, use_capacity};
        return outputs_dict(run_interruptible([&](const std::atomic<bool>*) { return backtest(model, input); }));
      },
      py::arg("model"), py::arg("csv"), py::arg("label"), py::arg("split"), py::arg("stages"), py::arg("exclude"),
      py::arg("window"), py::arg("periods"), py::arg("replications"), py::arg("draws"), py::arg("seed"),
      py::arg("threads"), py::arg("known_receipts"), py::arg("use_capacity"));
}
