"""Bad input reaches Python as courtflow.InputError (a ValueError) carrying the CLI's messages."""

import warnings

import pandas as pd
import pytest

import courtflow

BAD = "tests/cli/data/bad"


def cli_errors(cli, tmp_path, model):
    done = cli("run", model, "--out", tmp_path / "out", "--quiet", check=False)
    assert done.returncode == 2
    return [line for line in done.stderr.splitlines() if line.startswith("courtflow: error: ")]


@pytest.mark.parametrize("name", [
    "model_p_above_one.json",       # semantic validation
    "model_unknown_stage.json",
    "model_servers_negative.json",  # structure (one field)
    "model_truncated.json",         # JSON syntax, at a line and column
    "model_invalid_utf8.json",
    "model_empty.json",
    "scenario_cycle_a.json",        # a scenario chain that comes back to itself
])
def test_input_error_carries_the_cli_message(cli, tmp_path, name):
    expected = cli_errors(cli, tmp_path, f"{BAD}/{name}")
    assert expected, "the CLI printed no error line"
    with pytest.raises(courtflow.InputError) as caught:
        courtflow.load(f"{BAD}/{name}")
    assert isinstance(caught.value, ValueError)
    assert ["courtflow: error: " + line for line in caught.value.lines] == expected
    assert str(caught.value) == "\n".join(caught.value.lines)


def test_missing_file(cli, tmp_path):
    expected = cli_errors(cli, tmp_path, "no/such/model.json")
    with pytest.raises(courtflow.InputError) as caught:
        courtflow.load("no/such/model.json")
    assert "courtflow: error: " + str(caught.value) == expected[0]


def test_unknown_key_is_a_warning_with_the_cli_text(cli, tmp_path):
    done = cli("run", f"{BAD}/model_unknown_key.json", "--out", tmp_path / "out", "--quiet")
    expected = [line for line in done.stderr.splitlines() if line.startswith("courtflow: warning: ")]
    assert expected
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        courtflow.load(f"{BAD}/model_unknown_key.json")
    got = ["courtflow: warning: " + str(w.message) for w in caught if issubclass(w.category, courtflow.CourtflowWarning)]
    assert got == expected


def test_bad_dict_and_bad_changes():
    with pytest.raises(courtflow.InputError, match=r"^<dict>: horizon_days: "):
        courtflow.load({"courtflow": 1, "name": "x", "horizon_days": -1, "stages": [], "arrivals": [], "routes": []})
    model = courtflow.load("tests/cli/data/two_stage.json")
    with pytest.raises(courtflow.InputError, match=r"^<changes>: changes\[0\]"):
        model.with_changes([{"op": "scale_servers", "stage": "no_such_stage", "factor": 2}])
    with pytest.raises(courtflow.InputError, match=r"changes\[0\]\.factor"):
        model.with_changes([{"op": "scale_servers", "stage": "review", "factor": -2}])


def test_bad_run_arguments():
    model = courtflow.load("tests/cli/data/two_stage.json")
    with pytest.raises(courtflow.InputError, match="^period: "):
        model.run(period="fortnight")
    with pytest.raises(courtflow.InputError, match="^replications: "):
        model.run(replications=0)


def test_over_budget_is_input_error(cli, tmp_path):
    done = cli("run", f"{BAD}/runaway.json", "--out", tmp_path / "out", "--quiet", "--max-events", "100000",
               check=False)
    assert done.returncode == 2
    with pytest.raises(courtflow.InputError, match="run stopped: .*max_events=N"):
        courtflow.load(f"{BAD}/runaway.json").run(max_events=100000, replications=2)


def test_bad_event_log_frame():
    with pytest.raises(courtflow.InputError, match="no column 'case'"):
        courtflow.calibrate(pd.DataFrame({"case_id": ["a"], "activity": ["x"], "timestamp": ["2024-01-01"]}),
                            case_id="case")
    bad_dates = pd.DataFrame({"case_id": ["a", "b"], "activity": ["x", "y"], "timestamp": ["soon", "later"]})
    with pytest.raises(courtflow.InputError, match="^<DataFrame>: no usable rows"):
        courtflow.calibrate(bad_dates)
