"""model.run() against `courtflow run`: same seed, same numbers."""

import json

import pandas as pd
import pytest

import courtflow
from conftest import without_wall_seconds

DIVORCE = "models/reference/divorce.json"


def cli_run(cli, tmp_path, model, *options):
    out = tmp_path / "cli"
    cli("run", model, "--out", out, "--quiet", *options)
    return out


@pytest.mark.parametrize("model, options", [
    (DIVORCE, dict(replications=2, seed=7)),                     # dated, monthly/quarterly periods
    ("tests/cli/data/two_stage.json", dict(replications=5, seed=11, period=10)),  # case types, warm-up, priority
])
def test_summary_and_timeseries_equal_the_cli(cli, tmp_path, model, options):
    args = ["--replications", options["replications"], "--seed", options["seed"]]
    if "period" in options:
        args += ["--period", options["period"]]
    out = cli_run(cli, tmp_path, model, *args)

    result = courtflow.load(model).run(threads=2, **options)

    cli_summary = json.loads((out / "summary.json").read_text())
    assert without_wall_seconds(result.summary) == without_wall_seconds(cli_summary)
    # The texts too, byte for byte, except the one line holding wall_seconds.
    strip = lambda text: [line for line in text.splitlines() if "wall_seconds" not in line]
    assert strip(result.files["summary.json"]) == strip((out / "summary.json").read_text())
    assert result.files["timeseries.csv"] == (out / "timeseries.csv").read_text()
    pd.testing.assert_frame_equal(result.timeseries, courtflow._frames.csv_frame((out / "timeseries.csv").read_text()))


def test_result_frames(tmp_path):
    result = courtflow.load(DIVORCE).run(replications=2, seed=3)
    assert list(result.timeseries.columns) == ["period_end_day", "period_end_date", "stage", "metric", "mean", "p05",
                                               "p50", "p95"]
    assert pd.api.types.is_datetime64_any_dtype(result.timeseries["period_end_date"])
    assert {"wip", "arrivals", "completions", "abandoned"} <= set(result.timeseries["metric"])
    assert set(result.timeseries["stage"]) == set(result.stages["id"]) | {"system"}
    # One row per stage, measures flattened to mean / _lo / _hi, as in summary.json.
    assert list(result.stages["id"]) == [s["id"] for s in result.summary["stages"]]
    first = result.summary["stages"][0]
    assert result.stages.loc[0, "wip_end"] == first["wip_end"]["mean"]
    assert result.stages.loc[0, "wip_end_lo"] == first["wip_end"]["ci95"][0]
    # Utilisation is undefined (NaN) at pure delays such as the statutory waits.
    waits = result.stages.set_index("id").loc["twenty_week_wait"]
    assert pd.isna(waits["utilisation"])
    assert result.system["wip_end"] == result.summary["system"]["wip_end"]["mean"]
    assert result.groups is None
    result.write(tmp_path / "written")
    assert (tmp_path / "written" / "timeseries.csv").read_text() == result.files["timeseries.csv"]


def test_groups_equal_the_cli(cli, tmp_path):
    model = "tests/cli/data/grouped.json"
    out = cli_run(cli, tmp_path, model)
    result = courtflow.load(model).run()
    assert result.files["groups.csv"] == (out / "groups.csv").read_text()
    assert list(result.groups.columns) == ["period_end_day", "period_end_date", "group", "metric", "mean", "p05",
                                           "p50", "p95"]
    assert set(result.groups["group"]) == {"court"}
    assert result.summary["groups"][0]["id"] == "court"


def test_thread_count_does_not_change_the_numbers():
    model = courtflow.load("tests/cli/data/two_stage.json")
    one = model.run(replications=4, seed=2, threads=1)
    two = model.run(replications=4, seed=2, threads=2)
    assert without_wall_seconds(one.summary) == without_wall_seconds(two.summary)
    assert one.files["timeseries.csv"] == two.files["timeseries.csv"]


def test_load_a_dict_and_to_json_round_trip():
    assert courtflow.load(DIVORCE).to_dict() == courtflow.load(courtflow.load(DIVORCE).to_dict()).to_dict()
    model = courtflow.load("tests/cli/data/two_stage.json")
    again = courtflow.load(model.to_dict())
    assert again.to_json() == model.to_json()
    assert again.source == "<dict>"
    assert without_wall_seconds(again.run(replications=2, seed=5).summary) == \
        without_wall_seconds(model.run(replications=2, seed=5).summary)


def test_scenario_file_and_with_changes_agree():
    # The example scenario, loaded from its file (base resolved) and built in code.
    from_file = courtflow.load("scenarios/examples/divorce_fix_review.json")
    scenario = json.loads(open("scenarios/examples/divorce_fix_review.json").read())
    in_code = courtflow.load(DIVORCE).with_changes(scenario["changes"], name=scenario["scenario"],
                                                   description=scenario["description"])
    assert in_code.to_json() == from_file.to_json()
    assert from_file.name == "divorce_fix_review"
    # A scenario dict resolves its base from base_dir.
    as_dict = courtflow.load(scenario, base_dir="scenarios/examples")
    assert as_dict.to_json() == from_file.to_json()


def test_with_changes_changes_the_result():
    base = courtflow.load("tests/cli/data/two_stage.json")
    faster = base.with_changes([{"op": "scale_servers", "stage": "review", "factor": 2}])
    assert faster.name == "two stage (changed)"
    b = base.run(replications=4, seed=1).summary
    f = faster.run(replications=4, seed=1).summary
    wait = lambda s: next(x for x in s["stages"] if x["id"] == "review")["mean_wait_days"]["mean"]
    assert wait(f) < wait(b)
