#!/usr/bin/env python3
"""Derive models/reference/divorce.json (no-fault divorce, England & Wales) from divorce.csv.

    python3 scripts/reference/build_divorce.py [--data DIR] [--out FILE] [--doc [FILE]]

--data  folder with the MoJ CSVs (default: <repo>/../shared/data/moj)
--out   model file to write (default: <repo>/models/reference/divorce.json)
--doc   also rewrite the parameter table in docs/models/divorce.md (or FILE)

Python 3 standard library only; deterministic. Each parameter is computed from a named row of
divorce.csv or is a stated assumption, and recorded in the ledger printed in the docs.

Shape of the model
------------------
No outstanding-caseload figure is published for divorce. But no-fault cases did not exist before
the law came into force on 6 April 2022, so the model starts empty on that day and replays the
published quarterly applications as its warm-up (1,181 days, 2022-Q2 to 2025-Q2); results are
measured from 2025-06-30, the latest quarter in the data, for five years, with applications
held at the average of the latest four quarters.
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refdata as rd  # noqa: E402
from refdata import r6  # noqa: E402

FILE = "divorce.csv"
START = rd.parse_date("2022-04-06")   # no-fault divorce in force
MEASURE_FROM = rd.parse_date("2025-06-30")
HORIZON_AFTER_WARMUP = 1826
SEED = 20250630
REPLICATIONS = 10
NFD = "new_no_fault"


def build(data_dir):
    d = rd.Data(data_dir)
    L = rd.Ledger()

    def row(period, segment="all", law=NFD):
        return d.one(FILE, period=period, law=law, segment=segment)

    def val(period, col, segment="all", law=NFD):
        return d.num(FILE, col, period=period, law=law, segment=segment)

    # ---- applications ------------------------------------------------------------------------
    apps_2024 = val("2024", "applications_or_petitions")
    q = {p: val(p, "applications_or_petitions") for p in
         ["2022-Q2", "2022-Q3", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q3",
          "2024-Q4", "2025-Q1", "2025-Q2"]}
    q["2024-Q2"] = apps_2024 - q["2024-Q1"] - q["2024-Q3"] - q["2024-Q4"]
    q["2022-Q4"] = (q["2022-Q3"] + q["2023-Q1"]) / 2
    L.add("apps.2022_Q4_interpolated", q["2022-Q4"], "applications", "applications",
          f"{FILE}: 2022-Q3 and 2023-Q1 (new_no_fault, all); no 2022-Q4 row",
          f"({q['2022-Q3']:,.0f} + {q['2023-Q1']:,.0f}) / 2 (warm-up only)", kind="assumption")
    L.add("apps.2024_Q2_derived", q["2024-Q2"], "applications", "applications",
          f"{FILE}: 2024 year and 2024-Q1, Q3, Q4 (new_no_fault, all)",
          f"{apps_2024:,.0f} - {q['2024-Q1']:,.0f} - {q['2024-Q3']:,.0f} - {q['2024-Q4']:,.0f} "
          "(no 2024-Q2 row; note 2023's quarters sum to 104,296 against 110,770 for the year, so "
          "quarters are revised later)")
    latest4 = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    days4 = rd.days_in_quarters(latest4)
    rate = L.add("apps.per_day", sum(q[p] for p in latest4) / days4, "applications/day",
                 "applications", f"{FILE}: applications 2024-Q3..2025-Q2 (new_no_fault, all)",
                 f"({' + '.join(f'{q[p]:,.0f}' for p in latest4)}) / {days4} days; held for the "
                 "five projected years")
    sole = L.add("apps.sole_share", val("2024-Q4", "applications_or_petitions", segment="sole") /
                 val("2024-Q4", "applications_or_petitions"), "share", "applications",
                 f"{FILE}: 2024-Q4 sole and all (new_no_fault)",
                 f"{val('2024-Q4', 'applications_or_petitions', segment='sole'):,.0f} / "
                 f"{val('2024-Q4', 'applications_or_petitions'):,.0f}; the rest are joint")
    schedule = []
    warm_quarters = ["2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4",
                     "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    for p in warm_quarters:
        a, b = rd.quarter_bounds(p)
        if p == warm_quarters[0]:
            # 2022-Q2 counts applications from 6 April (the law's first day) to 30 June.
            schedule.append((0, q[p] / ((b - START).days + 1)))
        else:
            schedule.append((rd.day_of(START, a), q[p] / rd.days_in_quarters([p])))
    warmup = rd.day_of(START, MEASURE_FROM)
    schedule.append((warmup, rate))
    L.add("apps.warmup_schedule", f"{len(warm_quarters)} quarterly rates", "applications/day",
          "applications", f"{FILE}: applications 2022-Q2..2025-Q2 (new_no_fault, all; 2022-Q4 "
          "interpolated, 2024-Q2 derived)", "each quarter's count / its days (2022-Q2: 86 days "
          "from 6 April), replayed during the warm-up (day 0 = 2022-04-06)")

    # ---- orders and attrition ------------------------------------------------------------------
    co_2024 = val("2024", "decree_nisi_or_conditional_orders")
    fo_2024 = val("2024", "decree_absolute_or_final_orders")
    p_co = L.add("orders.apply_for_co_share", co_2024 / apps_2024, "share", "applications",
                 f"{FILE}: 2024 conditional orders and applications (new_no_fault)",
                 f"{co_2024:,.0f} / {apps_2024:,.0f}: the rest never apply (or not within the horizon)")
    p_fo = L.add("orders.apply_for_fo_share", fo_2024 / co_2024, "share", "applications",
                 f"{FILE}: 2024 final orders and conditional orders (new_no_fault)",
                 f"{fo_2024:,.0f} / {co_2024:,.0f}")

    # ---- durations -----------------------------------------------------------------------------
    wk_co = val("2024-Q3", "mean_weeks_to_nisi_or_conditional_order")
    wk_fo = val("2024-Q3", "mean_weeks_to_absolute_or_final_order")
    t_co = L.add("time.mean_to_co_days", wk_co * 7, "days", "applications",
                 f"{FILE}: 2024-Q3 mean_weeks_to_nisi_or_conditional_order (new_no_fault, all)",
                 f"{wk_co:g} weeks x 7. (2024-Q4: 45 weeks incl. old-law cases; digital 37)")
    t_fo = L.add("time.mean_to_fo_days", wk_fo * 7, "days", "applications",
                 f"{FILE}: 2024-Q3 mean_weeks_to_absolute_or_final_order (new_no_fault, all)",
                 f"{wk_fo:g} weeks x 7. (2024-Q4: 70 weeks incl. old-law; digital 57)")
    min_co = L.add("time.statutory_20_weeks", 140, "days", "applications",
                   "Divorce, Dissolution and Separation Act 2020 (data README)", "fixed 20 x 7")
    min_fo = L.add("time.statutory_6_weeks_1_day", 43, "days", "applications",
                   "Divorce, Dissolution and Separation Act 2020 (data README)", "fixed 6 x 7 + 1")
    service = L.add("time.service_on_respondent_days", 14, "days", "sole applications",
                    "no published figure", "exponential; joint applications need no service. "
                    "In law the 20 weeks run from issue, so this small delay stands for service "
                    "problems that hold a case back", kind="assumption")
    p_ret = L.add("review.returned_share", 0.10, "share", "CO applications",
                  "no published figure", "share of conditional-order applications the legal "
                  "adviser returns for amendment (loop)", kind="assumption")
    amend = L.add("review.amendment_days", 28, "days", "CO applications", "no published figure",
                  "exponential: time for the applicant to amend and resubmit", kind="assumption")
    pron = L.add("time.pronouncement_days", 21, "days", "applications", "no published figure",
                 "exponential: from the legal adviser's certificate to the conditional order "
                 "pronounced in court", kind="assumption")
    per_day = L.add("review.per_adviser_day", 20, "reviews per working day", "CO applications",
                    "no published figure", "one legal adviser's reviews in a working day",
                    kind="assumption")
    review_days = 1.0 / per_day * 365.25 / 250
    L.add("review.service_days", review_days, "calendar days", "CO applications", "derived",
          f"1/{per_day} working day x 365.25/250 (an adviser works ~250 of 365.25 days)")
    util = L.add("review.target_utilisation", 0.85, "share", "-", "no published figure",
                 "legal-adviser capacity set so that the review is busy but keeps up", kind="assumption")
    review_in = rate * p_co / (1 - p_ret)
    servers = L.add("review.legal_advisers", int(math.ceil(review_in * review_days / util)),
                    "servers", "-", "derived", f"CO applications {rate * p_co:.1f}/day / (1 - "
                    f"{p_ret}) = {review_in:.1f} reviews/day x {review_days:.4f} days / {util}, "
                    "rounded up")
    cv = lambda mean, median: rd.lognormal_cv_from_mean_median(mean, median)  # noqa: E731
    old = row("2022-Q2", law="old")
    dn_mean, da_mean = float(old["mean_weeks_to_nisi_or_conditional_order"]), float(
        old["mean_weeks_to_absolute_or_final_order"])
    dn_med, da_med = float(old["median_weeks_to_nisi_or_conditional_order"]), float(
        old["median_weeks_to_absolute_or_final_order"])
    gap_mean = da_mean - dn_mean - 43 / 7
    gap_med = da_med - dn_med - 43 / 7
    tail_cv = L.add("time.applicant_delay_cv", cv(gap_mean, gap_med), "coefficient of variation",
                    "applications", f"{FILE}: 2022-Q2 old law mean and median weeks to decree "
                    f"nisi ({dn_mean:g}, {dn_med:g}) and absolute ({da_mean:g}, {da_med:g})",
                    f"discretionary wait after the 6 weeks: mean {gap_mean:.2f}, median ~{gap_med:.2f} "
                    "weeks (difference of medians); lognormal: CV = sqrt(exp(2 ln(mean/median)) - 1)")
    co_delay = L.add("time.co_application_delay_days",
                     t_co - sole * service - min_co - p_ret / (1 - p_ret) * amend - pron - review_days,
                     "days", "applications", "calibrated",
                     f"mean to CO {t_co:.0f} - service {sole:.3f} x {service} - 140 - returns "
                     f"{p_ret}/(1-{p_ret}) x {amend} - pronouncement {pron} - review "
                     f"{review_days:.2f}: how long applicants wait after the 20 weeks; lognormal "
                     f"with CV {tail_cv:.2f}", kind="calibrated")
    fo_delay = L.add("time.fo_application_delay_days", t_fo - t_co - min_fo, "days", "applications",
                     "calibrated", f"mean to FO {t_fo:.0f} - mean to CO {t_co:.0f} - 43: how long "
                     f"applicants wait after the 6 weeks and 1 day (heavy tail: financial "
                     f"settlements); lognormal with CV {tail_cv:.2f}", kind="calibrated")

    stages = [
        {"id": "issue_and_service", "description": "Application issued; a sole application is "
         "served on the respondent (joint applications need no service).", "servers": "infinite",
         "service": rd.exponential(service), "service_by_type": {"joint": rd.fixed(0)}},
        {"id": "twenty_week_wait", "description": "Statutory 20-week minimum before a conditional "
         "order can be applied for (pure delay).", "servers": "infinite",
         "service": rd.fixed(min_co)},
        {"id": "co_application", "description": "Applicant's wait before applying for the "
         "conditional order (some wait long; some never apply).", "servers": "infinite",
         "service": rd.lognormal(co_delay, tail_cv * co_delay)},
        {"id": "legal_adviser_review", "description": "Legal adviser reviews the conditional-order "
         "application (capacity-limited); some are returned for amendment.",
         "servers": servers, "service": rd.exponential(review_days)},
        {"id": "co_amendment", "description": "Returned application amended by the applicant and "
         "resubmitted to the legal adviser (the loop).", "servers": "infinite",
         "service": rd.exponential(amend)},
        {"id": "co_pronouncement", "description": "Conditional order listed and pronounced.",
         "servers": "infinite", "service": rd.exponential(pron)},
        {"id": "six_weeks_one_day", "description": "Statutory 6 weeks and 1 day before a final "
         "order can be applied for (pure delay).", "servers": "infinite",
         "service": rd.fixed(min_fo)},
        {"id": "fo_application", "description": "Applicant's wait before applying for the final "
         "order (heavy-tailed: some wait for a financial settlement; some never apply).",
         "servers": "infinite", "service": rd.lognormal(fo_delay, tail_cv * fo_delay)},
        {"id": "final_order", "description": "Final order made: the marriage is dissolved "
         "(a counting point, no delay).", "servers": "infinite", "service": rd.fixed(0)},
    ]
    routes = [
        {"from": "issue_and_service", "to": "twenty_week_wait", "p": 1},
        {"from": "twenty_week_wait", "to": "co_application", "p": r6(p_co)},
        {"from": "co_application", "to": "legal_adviser_review", "p": 1},
        {"from": "legal_adviser_review", "to": "co_amendment", "p": r6(p_ret)},
        {"from": "legal_adviser_review", "to": "co_pronouncement", "p": r6(1 - p_ret)},
        {"from": "co_amendment", "to": "legal_adviser_review", "p": 1},
        {"from": "co_pronouncement", "to": "six_weeks_one_day", "p": 1},
        {"from": "six_weeks_one_day", "to": "fo_application", "p": 1},
        {"from": "fo_application", "to": "final_order", "p": r6(p_fo)},
    ]
    arrivals = []
    for t, share in (("sole", sole), ("joint", 1 - sole)):
        # rate_per_day holds from day 0 (2022-Q2); the schedule takes over from 2022-Q3.
        sched = [{"from_day": day, "rate_per_day": r6(r * share)} for day, r in schedule]
        arrivals.append({"to": "issue_and_service", "case_type": t,
                         "rate_per_day": sched[0]["rate_per_day"], "schedule": sched[1:]})
    model = {
        "courtflow": 1,
        "name": "divorce",
        "description": (
            "No-fault divorce in England & Wales (from 6 April 2022), calibrated to Family Court "
            "Statistics Quarterly (see docs/models/divorce.md; derived by "
            "scripts/reference/build_divorce.py). Starts empty on 6 April 2022, when the law came "
            "into force, replays published applications as warm-up, and reports from 2025-06-30."),
        "count_unit": "applications",
        "start_date": START.isoformat(),
        "horizon_days": warmup + HORIZON_AFTER_WARMUP,
        "warmup_days": warmup,
        "replications": REPLICATIONS,
        "seed": SEED,
        "case_types": [
            {"id": "sole", "priority": 0, "description": "Sole application: must be served on the "
             "respondent."},
            {"id": "joint", "priority": 0, "description": "Joint application: no service needed."},
        ],
        "stages": stages,
        "arrivals": arrivals,
        "routes": routes,
    }
    L.add("run.warmup_days", warmup, "days", "-", "derived", "2022-04-06 to 2025-06-30")
    return model, L


SECTIONS = {"apps": "Applications", "orders": "Orders and attrition", "time": "Durations",
            "review": "Legal-adviser review", "run": "Run"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=rd.DEFAULT_DATA)
    ap.add_argument("--out", default=os.path.join(rd.REPO, "models", "reference", "divorce.json"))
    ap.add_argument("--doc", nargs="?", const=os.path.join(rd.REPO, "docs", "models", "divorce.md"))
    args = ap.parse_args()
    model, ledger = build(args.data)
    rd.write_model(model, args.out)
    print(f"wrote {args.out}")
    if args.doc:
        rd.replace_between_markers(args.doc, "<!-- BEGIN PARAMETERS -->", "<!-- END PARAMETERS -->",
                                   ledger.markdown(SECTIONS))
        print(f"updated the parameter table in {args.doc}")


if __name__ == "__main__":
    main()
