#!/usr/bin/env python3
"""Turn the published MoJ quarterly court tables in shared/data/moj into courtflow's
aggregate-series shape (PRODUCT.md "Aggregate series (CSV)": period_end, stage, receipts,
disposals, outstanding, optional capacity), one file per data vintage, so that no series
splices two methods (see shared/data/moj/SOURCES.md, "Vintages and breaks").

Written files (tests/data/series/):
  crown_court_onecrown.csv   "One Crown" vintage (CCSQ Jul-Sep 2024), 2016Q1-2024Q3: stages
                             crown_court (all cases) and crown_court_trials (trial cases).
  crown_court_legacy.csv     pre-2024 vintage (CCSQ Oct-Dec 2023), 2014Q1-2023Q4: stage
                             crown_court, with capacity = Crown Court sitting days: the
                             financial-year *actual* figures of crown_court_sitting_days.csv
                             divided evenly over its four quarters (allocations, caps and
                             targets are plans, not outturns, and are left out; the cell is
                             empty where no actual was published).
  magistrates_legacy.csv     pre-2024 vintage, 2014Q1-2023Q4: stage magistrates.
  magistrates_revised.csv    revised vintage (CCSQ Jul-Sep 2024), 2019Q1-2024Q3: stage
                             magistrates (much lower open-caseload levels: a method change).
Bulletin headline rows (outstanding only) are not used. Extra columns vintage and source are
ignored by courtflow. Usage: scripts/series/moj_to_series.py [MOJ_DIR] [OUT_DIR]
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MOJ = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data", "moj")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "tests", "data", "series")


def rows(name, vintage):
    with open(os.path.join(MOJ, name), newline="") as f:
        return [r for r in csv.DictReader(f) if r["vintage"] == vintage and r["receipts"]]


def sitting_days_by_quarter():
    """Quarter end -> sitting days (financial-year actual / 4)."""
    out = {}
    with open(os.path.join(MOJ, "crown_court_sitting_days.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if not r["type"].startswith("actual") or not r["sitting_days"]:
                continue
            start = int(r["financial_year"][:4])
            for end in (f"{start}-06-30", f"{start}-09-30", f"{start}-12-31", f"{start + 1}-03-31"):
                out[end] = int(r["sitting_days"]) / 4
    return out


def write(name, stages, capacity=None):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        header = ["period_end", "stage", "receipts", "disposals", "outstanding"]
        if capacity is not None:
            header.append("capacity")
        w.writerow(header + ["vintage", "source"])
        for stage, data, cols in stages:
            for r in data:
                row = [r["period_end"], stage] + [r[c] for c in cols]
                if capacity is not None:
                    cap = capacity.get(r["period_end"])
                    row.append("" if cap is None else f"{cap:g}")
                w.writerow(row + [r["vintage"], "shared/data/moj (see SOURCES.md)"])
    print("wrote", path)


def main():
    os.makedirs(OUT, exist_ok=True)
    main_cols = ["receipts", "disposals", "outstanding_end_of_period"]
    one = rows("crown_court_quarterly.csv", "OneCrown_CCSQ_JulSep2024")
    write("crown_court_onecrown.csv",
          [("crown_court", one, main_cols),
           ("crown_court_trials", one, ["trial_receipts", "trial_disposals", "trial_outstanding_end_of_period"])])
    write("crown_court_legacy.csv",
          [("crown_court", rows("crown_court_quarterly.csv", "legacy_CCSQ_OctDec2023"), main_cols)],
          capacity=sitting_days_by_quarter())
    write("magistrates_legacy.csv",
          [("magistrates", rows("magistrates_court_quarterly.csv", "legacy_CCSQ_OctDec2023"), main_cols)])
    write("magistrates_revised.csv",
          [("magistrates", rows("magistrates_court_quarterly.csv", "revised_CCSQ_JulSep2024"), main_cols)])


if __name__ == "__main__":
    main()
