"""An analyst's session with courtflow from Python (docs/PYTHON.md).

Fits a model to the road traffic fines event log (a real, messy log: see
docs/examples/road-traffic-fines.md), runs a what-if (unpaid fines sent for credit collection
in half the time) against the fitted baseline with common random numbers, and plots the open
caseload of both to a PNG.

    /usr/bin/python3 docs/examples/analyst.py [LOG.csv] [--out out/analyst] [--replications N]

With courtflow importable: `pip install .` into a venv (README, "Python"), or from a build
tree PYTHONPATH=build/ci/python.
"""

import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import courtflow  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_LOG = REPO.parent / "shared" / "data" / "road_traffic_fines_sample.csv"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log", nargs="?", default=str(DEFAULT_LOG), help="the event log (CSV)")
    parser.add_argument("--out", default="out/analyst", help="folder for the PNG and the fitted model")
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # 1. The log, as an analyst would have it: a DataFrame with parsed dates.
    events = pd.read_csv(args.log, parse_dates=["timestamp"])
    print(f"log: {len(events):,} rows, {events['case_id'].nunique():,} cases, "
          f"{events['timestamp'].min():%Y-%m-%d} to {events['timestamp'].max():%Y-%m-%d}")

    # 2. Calibrate: the fitted model and the data-quality and fit report.
    model, report = courtflow.calibrate(events, name="road traffic fines", validation_replications=2)
    quality = report["data_quality"]
    print(f"calibrated: kept {quality['rows_kept']} of {quality['rows_read']} rows; "
          f"{len(model.stage_ids)} stages")
    validation = report.get("validation")
    if validation:
        duration = validation["case_duration_days"]["mean"]
        print(f"validation: mean case duration {duration['log']:.1f} days in the log, "
              f"{duration['simulated']:.1f} simulated")
    (out / "fitted_model.json").write_text(model.to_json())

    # 3. A what-if built in code: credit collection in half the time, from day 0.
    what_if = model.with_changes([{"op": "scale_service", "stage": "Send_for_Credit_Collection", "factor": 0.5}],
                                 name="credit collection twice as fast")

    # 4. Both runs with the same seed (common random numbers), then the paired difference.
    base_run = model.run(replications=args.replications, seed=args.seed)
    what_if_run = what_if.run(replications=args.replications, seed=args.seed)
    comparison = courtflow.compare(model, what_if, replications=args.replications, seed=args.seed)
    delta = comparison.report["scenarios"][0]["delta"]["system"]["mean_time_in_system_days"]
    base_time = base_run.summary["system"]["mean_time_in_system_days"]["mean"]
    print(f"mean time in system: {base_time:.1f} days at baseline; the what-if changes it by "
          f"{delta['mean']:+.1f} days (95% CI {delta['ci95'][0]:+.1f} to {delta['ci95'][1]:+.1f})")

    # 5. Plot the open caseload (cases in the system at each period end), mean and 5-95% band.
    fig, ax = plt.subplots(figsize=(9, 4.8))
    for label, result, colour in (("baseline (fitted)", base_run, "tab:blue"),
                                  (what_if.name, what_if_run, "tab:orange")):
        ts = result.timeseries
        wip = ts[(ts["stage"] == "system") & (ts["metric"] == "wip")]
        ax.plot(wip["period_end_date"], wip["mean"], color=colour, label=label)
        ax.fill_between(wip["period_end_date"], wip["p05"], wip["p95"], color=colour, alpha=0.2, linewidth=0)
    ax.set_title("Road traffic fines: open cases, fitted model and a what-if\n"
                 f"mean and 5-95% of {args.replications} replications")
    ax.set_ylabel("open cases at the period end")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    png = out / "open_cases.png"
    fig.savefig(png, dpi=110)
    print(f"wrote {png} and {out / 'fitted_model.json'}")


if __name__ == "__main__":
    main()
