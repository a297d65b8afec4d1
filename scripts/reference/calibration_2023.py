"""The 2023-start calibration variant of the England & Wales model (models/reference/england_wales_2023.json).

    python3 scripts/reference/build_england_wales.py --calibration [--doc]

Same stages, stage parameters and routes as the main model (build_england_wales.build, whose
derived values arrive here as `ctx`). What differs is only what a back-run needs:

* day 0 is 1 January 2023 and the initial work in progress is the published open caseload at
  the end of 2022 (Crown Court One Crown series, magistrates' revised series), split across
  stages by the main model's rules (make_wip);
* the horizon is the end of 2024 (731 days);
* Crown Court courtrooms per quarter come from that quarter's financial-year sitting days;
* the courts receive that period's published receipts. New cases arrive directly at the
  magistrates' first hearing, per case type and quarter, at the published magistrates' receipts
  (police and CPS carry only reoffenders, whose flow into the magistrates' court is subtracted).
  The share of either-way cases sent to the Crown Court is set per quarter so that Crown Court
  trial receipts are the published ones (the real cause: magistrates' sentencing powers went
  from 6 to 12 months on 2 May 2022 and back to 6 months on 30 March 2023, so fewer, then more,
  either-way cases were sent). Appeals (the rest of the non-trial receipts after committals)
  arrive per quarter so that Crown Court receipts are the published ones.
  The per-quarter rates and shares are found with a fluid (expected-value) model of the
  magistrates' stages, using the same exponential stage times as the simulation.

Nothing is fitted to disposals or open caseloads: they are the test (tests/validation/
calibration_test.cpp).
"""

import copy
import math
import sys

import refdata as rd
from refdata import r6

CC_FILE = "crown_court_quarterly.csv"
MC_FILE = "magistrates_court_quarterly.csv"
CJS_FILE = "cjs_prosecutions_convictions_quarterly.csv"
SITTING_FILE = "crown_court_sitting_days.csv"
PRISON_POP_FILE = "prison_population_quarterly.csv"
PROBATION_FILE = "probation_caseload.csv"
TRIALS_FILE = "crown_court_trials_and_caseload_age.csv"

ONE_CROWN = "OneCrown_CCSQ_JulSep2024"
MC_REVISED = "revised_CCSQ_JulSep2024"

START = rd.parse_date("2023-01-01")   # day 0; the stocks are those at the end of 2022-12-31
END = rd.parse_date("2024-12-31")
HORIZON = rd.day_of(START, END) + 1     # 731: the run ends at the end of 31 December 2024
SEED = 20221231
REPLICATIONS = 10
QUARTERS = ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
WITH_RECEIPTS = QUARTERS[:7]  # receipts are published up to 2024-Q3 in the data folder
DT = 1.0 / 8                   # fluid-model time step (days)


def quarter_days(q):
    a, b = rd.quarter_bounds(q)
    return rd.day_of(START, a), rd.day_of(START, b) + 1  # [from_day, until_day)


def build_calibration(main_model, ctx, data_dir):
    d = rd.Data(data_dir)
    L = rd.Ledger()
    c = ctx
    OFFENDER_TYPES = [t for t in c["flows"]]
    split, flows, rho, phi = c["split"], c["flows"], c["rho"], c["phi"]

    def cc(col, period):
        return d.num(CC_FILE, col, period=period, vintage=ONE_CROWN)

    def mc(col, period):
        return d.num(MC_FILE, col, period=period, vintage=MC_REVISED)

    # ---- published receipts per quarter (per day) --------------------------------------------
    target = {}
    for q in QUARTERS:
        src = q if q in WITH_RECEIPTS else WITH_RECEIPTS[-1]
        n = rd.days_in_quarters([src])
        target[q] = {
            "cc_trial": cc("trial_receipts", src) / n,
            "cc_nontrial": (cc("receipts", src) - cc("trial_receipts", src)) / n,
            "mc_for_trial": mc("for_trial_receipts", src) / n,
            "mc_summary": (mc("receipts", src) - mc("for_trial_receipts", src)) / n,
        }
    L.add("cal.receipts", len(WITH_RECEIPTS), "quarters", "cases",
          f"{CC_FILE} ({ONE_CROWN}): receipts, trial_receipts; {MC_FILE} ({MC_REVISED}): receipts, "
          "for_trial_receipts; 2023-Q1..2024-Q3",
          "per day = quarter's count / days in the quarter. 2024-Q4 receipts are not in the data "
          "folder: the 2024-Q3 rates are held (assumption)")

    # ---- reoffenders: the only cases the police and CPS stages carry ---------------------------
    p_cps, cps_charge = c["p_cps"], c["cps_charge"]
    reoff = {t: flows[t]["reoffend"] for t in OFFENDER_TYPES}
    reoff_mc = {t: reoff[t] * ((1 - p_cps[t]) + p_cps[t] * cps_charge) for t in OFFENDER_TYPES}
    L.add("cal.reoffenders_to_magistrates_per_day", sum(reoff_mc.values()), "cases/day", "cases",
          "model-derived", "reoffending flow of the main model (probation -> police) that reaches the "
          "magistrates' court after police and CPS; police and CPS start at its steady state, and "
          "it is subtracted from the published receipts to give the new cases arriving at the "
          "first hearing", kind="derived")

    # ---- type split of the magistrates' receipts ------------------------------------------------
    def type_targets(q):
        tq = target[q]
        ind = phi * tq["cc_trial"]                 # indictable-only: all sent (main-model rule)
        ew = tq["mc_for_trial"] - ind
        out = {}
        for t in OFFENDER_TYPES:
            g, share = split[t]
            out[t] = share * {"indictable": ind, "either_way": ew, "summary": tq["mc_summary"]}[g]
        return out

    # ---- initial work in progress: end of 2022 ---------------------------------------------------
    q0 = "2022-Q4"
    n0 = rd.days_in_quarters([q0])
    commit_q0 = d.num(CJS_FILE, "mc_committed_for_sentence_at_crown_court", period=q0) / n0
    nontrial_q0 = (cc("receipts", q0) - cc("trial_receipts", q0)) / n0
    p_a = d.num(PROBATION_FILE, "offenders_under_probation_supervision", date="2022-03-31")
    p_b = d.num(PROBATION_FILE, "offenders_under_probation_supervision", date="2024-03-31")
    frac = (rd.parse_date("2022-12-31") - rd.parse_date("2022-03-31")).days / (
        rd.parse_date("2024-03-31") - rd.parse_date("2022-03-31")).days
    prob_pop = L.add("cal.probation_caseload_start", p_a + frac * (p_b - p_a), "people", "people",
                     f"{PROBATION_FILE}: 2022-03-31 and 2024-03-31",
                     f"linear interpolation to 2022-12-31: {p_a:,.0f} + {frac:.3f} x ({p_b:,.0f} - "
                     f"{p_a:,.0f}) (no end-2022 figure in the data folder)")
    stocks = {
        "cc_open": cc("outstanding_end_of_period", q0),
        "cc_trial_open": cc("trial_outstanding_end_of_period", q0),
        "R": cc("trial_receipts", q0) / n0, "D": cc("trial_disposals", q0) / n0,
        "mc_open": mc("outstanding_end_of_period", q0),
        "mc_ft_open": mc("for_trial_outstanding_end_of_period", q0),
        "sentenced_pop": d.num(PRISON_POP_FILE, "sentenced", date="2022-12-31"),
        "prob_pop": prob_pop,
        "commit_share": commit_q0 / nontrial_q0,
        "police_in": reoff, "police_note": " of the reoffending flow only",
        "old_share": d.num(TRIALS_FILE, "value", period=q0, court="crown",
                           measure="share_outstanding_open_1yr_plus") / 100,
        "old_source": f"{TRIALS_FILE}: crown share_outstanding_open_1yr_plus {q0} (29%, series peak)",
    }
    L.add("cal.committal_share_of_nontrial_open", commit_q0 / nontrial_q0, "share", "cases",
          f"{CJS_FILE}: mc_committed_for_sentence_at_crown_court {q0}; {CC_FILE}: receipts - "
          f"trial_receipts {q0}", f"{commit_q0:.1f} / {nontrial_q0:.1f} per day: splits the "
          "non-trial open caseload between committals and appeals")
    L.add("cal.sentenced_population_start", stocks["sentenced_pop"], "people", "people",
          f"{PRISON_POP_FILE}: sentenced 2022-12-31", "as published")
    wip = c["make_wip"](stocks, L, q0)

    # ---- fluid model of the magistrates' stages: per-quarter sending share and committals -------
    mc_first_mean, F_s, T_mt, S_mt = c["mc_first_mean"], c["F_s"], c["T_mt"], c["S_mt"]
    f_ng, w, c_mt, f_s = c["f_ng"], c["w"], c["c_mt"], c["f_s"]
    p_commit_ew = c["p_commit_ew"]
    tau_h = {t: (F_s if t == "summary" else mc_first_mean) for t in OFFENDER_TYPES}
    state = {t: {"H": 0.0, "T": 0.0, "S": 0.0} for t in OFFENDER_TYPES}
    for e in wip:
        key = {"mc_first_hearing": "H", "mc_trial": "T", "mc_sentence": "S"}.get(e["stage"])
        if key:
            state[e["case_type"]][key] += e["count"]

    def shares(t, p_send):
        """Routes out of mc_first_hearing: (sent, to trial, to mc_sentence) for type t."""
        g = split[t][0]
        if g == "indictable":
            return 1.0, 0.0, 0.0
        if g == "either_way":
            return p_send, (1 - p_send) * f_ng, (1 - p_send) * (1 - f_ng) * (1 - w)
        return 0.0, f_s, 0.0  # summary: convicted at first hearing are sentenced there

    arrive, send_share, appeals = {}, {}, {}
    for q in QUARTERS:
        a_day, b_day = quarter_days(q)
        steps = int(round((b_day - a_day) / DT))
        tt = type_targets(q)
        arrive[q] = {t: tt[t] - reoff_mc[t] for t in OFFENDER_TYPES}
        for t, v in arrive[q].items():
            if v < 0:
                sys.exit(f"calibration: negative arrivals for {t} in {q}")
        inflow = {t: arrive[q][t] + reoff_mc[t] for t in OFFENDER_TYPES}
        # Pass 1: first-hearing outflow over the quarter (does not depend on the routes).
        out_h = {t: 0.0 for t in OFFENDER_TYPES}
        h = {t: state[t]["H"] for t in OFFENDER_TYPES}
        for _ in range(steps):
            for t in OFFENDER_TYPES:
                o = h[t] / tau_h[t] * DT
                out_h[t] += o
                h[t] += inflow[t] * DT - o
        days = b_day - a_day
        sent_ind = sum(out_h[t] for t in OFFENDER_TYPES if split[t][0] == "indictable") / days
        out_ew = sum(out_h[t] for t in OFFENDER_TYPES if split[t][0] == "either_way") / days
        p = (target[q]["cc_trial"] - sent_ind) / out_ew
        if not 0 <= p <= 1:
            sys.exit(f"calibration: either-way sent share {p} out of range in {q}")
        send_share[q] = p
        # Pass 2: all three stages with this quarter's routes; committals out of mc_sentence.
        committed = 0.0
        for _ in range(steps):
            for t in OFFENDER_TYPES:
                st = state[t]
                s_send, s_trial, s_sent = shares(t, p)
                o_h = st["H"] / tau_h[t] * DT
                o_t = st["T"] / T_mt * DT
                o_s = st["S"] / S_mt * DT
                if split[t][0] == "either_way":
                    committed += p_commit_ew * o_s
                st["H"] += inflow[t] * DT - o_h
                st["T"] += s_trial * o_h - o_t
                st["S"] += s_sent * o_h + c_mt * o_t - o_s
        appeals[q] = target[q]["cc_nontrial"] - committed / days
        if appeals[q] < 0:
            sys.exit(f"calibration: committals exceed non-trial receipts in {q}")

    L.add("cal.either_way_sent_share", f"{min(send_share.values()):.3f}-{max(send_share.values()):.3f}",
          "share", "cases", f"{CC_FILE}: trial_receipts per quarter; fluid model of mc_first_hearing",
          "per quarter: (published Crown Court trial receipts - indictable-only cases leaving the "
          "first hearing) / either-way cases leaving it; routes with from_day/until_day windows. "
          f"Main model: {c['p_send_ew']:.3f} (2024-Q1..Q3)", kind="derived")
    L.add("cal.appeals_per_day", f"{min(appeals.values()):.1f}-{max(appeals.values()):.1f}",
          "cases/day", "cases", f"{CC_FILE}: receipts - trial_receipts per quarter; fluid committals",
          "per quarter: published non-trial receipts - the model's expected committals for sentence",
          kind="derived")

    # ---- sitting days per quarter -----------------------------------------------------------------
    work_days = c["work_days"]
    sd_2324, sd_2425 = c["sd_2324"], c["sd_2425"]
    sd_2223 = L.add("cal.sitting_days_2022_23", sd_2324, "sitting days/year", "-",
                    f"{SITTING_FILE}: 2022/23 'uncapped' (no figure) and 2023/24 actual",
                    "2023-Q1 is in 2022/23, for which only 'uncapped' is published (as 2023/24): "
                    "taken as the 2023/24 outturn", kind="assumption")

    def fy_sitting_days(date):
        if date < rd.parse_date("2023-04-01"):
            return sd_2223
        if date < rd.parse_date("2024-04-01"):
            return sd_2324
        return sd_2425

    cap = []
    for q in QUARTERS:
        a_day, _ = quarter_days(q)
        n = round(fy_sitting_days(rd.quarter_bounds(q)[0]) / work_days)
        cap.append({"from_day": a_day, "servers": n})
    L.add("cal.courtrooms", "; ".join(f"{q} {e['servers']}" for q, e in zip(QUARTERS, cap)),
          "courtrooms (servers)", "-", f"{SITTING_FILE}: financial-year sitting days",
          f"sitting days of the quarter's financial year / {work_days}, rounded")

    # ---- the model ----------------------------------------------------------------------------------
    model = copy.deepcopy(main_model)
    model["name"] = "england_wales_2023"
    model["description"] = (
        "England & Wales criminal justice, the reference model run from the start of 2023 with "
        "that period's published receipts and sitting days, to check it against the published "
        "2023-2024 caseloads (see docs/models/england-wales.md, Calibration; derived by "
        "scripts/reference/build_england_wales.py --calibration). One simulated case = one court case.")
    model["start_date"] = START.isoformat()
    model["horizon_days"] = HORIZON
    model["seed"] = SEED
    model["replications"] = REPLICATIONS
    for s in model["stages"]:
        if s["id"] == "cc_trial":
            s["servers"] = cap[0]["servers"]
            s["capacity"] = cap

    def schedule(rates):
        """rate_per_day of the first quarter, then a step at each later quarter."""
        first = r6(rates[QUARTERS[0]])
        steps = [{"from_day": quarter_days(q)[0], "rate_per_day": r6(rates[q])} for q in QUARTERS[1:]]
        return first, steps

    arrivals = []
    for t in OFFENDER_TYPES:
        first, steps = schedule({q: arrive[q][t] for q in QUARTERS})
        arrivals.append({"to": "mc_first_hearing", "case_type": t, "rate_per_day": first,
                         "schedule": steps})
    first, steps = schedule(appeals)
    arrivals.append({"to": "cc_appeal", "case_type": "appeal", "rate_per_day": first,
                     "schedule": steps})
    model["arrivals"] = arrivals

    ew_types = [t for t in OFFENDER_TYPES if split[t][0] == "either_way"]
    routes = [r for r in model["routes"]
              if not (r["from"] == "mc_first_hearing" and r.get("case_type") in ew_types)]
    for i, q in enumerate(QUARTERS):
        a_day, b_day = quarter_days(q)
        s_send, s_trial, s_sent = shares(ew_types[0], send_share[q])
        for t in ew_types:
            for to, p in (("cc_ptph", s_send), ("mc_trial", s_trial), ("mc_sentence", s_sent)):
                r = {"from": "mc_first_hearing", "to": to, "p": r6(p), "case_type": t}
                if i > 0:
                    r["from_day"] = a_day
                if i < len(QUARTERS) - 1:
                    r["until_day"] = b_day
                routes.append(r)
    model["routes"] = routes
    model["initial_wip"] = wip

    info = {"send_share": send_share, "appeals": appeals, "arrive": arrive, "target": target,
            "courtrooms": {q: e["servers"] for q, e in zip(QUARTERS, cap)}}
    return model, L, info
