"""bottlenecks, compare, calibrate and backtest from Python against the CLI's files."""

import json
import pathlib

import pandas as pd
import pytest

import courtflow
from conftest import SOURCE

ROAD_FINES = SOURCE.parent / "shared" / "data" / "road_traffic_fines_sample.csv"


def test_bottlenecks_equal_the_cli(cli, tmp_path):
    model = "tests/cli/data/planted_bottleneck.json"
    cli("bottlenecks", model, "--out", tmp_path / "bn", "--replications", 4, "--seed", 3, "--quiet")
    got = courtflow.load(model).bottlenecks(replications=4, seed=3)
    assert got.files["bottlenecks.json"] == (tmp_path / "bn" / "bottlenecks.json").read_text()
    assert got.files["bottlenecks.csv"] == (tmp_path / "bn" / "bottlenecks.csv").read_text()
    assert list(got.ranking["stage"]) == [r["stage"] for r in got.report["ranking"]]
    assert {"stage", "added_servers", "delta_mean_time_in_system_days"} <= set(got.marginal.columns)


def test_bottlenecks_unknown_stage(cli, tmp_path):
    with pytest.raises(courtflow.InputError, match="^stages: "):
        courtflow.load("tests/cli/data/planted_bottleneck.json").bottlenecks(stages=["no_such_stage"])


def test_compare_equals_the_cli(cli, tmp_path):
    # A saturated trial list and a scenario file (base resolved) adding a courtroom.
    base, scenario = "tests/cli/data/compare_saturated.json", "tests/cli/data/compare_add_server.json"
    cli("compare", base, scenario, "--out", tmp_path / "cmp", "--replications", 4, "--seed", 9, "--quiet")
    got = courtflow.compare(base, scenario, replications=4, seed=9)
    for name in ("comparison.json", "comparison.csv", "comparison_timeseries.csv"):
        assert got.files[name] == (tmp_path / "cmp" / name).read_text(), name
    assert got.report["scenarios"][0]["name"] == "one more courtroom"
    assert set(got.table["scenario"]) == {"one more courtroom"}


def test_compare_models_built_in_code():
    base = courtflow.load("tests/cli/data/two_stage.json")
    more = base.with_changes([{"op": "set_servers", "stage": "review", "servers": 5}], name="five reviewers")
    got = courtflow.compare(base, more, replications=4, seed=1)
    delta = got.report["scenarios"][0]["delta"]["system"]["mean_time_in_system_days"]
    assert delta["ci95"][1] < 0  # more reviewers: shorter time in system, paired interval below 0


@pytest.mark.skipif(not ROAD_FINES.exists(), reason="shared/data is not beside the source tree")
def test_calibrate_a_frame_as_the_cli_calibrates_the_file(cli, tmp_path):
    # Both with their defaults: the validation sizes itself the same way in both.
    cli("calibrate", "--events", ROAD_FINES, "--out", tmp_path / "m.json", "--report", tmp_path / "r", "--quiet")
    events = pd.read_csv(ROAD_FINES, dtype=str, keep_default_na=False)
    model, report = courtflow.calibrate(events)
    assert model.to_json() == (tmp_path / "m.json").read_text()
    cli_report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report == cli_report

    # The same log with parsed dates and other column names fits the same model.
    renamed = pd.read_csv(ROAD_FINES, parse_dates=["timestamp"]).rename(
        columns={"case_id": "Case", "activity": "Step", "timestamp": "When"})
    again, _ = courtflow.calibrate(renamed, case_id="Case", activity="Step", timestamp="When",
                                   validation_replications=2)
    assert again.to_json() == model.to_json()
    # The fitted model runs.
    assert again.run(replications=2, seed=1).summary["model"] == "calibrated"


def test_calibrate_small_frame_with_start_times():
    rows = []
    for case in range(40):
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(days=case)
        rows.append(("c%d" % case, "register", day, day + pd.Timedelta(hours=2), "r1"))
        rows.append(("c%d" % case, "decide", day + pd.Timedelta(days=3), day + pd.Timedelta(days=4), "r2"))
    frame = pd.DataFrame(rows, columns=["case", "what", "begun", "done", "who"])
    model, report = courtflow.calibrate(frame, case_id="case", activity="what", start="begun", timestamp="done",
                                        resource="who", validation_replications=1)
    assert sorted(model.stage_ids) == ["decide", "register"]
    assert json.dumps(report).count("c1") == 0  # no case id in the report


def test_backtest_equals_the_cli(cli, tmp_path):
    series, model = "tests/data/series/crown_court_onecrown.csv", "models/series/crown_court.json"
    done = cli("backtest", "--series", series, "--model", model, "--split", "2019-12-31", "--periods", 4,
               "--replications", 6, "--draws", 50, "--out", tmp_path / "bt", "--quiet")
    cli_warnings = [line for line in done.stderr.splitlines() if line.startswith("courtflow: warning: ")]
    frame = pd.read_csv(series, parse_dates=["period_end"])
    with pytest.warns(courtflow.CourtflowWarning) as caught:
        got = courtflow.backtest(frame, model, "2019-12-31", periods=4, replications=6, draws=50)
    # The same flow-balance warning, naming the frame instead of the file.
    assert cli_warnings and ["courtflow: warning: " + str(w.message).replace("<DataFrame>", series)
                             for w in caught] == cli_warnings
    assert json.loads(got.files["backtest.json"]) == json.loads((tmp_path / "bt" / "backtest.json").read_text())
    assert got.files["projection.csv"] == (tmp_path / "bt" / "projection.csv").read_text()
    assert list(got.scores["stage"]) == [s["stage"] for s in got.report["stages"]]
    with pytest.warns(courtflow.CourtflowWarning):
        from_path = courtflow.backtest(series, courtflow.load(model), pd.Timestamp("2019-12-31"), periods=4,
                                       replications=6, draws=50)
    assert from_path.files["projection.csv"] == got.files["projection.csv"]
