"""courtflow's Python API: the command line's subcommands as functions and methods.

Every call runs the same C++ code as the ``courtflow`` command with the same defaults, so the
same model, seed and replications give the same numbers (summary.json's
``performance.wall_seconds`` aside). Simulations run with Python's lock released and stop
cleanly on Ctrl-C (KeyboardInterrupt). Bad input raises :class:`courtflow.InputError`.
"""

import json
import os
import warnings

import pandas as pd

from . import _courtflow
from ._errors import CourtflowWarning, InputError
from ._frames import csv_frame, measure_frame

__all__ = ["Model", "Result", "Bottlenecks", "Comparison", "Backtest", "load", "calibrate", "compare", "backtest"]


def _warn(lines):
    for line in lines:
        warnings.warn(line, CourtflowWarning, stacklevel=3)


def _optional_period(period):
    if period is None:
        return ""
    return str(period)


class Model:
    """A validated model (a model file, a scenario with its base applied, a dict, or a
    calibration's result). Build one with :func:`courtflow.load`."""

    def __init__(self, handle):
        self._handle = handle

    @property
    def name(self):
        """The model's name (a scenario's ``scenario`` name)."""
        return self._handle.name

    @property
    def source(self):
        """Where the model came from, as error messages name it: the path given to
        :func:`load`, ``<dict>``, ``<changes>`` or ``<calibrated NAME>``."""
        return self._handle.source

    @property
    def stage_ids(self):
        return list(self._handle.stage_ids)

    def __repr__(self):
        return f"<courtflow.Model {self.name!r} from {self.source}, {len(self.stage_ids)} stages>"

    def to_json(self):
        """The model file (JSON text, as ``courtflow calibrate`` writes models): scenario
        changes appear as the schedules they became."""
        return self._handle.to_json()

    def to_dict(self):
        """The model file as a dict (``json.loads(model.to_json())``)."""
        return json.loads(self.to_json())

    def with_changes(self, changes, name=None, description=None):
        """A new model: this one with scenario changes applied, as a scenario file's
        ``changes`` (PRODUCT.md, "Scenario file"), e.g.
        ``[{"op": "scale_servers", "stage": "review", "factor": 1.5, "from_day": 30}]``."""
        if isinstance(changes, dict):
            changes = [changes]
        text = json.dumps(list(changes))
        handle = _courtflow.with_changes(self._handle, text, name or "", description or "")
        _warn(handle.warnings)
        return Model(handle)

    def run(self, replications=None, seed=None, threads=0, period=None, over_days=365, max_events=None,
            max_cases=None):
        """``courtflow run``: simulate and summarise. ``replications`` and ``seed`` default to
        the model's, else 10 and 12345; ``threads=0`` uses every core (the numbers do not
        depend on it); ``period`` is "month", "quarter", "year" or a number of days (default
        as the CLI's); ``over_days`` is the age threshold of the backlog series."""
        out = _courtflow.run(self._handle, replications, seed, int(threads), _optional_period(period),
                             float(over_days), max_events, max_cases)
        _warn(out["warnings"])
        return Result(out["files"])

    def bottlenecks(self, add="1", stages=None, replications=None, seed=None, threads=0, period=None,
                    max_events=None, max_cases=None):
        """``courtflow bottlenecks``: rank the stages and price ``add`` more servers ("1", or
        "10%") at each capacity-limited stage (or only ``stages``)."""
        out = _courtflow.bottlenecks(self._handle, replications, seed, int(threads), _optional_period(period),
                                     max_events, max_cases, str(add), list(stages or []))
        _warn(out["warnings"])
        return Bottlenecks(out["files"])


class Result:
    """What ``model.run()`` gives: the outputs of ``courtflow run``.

    - ``summary``: summary.json as a dict;
    - ``stages``: one row per stage, each measure as its mean with ``_lo`` and ``_hi``;
    - ``system``: the system's measures (a dict of the same flattened form);
    - ``case_types``: one row per case type;
    - ``timeseries``: timeseries.csv (period_end_day, period_end_date, stage, metric, mean,
      p05, p50, p95);
    - ``groups``: groups.csv when the model has reporting groups, else None;
    - ``files``: the texts courtflow run would have written, by file name.
    """

    def __init__(self, files):
        self.files = dict(files)
        self.summary = json.loads(self.files["summary.json"])
        self.stages = measure_frame(self.summary["stages"])
        self.system = measure_frame([self.summary["system"]]).iloc[0].to_dict()
        self.case_types = measure_frame(self.summary.get("case_types", []))
        self.timeseries = csv_frame(self.files["timeseries.csv"])
        self.groups = csv_frame(self.files["groups.csv"]) if "groups.csv" in self.files else None

    def __repr__(self):
        bn = self.summary.get("bottleneck", {}).get("stage")
        return (f"<courtflow.Result {self.summary['model']!r}: {self.summary['replications']} replications, "
                f"seed {self.summary['seed']}, bottleneck {bn}>")

    def write(self, directory):
        """Writes the files as ``courtflow run --out DIRECTORY`` would (the directory is
        created if needed; existing files of the same names are replaced)."""
        _write_files(directory, self.files)


class Bottlenecks:
    """``model.bottlenecks()``: ``report`` (bottlenecks.json as a dict), ``ranking`` (worst
    first), ``marginal`` (the value of added capacity, as paired changes), ``table``
    (bottlenecks.csv) and ``files``."""

    def __init__(self, files):
        self.files = dict(files)
        self.report = json.loads(self.files["bottlenecks.json"])
        self.ranking = measure_frame(self.report["ranking"])
        self.marginal = measure_frame(self.report["marginal"])
        self.table = csv_frame(self.files["bottlenecks.csv"])

    def write(self, directory):
        _write_files(directory, self.files)


class Comparison:
    """:func:`compare`'s result: ``report`` (comparison.json as a dict), ``table``
    (comparison.csv: scenario, stage, measure, base, scenario and change with its interval),
    ``timeseries`` (comparison_timeseries.csv) and ``files``."""

    def __init__(self, files):
        self.files = dict(files)
        self.report = json.loads(self.files["comparison.json"])
        self.table = csv_frame(self.files["comparison.csv"])
        self.timeseries = csv_frame(self.files["comparison_timeseries.csv"])

    def write(self, directory):
        _write_files(directory, self.files)


class Backtest:
    """:func:`backtest`'s result: ``report`` (backtest.json as a dict), ``scores`` (one row
    per stage: periods, mape, mape_naive, ...), ``projection`` (projection.csv) and ``files``."""

    def __init__(self, files):
        self.files = dict(files)
        self.report = json.loads(self.files["backtest.json"])
        self.scores = pd.DataFrame([{k: v for k, v in s.items() if not isinstance(v, (dict, list))}
                                    for s in self.report["stages"]])
        self.projection = csv_frame(self.files["projection.csv"])

    def write(self, directory):
        _write_files(directory, self.files)


def _write_files(directory, files):
    os.makedirs(directory, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)


def load(source, base_dir=None):
    """A model from a model or scenario file (a scenario's ``base`` is resolved relative to
    it, as the command line does), or from a dict in either format (a scenario dict's
    relative ``base`` is resolved from ``base_dir``, default the working directory). The
    model is validated: every problem is in the :class:`InputError`."""
    if isinstance(source, Model):
        return source
    if isinstance(source, dict):
        handle = _courtflow.load_json_text(json.dumps(source), "<dict>", os.fspath(base_dir or os.getcwd()))
    else:
        handle = _courtflow.load_file(os.fspath(source))
    _warn(handle.warnings)
    return Model(handle)


def _iso_text(column):
    """A column as the ISO 8601 texts courtflow reads: datetimes (naive or with a zone) and
    date objects formatted, strings as they are, missing values empty."""
    if pd.api.types.is_datetime64_any_dtype(column):
        tz = getattr(column.dt, "tz", None)
        fmt = "%Y-%m-%dT%H:%M:%S%z" if tz is not None else "%Y-%m-%dT%H:%M:%S"
        text = column.dt.strftime(fmt)
        if tz is not None:  # +0100 -> +01:00
            text = text.str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True)
        return text.fillna("")

    def one(value):
        if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
            return ""
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value)

    return column.map(one)


def _column(frame, name, what):
    if name not in frame.columns:
        shown = ", ".join(str(c) for c in list(frame.columns)[:12])
        raise InputError(f"<DataFrame>: no column {name!r} for {what} (columns: {shown})")
    return frame[name]


def calibrate(events, case_id="case_id", activity="activity", timestamp="timestamp", start=None, case_type=None,
              resource=None, name="calibrated", seed=12345, validation_replications=None):
    """``courtflow calibrate``: fit a model to a case-level event log, one row per event.

    ``events`` is a DataFrame; the keyword arguments name its columns (the contract's names by
    default). ``start``, ``case_type`` and ``resource`` are optional: None uses a column of
    the contract's name ("start", ...) when the frame has one, as the command line does; False
    ignores it. Timestamps may be datetime columns or ISO 8601 texts.
    ``validation_replications`` caps the replications simulated for the validation; None
    (the default) simulates as many as the command line does (a simulation standard error of
    about 3% on every activity with 10 or more events, at most about 4 million events).

    Returns ``(model, report)``: the fitted :class:`Model` and the calibration report
    (report.json as a dict: data quality, the fit of every stage, the validation by
    simulation).
    """
    if not isinstance(events, pd.DataFrame):
        raise TypeError("calibrate: events must be a pandas DataFrame")
    log = pd.DataFrame({
        "case_id": _column(events, case_id, "case_id").astype(str).where(events[case_id].notna(), ""),
        "activity": _column(events, activity, "activity").astype(str).where(events[activity].notna(), ""),
        "timestamp": _iso_text(_column(events, timestamp, "timestamp")),
    })
    for key, chosen in (("start", start), ("case_type", case_type), ("resource", resource)):
        if chosen is False:
            continue
        if chosen is None:
            if key not in events.columns:
                continue
            chosen = key
        column = _column(events, chosen, key)
        log[key] = _iso_text(column) if key == "start" else column.astype(str).where(column.notna(), "")
    if validation_replications is not None and not 1 <= int(validation_replications) <= 1000:
        raise InputError(f"validation_replications: must be None or a whole number from 1 to 1000 "
                         f"(got {validation_replications})")
    csv = log.to_csv(index=False, lineterminator="\n")
    handle, report = _courtflow.calibrate(csv, "<DataFrame>", str(name), int(seed),
                                           0 if validation_replications is None else int(validation_replications))
    return Model(handle), json.loads(report)


def compare(base, *scenarios, replications=None, seed=None, threads=0, period=None, over_days=365,
            max_events=None, max_cases=None):
    """``courtflow compare``: run the base and each scenario with the base's seed and
    replications (common random numbers) and take paired differences. Each argument is a
    :class:`Model`, a path or a dict."""
    base_model = load(base)
    models = [load(s) for s in scenarios]
    if not models:
        raise InputError("compare: needs a base and at least one scenario")
    out = _courtflow.compare(base_model._handle, [m._handle for m in models], replications, seed, int(threads),
                             _optional_period(period), float(over_days), max_events, max_cases)
    _warn(out["warnings"])
    return Comparison(out["files"])


def backtest(series, model, split, stages=None, exclude=(), window=12, periods=0, replications=40, draws=200,
             seed=12345, threads=0, known_receipts=False, use_capacity=True):
    """``courtflow backtest``: fit ``model``'s stages to the aggregate ``series`` up to the
    date ``split``, project the periods after it and score the projection.

    ``series`` is a DataFrame (or a CSV path) with the contract's columns: period_end, stage,
    receipts, disposals, outstanding, optional capacity. ``stages`` maps model stages to series
    stages where their ids differ ({"cc_trial": "crown_court"}). Returns a :class:`Backtest`.
    """
    model = load(model)
    if isinstance(series, pd.DataFrame):
        frame = series.copy()
        if "period_end" in frame.columns and pd.api.types.is_datetime64_any_dtype(frame["period_end"]):
            frame["period_end"] = frame["period_end"].dt.strftime("%Y-%m-%d")
        csv, label = frame.to_csv(index=False, lineterminator="\n"), "<DataFrame>"
    else:
        label = os.fspath(series)
        try:
            with open(label, encoding="utf-8", newline="") as f:
                csv = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{label}: cannot read the series ({e})") from None
    if hasattr(split, "strftime"):
        split = split.strftime("%Y-%m-%d")
    if isinstance(stages, dict):
        stages = [f"{m}={s}" for m, s in stages.items()]
    exclude = [d.strftime("%Y-%m-%d") if hasattr(d, "strftime") else str(d) for d in exclude]
    out = _courtflow.backtest(model._handle, csv, label, str(split), list(stages or []), exclude, int(window),
                              int(periods), int(replications), int(draws), int(seed), int(threads),
                              bool(known_receipts), bool(use_capacity))
    _warn(out["warnings"])
    return Backtest(out["files"])
