#!/usr/bin/env python3
"""Compare a run of the England & Wales reference model with the published statistics.

    courtflow run models/reference/england_wales.json --out /tmp/ew
    python3 scripts/reference/compare_england_wales.py /tmp/ew [--data DIR] [--markdown]

Prints, by quarter, the model's Crown Court and magistrates' open caseload (mean and 5-95%
band across replications), receipts and disposals, prison and probation stocks, next to the
published figures that exist for the same dates (criminal court statistics bulletins up to
2025-Q2, OMSQ). Python 3 standard library only.
"""

import argparse
import csv
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refdata as rd  # noqa: E402

CC_STAGES = ["cc_ptph", "cc_trial", "cc_pretrial_resolution", "cc_sentence", "cc_committal",
             "cc_appeal"]
CC_ENTRY_STAGES = ["cc_ptph", "cc_committal", "cc_appeal"]  # sent for trial, committed, appeals
CC_TRIAL_STAGES = ["cc_ptph", "cc_trial", "cc_pretrial_resolution"]
MC_STAGES = ["mc_first_hearing", "mc_trial", "mc_sentence"]


def load_series(folder):
    series = defaultdict(dict)  # (date) -> {(stage, metric): (mean, p05, p95)}
    with open(os.path.join(folder, "timeseries.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["mean"] == "":
                continue  # e.g. the age of an empty stage
            series[r["period_end_date"]][(r["stage"], r["metric"])] = (
                float(r["mean"]), float(r["p05"]), float(r["p95"]))
    return series


def published(data_dir):
    d = rd.Data(data_dir)
    cc_open, cc_rec, cc_disp, mc_open = {}, {}, {}, {}
    for r in d.rows("crown_court_quarterly.csv"):
        date = r["period_end"]
        if r["vintage"] == "OneCrown_CCSQ_JulSep2024":
            cc_open[date] = float(r["outstanding_end_of_period"])
            cc_rec[date] = float(r["receipts"])
            cc_disp[date] = float(r["disposals"])
        elif r["vintage"] == "bulletin_headline" and date >= "2024-09-30":
            cc_open.setdefault(date, float(r["outstanding_end_of_period"]))
    for r in d.rows("magistrates_court_quarterly.csv"):
        date = r["period_end"]
        if r["vintage"] == "revised_CCSQ_JulSep2024" or (r["vintage"] == "bulletin_headline" and
                                                       date >= "2024-09-30"):
            mc_open.setdefault(date, float(r["outstanding_end_of_period"]))
    pris = {r["date"]: r for r in d.rows("prison_population_quarterly.csv")}
    prob = {r["date"]: float(r["offenders_under_probation_supervision"])
            for r in d.rows("probation_caseload.csv")}
    return cc_open, cc_rec, cc_disp, mc_open, pris, prob


def fmt(x):
    return "" if x is None else f"{x:,.0f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--data", default=rd.DEFAULT_DATA)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--until", default="2026-12-31")
    args = ap.parse_args()
    s = load_series(args.run)
    cc_open, cc_rec, cc_disp, mc_open, pris, prob = published(args.data)
    with open(os.path.join(args.run, "summary.json")) as f:
        summ = json.load(f)

    def total(date, stages, metric):
        m = sum(s[date].get((st, metric), (0, 0, 0))[0] for st in stages)
        lo = sum(s[date].get((st, metric), (0, 0, 0))[1] for st in stages)
        hi = sum(s[date].get((st, metric), (0, 0, 0))[2] for st in stages)
        return m, lo, hi

    rows = []
    for date in sorted(s):
        if not date or date > args.until:
            continue
        cc = total(date, CC_STAGES, "wip")
        mc = total(date, MC_STAGES, "wip")
        # Crown Court receipts: cases entering at PTPH (sent for trial), committals for sentence
        # and appeals; disposals = receipts - change in stock.
        rec = sum(s[date].get((st, "arrivals"), (0,))[0] for st in CC_ENTRY_STAGES)
        rows.append({
            "date": date, "cc": cc, "cc_pub": cc_open.get(date), "cc_rec_model": rec,
            "cc_rec_pub": cc_rec.get(date), "cc_disp_pub": cc_disp.get(date),
            "mc": mc, "mc_pub": mc_open.get(date),
            "prison": s[date].get(("prison_sentenced", "wip"), (0, 0, 0)),
            "prison_pub": float(pris[date]["sentenced"]) if date in pris and pris[date]["sentenced"] else None,
            "prob": s[date].get(("probation_supervision", "wip"), (0, 0, 0)),
            "prob_pub": prob.get(date),
        })
    if args.markdown:
        print("| quarter end | Crown Court open: model mean (5–95%) | published | magistrates' open: model | published | sentenced prisoners: model | published | probation: model | published |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['date']} | {fmt(r['cc'][0])} ({fmt(r['cc'][1])}–{fmt(r['cc'][2])}) | "
                  f"{fmt(r['cc_pub'])} | {fmt(r['mc'][0])} | {fmt(r['mc_pub'])} | "
                  f"{fmt(r['prison'][0])} | {fmt(r['prison_pub'])} | {fmt(r['prob'][0])} | {fmt(r['prob_pub'])} |")
    else:
        print(f"{'date':12s} {'CC open':>9s} {'(p05-p95)':>17s} {'pub':>8s} {'MC open':>9s} {'pub':>9s} "
              f"{'prison':>8s} {'pub':>8s} {'probation':>10s} {'pub':>9s}")
        for r in rows:
            print(f"{r['date']:12s} {r['cc'][0]:9,.0f} ({r['cc'][1]:7,.0f}-{r['cc'][2]:7,.0f}) "
                  f"{fmt(r['cc_pub']):>8s} {r['mc'][0]:9,.0f} {fmt(r['mc_pub']):>9s} "
                  f"{r['prison'][0]:8,.0f} {fmt(r['prison_pub']):>8s} {r['prob'][0]:10,.0f} {fmt(r['prob_pub']):>9s}")
    # Crown Court flows per quarter in the model.
    print()
    print("Crown Court per quarter (model means): receipts = sent for trial + committals + appeals;"
          " disposals = receipts - change in open caseload")
    prev = None
    for r in rows:
        date = r["date"]
        sent = s[date].get(("cc_ptph", "arrivals"), (0,))[0]
        appeals = s[date].get(("cc_appeal", "arrivals"), (0,))[0]
        committed = s[date].get(("cc_committal", "arrivals"), (0,))[0]
        if prev is not None:
            disp = r["cc_rec_model"] - (r["cc"][0] - prev["cc"][0])
            print(f"  {date}: sent for trial {sent:8,.0f}  committals {committed:7,.0f}  appeals "
                  f"{appeals:7,.0f}  disposals {disp:8,.0f} (published "
                  f"{fmt(r['cc_disp_pub'])})  trial-list completions "
                  f"{s[date].get(('cc_trial', 'completions'), (0,))[0]:7,.0f}  collapsed "
                  f"{s[date].get(('cc_trial', 'abandoned'), (0,))[0]:7,.0f}  open change "
                  f"{r['cc'][0] - prev['cc'][0]:+8,.0f}")
        prev = r
    perf = summ.get("performance", {})
    print()
    print(f"replications {summ.get('replications')}, events {perf.get('events')}, "
          f"wall {perf.get('wall_seconds')} s")


if __name__ == "__main__":
    main()
