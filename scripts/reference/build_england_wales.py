#!/usr/bin/env python3
"""Derive models/reference/england_wales.json from the published statistics.

    python3 scripts/reference/build_england_wales.py [--data DIR] [--out FILE] [--doc FILE]

--data  folder with the MoJ CSVs (default: <repo>/../shared/data/moj)
--out   model file to write (default: <repo>/models/reference/england_wales.json)
--doc   also rewrite the parameter table between the markers in this Markdown file
        (default when given without a value: <repo>/docs/models/england-wales.md)

Python 3 standard library only; deterministic. Every number in the model is computed below
from a named CSV row (file, period, measure, vintage) or is a stated assumption, and is
recorded in the ledger that docs/models/england-wales.md prints as its parameter table.

Conventions
-----------
* One simulated case = one court case (HMCTS unit). Police and CPS figures (offences, suspects,
  defendants) and MoJ prison/probation figures (people) are converted to cases as stated at
  each step; "count_unit" is "cases".
* Rates are per calendar day: a quarterly count is divided by the exact number of days in the
  quarters used.
* The calibration window for the courts is the latest three published quarters, 2024-Q1 to
  2024-Q3 (274 days); the model starts at the end of 2024-Q3 (start_date 2024-09-30).
* Pure-delay ("infinite") stages that hold cases at time zero use exponential durations: the
  engine draws a fresh duration for a case already in a stage at time zero, and only the
  exponential (memoryless) makes that stock drain at exactly the steady-state rate.
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refdata as rd  # noqa: E402
from calibration_2023 import build_calibration  # noqa: E402
from refdata import r6  # noqa: E402

CC_FILE = "crown_court_quarterly.csv"
MC_FILE = "magistrates_court_quarterly.csv"
TIME_FILE = "criminal_court_timeliness.csv"
TRIALS_FILE = "crown_court_trials_and_caseload_age.csv"
SITTING_FILE = "crown_court_sitting_days.csv"
CJS_FILE = "cjs_prosecutions_convictions_quarterly.csv"
POLICE_FILE = "police_crime_outcomes_annual.csv"
CPS_FILE = "cps_caseload.csv"
PRISON_POP_FILE = "prison_population_quarterly.csv"
PRISON_FLOW_FILE = "prison_flows_quarterly.csv"
PROBATION_FILE = "probation_caseload.csv"

ONE_CROWN = "OneCrown_CCSQ_JulSep2024"
MC_REVISED = "revised_CCSQ_JulSep2024"
TOOL = "CCSQ_JulSep2024_timeliness_tool_via_workbook"

START = rd.parse_date("2024-09-30")   # end of 2024-Q3, the latest quarter with receipts
HORIZON = 1826                          # five years
SEED = 20240930
REPLICATIONS = 10

W3 = ["2024-Q1", "2024-Q2", "2024-Q3"]  # calibration window for court flows and stocks
CJS4 = ["2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"]  # latest four CJS quarters
PF4 = ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3"]   # latest four prison-flow quarters

TYPES = ["indictable_remand", "indictable_bail", "either_way_remand", "either_way_bail", "summary",
         "appeal"]
OFFENDER_TYPES = TYPES[:5]
FOR_TRIAL_TYPES = TYPES[:4]


def int_split(total, parts):
    """Integers proportional to `parts` (a dict, in order) adding up to round(total): largest
    remainder, ties in the dict's order."""
    tot = sum(parts.values())
    raw = {k: total * v / tot for k, v in parts.items()}
    out = {k: int(math.floor(v)) for k, v in raw.items()}
    keys = list(parts)
    for k in sorted(keys, key=lambda k: (-(raw[k] - out[k]), keys.index(k)))[
            :int(round(total)) - sum(out.values())]:
        out[k] += 1
    return out


def plus(values):
    return " + ".join(f"{v:,.0f}" for v in values)


def build(data_dir):
    d = rd.Data(data_dir)
    L = rd.Ledger()
    days_w3 = rd.days_in_quarters(W3)
    days_cjs4 = rd.days_in_quarters(CJS4)
    days_pf4 = rd.days_in_quarters(PF4)

    def cc(col, period):
        return d.num(CC_FILE, col, period=period, vintage=ONE_CROWN)

    def mc(col, period):
        return d.num(MC_FILE, col, period=period, vintage=MC_REVISED)

    def cjs(col, periods, blank_is_zero=False):
        total = 0.0
        for p in periods:
            text = d.one(CJS_FILE, period=p)[col].strip()
            if text == "" and blank_is_zero:
                continue  # e.g. mc_other_disposal_without_conviction is blank in 2024-Q1 (tiny)
            total += d.num(CJS_FILE, col, period=p)
        return total

    def tool(court, measure, stat, period):
        return d.num(TIME_FILE, "value", period=period, court=court, measure=measure,
                     statistic=stat, vintage=TOOL)

    w3 = "2024-Q1..Q3 (274 days)"

    # ==========================================================================================
    # 1. Crown Court volumes (crown_court_quarterly.csv, vintage OneCrown_CCSQ_JulSep2024)
    # ==========================================================================================
    cc_rec = sum(cc("receipts", p) for p in W3)
    cc_trial_rec = sum(cc("trial_receipts", p) for p in W3)
    cc_trial_disp = sum(cc("trial_disposals", p) for p in W3)
    cc_disp = sum(cc("disposals", p) for p in W3)
    R = L.add("cc.trial_receipts_per_day", cc_trial_rec / days_w3, "cases/day", "cases",
              f"{CC_FILE}: trial_receipts, {w3}, One Crown",
              f"({plus(cc('trial_receipts', p) for p in W3)}) / {days_w3}")
    D = L.add("cc.trial_disposals_per_day", cc_trial_disp / days_w3, "cases/day", "cases",
              f"{CC_FILE}: trial_disposals, {w3}, One Crown",
              f"({plus(cc('trial_disposals', p) for p in W3)}) / {days_w3}")
    nontrial_rec = L.add("cc.nontrial_receipts_per_day", (cc_rec - cc_trial_rec) / days_w3,
                         "cases/day", "cases",
                         f"{CC_FILE}: receipts - trial_receipts, {w3}, One Crown",
                         f"({cc_rec:,.0f} - {cc_trial_rec:,.0f}) / {days_w3}: committals for "
                         "sentence and appeals")
    nontrial_disp = L.add("cc.nontrial_disposals_per_day", (cc_disp - cc_trial_disp) / days_w3,
                          "cases/day", "cases",
                          f"{CC_FILE}: disposals - trial_disposals, {w3}, One Crown",
                          f"({cc_disp:,.0f} - {cc_trial_disp:,.0f}) / {days_w3}")
    cc_open = L.add("cc.open_caseload_start", cc("outstanding_end_of_period", "2024-Q3"), "cases",
                    "cases", f"{CC_FILE}: outstanding_end_of_period, 2024-Q3, One Crown "
                    "(= bulletin headline 73,105)", "as published")
    cc_trial_open = L.add("cc.trial_open_caseload_start",
                          cc("trial_outstanding_end_of_period", "2024-Q3"), "cases", "cases",
                          f"{CC_FILE}: trial_outstanding_end_of_period, 2024-Q3, One Crown",
                          "as published")
    cc_nontrial_open = cc_open - cc_trial_open
    open_2023q4 = cc("trial_outstanding_end_of_period", "2023-Q4")
    growth = L.add("cc.trial_open_growth_per_day", (cc_trial_open - open_2023q4) / days_w3,
                   "cases/day", "cases",
                   f"{CC_FILE}: trial_outstanding_end_of_period 2023-Q4 and 2024-Q3, One Crown",
                   f"({cc_trial_open:,.0f} - {open_2023q4:,.0f}) / {days_w3}")
    nontrial_stock_avg = sum(cc("outstanding_end_of_period", p) -
                             cc("trial_outstanding_end_of_period", p) for p in W3) / 3
    S_cc = L.add("cc.sentence_and_appeal_mean_days", nontrial_stock_avg / nontrial_disp, "days",
                 "cases", f"{CC_FILE}: (outstanding - trial_outstanding) averaged over {w3}; "
                 "non-trial disposals per day",
                 f"Little's law: {nontrial_stock_avg:,.0f} / {nontrial_disp:.1f} per day. Used for "
                 "committals for sentence, appeals, and the sentencing of convicted trial cases")

    # Defendants per Crown Court case: CJS counts defendants, HMCTS cases.
    appeared = d.num(CJS_FILE, "cc_appeared_for_trial", period="2024-Q1")
    disp_q1 = cc("trial_disposals", "2024-Q1")
    dpc = L.add("conv.defendants_per_cc_case", appeared / disp_q1, "defendants/case", "-",
                f"{CJS_FILE}: cc_appeared_for_trial 2024-Q1; {CC_FILE}: trial_disposals 2024-Q1",
                f"{appeared:,.0f} defendants / {disp_q1:,.0f} cases")

    # ==========================================================================================
    # 2. Case mix: remand share and indictable-only share
    # ==========================================================================================
    remand_pop = d.num(PRISON_POP_FILE, "remand", date="2024-09-30")
    rho = L.add("mix.remand_share", remand_pop / (cc_trial_open * dpc), "share", "cases",
                f"{PRISON_POP_FILE}: remand 2024-09-30; {CC_FILE}: trial open 2024-Q3; "
                "defendants per case",
                f"{remand_pop:,.0f} people on remand / ({cc_trial_open:,.0f} open trial cases x "
                f"{dpc:.3f}) = share of open trial cases with a defendant in custody; applied to "
                "new either-way and indictable cases too. Cross-check: CJS Dec 2023 bulletin says "
                "52% of Crown Court defendants were remanded in custody at some point (external)")
    phi = L.add("mix.indictable_only_share", 1.0 / 3.0, "share", "cases",
                "no split in the data folder", "one third of Crown Court trial receipts taken as "
                "indictable-only, two thirds either-way. Only labels the flow: both types follow "
                "the same Crown Court routes", kind="assumption")

    # ==========================================================================================
    # 3. Magistrates' courts (magistrates_court_quarterly.csv, vintage revised_CCSQ_JulSep2024)
    # ==========================================================================================
    mc_rec = sum(mc("receipts", p) for p in W3)
    mc_ft_rec = sum(mc("for_trial_receipts", p) for p in W3)
    M_ft = L.add("mc.for_trial_receipts_per_day", mc_ft_rec / days_w3, "cases/day", "cases",
                 f"{MC_FILE}: for_trial_receipts, {w3}, revised",
                 f"{mc_ft_rec:,.0f} / {days_w3}; 'for trial' read as cases with an indictable "
                 "or either-way offence (the rest are summary)")
    M_s = L.add("mc.summary_receipts_per_day", (mc_rec - mc_ft_rec) / days_w3, "cases/day",
                "cases", f"{MC_FILE}: receipts - for_trial_receipts, {w3}, revised",
                f"({mc_rec:,.0f} - {mc_ft_rec:,.0f}) / {days_w3}")
    mc_open = L.add("mc.open_caseload_start", mc("outstanding_end_of_period", "2024-Q3"), "cases",
                    "cases", f"{MC_FILE}: outstanding_end_of_period 2024-Q3, revised (= headline "
                    "333,349)", "as published")
    mc_ft_open = mc("for_trial_outstanding_end_of_period", "2024-Q3")
    mc_ft_stock_avg = sum(mc("for_trial_outstanding_end_of_period", p) for p in W3) / 3
    mc_s_stock_avg = sum(mc("outstanding_end_of_period", p) -
                         mc("for_trial_outstanding_end_of_period", p) for p in W3) / 3
    L.add("mc.for_trial_open_avg", mc_ft_stock_avg, "cases", "cases",
          f"{MC_FILE}: for_trial_outstanding_end_of_period averaged over {w3}", "mean of 3 quarters")
    L.add("mc.summary_open_avg", mc_s_stock_avg, "cases", "cases",
          f"{MC_FILE}: outstanding - for_trial_outstanding averaged over {w3}", "mean of 3 quarters")

    # ==========================================================================================
    # 4. Police and CPS
    # ==========================================================================================
    fy_days = (rd.parse_date("2024-03-31") - rd.parse_date("2023-04-01")).days + 1
    charged = d.num(POLICE_FILE, "charges_summons_outcomes_for_offences_recorded_in_year",
                    financial_year="2023-24")
    recorded = d.num(POLICE_FILE, "police_recorded_crime_total", financial_year="2023-24")
    police_charged = L.add("police.charged_per_day", charged / fy_days, "cases/day",
                           "offences taken as cases", f"{POLICE_FILE}: "
                           "charges_summons_outcomes_for_offences_recorded_in_year, 2023-24",
                           f"{charged:,.0f} / {fy_days} days. One offence charged = one case "
                           f"(upper bound: a case can hold several offences). {charged / recorded:.1%} "
                           f"of the {recorded:,.0f} recorded crimes")
    cps_days = (rd.parse_date("2023-12-31") - rd.parse_date("2023-04-01")).days + 1
    cps_q = [d.num(CPS_FILE, "value", period=p, measure="receipts_for_charging_decision")
             for p in ["2023/24 Q1", "2023/24 Q2", "2023/24 Q3"]]
    cps_in = L.add("cps.referrals_per_day", sum(cps_q) / cps_days / dpc, "cases/day",
                   "suspects converted to cases", f"{CPS_FILE}: receipts_for_charging_decision "
                   "2023/24 Q1-Q3 (suspects)",
                   f"({plus(cps_q)}) / {cps_days} days / {dpc:.3f} "
                   "defendants per case")
    cps_charge = L.add("cps.charge_share", d.num(CPS_FILE, "value", period="2022/23 Q1",
                                                  measure="all_crime_charge_rate") / 100.0,
                       "share", "suspects", f"{CPS_FILE}: all_crime_charge_rate 2022/23 Q1 (latest)",
                       "78.8% of legal decisions are to charge; the rest leave (no further action)")
    cps_days_to_charge = L.add("cps.mean_days", d.num(CPS_FILE, "value", period="2022/23 Q3",
                                                      measure="mean_days_to_charge"),
                               "days", "suspects", f"{CPS_FILE}: mean_days_to_charge 2022/23 Q3 "
                               "(latest; police and CPS)", "exponential with this mean")

    charged_ind = phi * R
    charged_ew = M_ft - charged_ind
    ref_ind = charged_ind / cps_charge
    ref_ew = cps_in - ref_ind
    if ref_ew <= 0:
        sys.exit("CPS referrals do not cover indictable-only cases")
    direct_ew = charged_ew - cps_charge * ref_ew
    police_ew = direct_ew + ref_ew
    police_s = police_charged - M_ft
    L.add("police.indictable_per_day", ref_ind, "cases/day", "cases",
          "derived", f"indictable-only charged = {phi:.3f} x {R:.1f} = {charged_ind:.1f}/day; all "
          f"go to the CPS, so police refer {charged_ind:.1f} / {cps_charge} = {ref_ind:.1f}/day")
    p_cps_ew = L.add("police.either_way_to_cps_share", ref_ew / police_ew, "share", "cases",
                     "derived", f"CPS referrals {cps_in:.1f}/day less indictable {ref_ind:.1f} = "
                     f"{ref_ew:.1f}/day either-way referrals; either-way charged = {M_ft:.1f} - "
                     f"{charged_ind:.1f} = {charged_ew:.1f}/day, of which police charge "
                     f"{direct_ew:.1f} directly; share = {ref_ew:.1f} / ({direct_ew:.1f} + {ref_ew:.1f})")
    L.add("police.either_way_per_day", police_ew, "cases/day", "cases", "derived",
          f"{direct_ew:.1f} charged by police + {ref_ew:.1f} referred to the CPS")
    L.add("police.summary_per_day", police_s, "cases/day", "cases", "derived",
          f"police charges {police_charged:.1f} - for-trial receipts {M_ft:.1f} = summary cases "
          "charged by the police")
    mc_nonpolice = L.add("mc.summary_other_prosecutors_per_day", M_s - police_s, "cases/day",
                         "cases", "derived", f"summary receipts {M_s:.1f} - police summary "
                         f"{police_s:.1f}: TV licensing, DVLA, TfL, councils, single justice "
                         "procedure; they arrive straight at the magistrates' court")

    # Police investigation time (offence to charge), criminal_court_timeliness.csv 2024-Q3.
    off_to_charge_mc = tool("magistrates", "offence_to_charge_or_laying", "mean", "2024-Q3")
    pre_court_cc = tool("crown", "pre_court_offence_to_first_listing", "mean", "2024-Q3")
    charge_to_list = tool("magistrates", "charge_to_first_listing", "mean", "2024-Q3")
    pol_mean_s = L.add("police.mean_days_summary", off_to_charge_mc, "days", "cases",
                       f"{TIME_FILE}: magistrates offence_to_charge_or_laying mean 2024-Q3",
                       "exponential with this mean")
    pol_mean_ew = L.add("police.mean_days_either_way", off_to_charge_mc - p_cps_ew *
                        cps_days_to_charge, "days", "cases",
                        f"{TIME_FILE}: magistrates offence_to_charge_or_laying mean 2024-Q3; CPS mean",
                        f"{off_to_charge_mc:.1f} - {p_cps_ew:.3f} x {cps_days_to_charge} (the CPS "
                        "part of offence-to-charge is its own stage)")
    pol_mean_ind = L.add("police.mean_days_indictable", pre_court_cc - charge_to_list -
                         cps_days_to_charge, "days", "cases",
                         f"{TIME_FILE}: crown pre_court_offence_to_first_listing mean 2024-Q3; "
                         "magistrates charge_to_first_listing mean 2024-Q3; CPS mean",
                         f"{pre_court_cc:.1f} - {charge_to_list:.1f} - {cps_days_to_charge} "
                         "(long: includes historic sexual offences)")

    # ==========================================================================================
    # 5. Magistrates' court routes
    # ==========================================================================================
    mc_first_mean = L.add("mc.first_hearing_mean_days", charge_to_list, "days", "cases",
                          f"{TIME_FILE}: magistrates charge_to_first_listing mean 2024-Q3",
                          "charge or summons to first hearing; exponential")
    p_send_ew = L.add("mc.either_way_sent_share", (1 - phi) * R / charged_ew, "share", "cases",
                      "derived", f"either-way Crown Court receipts {(1 - phi) * R:.1f}/day / "
                      f"either-way magistrates' receipts {charged_ew:.1f}/day")
    gp_mc = d.one(CPS_FILE, measure="guilty_plea_rate_all", unit="percent")
    conv_mc_cps = [r for r in d.rows(CPS_FILE) if r["measure"] == "conviction_rate" and r["period"].startswith("undated")][0]
    f_ng = L.add("mc.not_guilty_share", 1 - 0.767, "share", "defendants",
                 f"{CPS_FILE}: guilty_plea_rate_all (undated) notes: magistrates 76.7%",
                 "1 - 0.767: police/CPS cases kept by the magistrates that go to trial "
                 f"(row: {gp_mc['notes'][:40]}...)")
    c_mt = L.add("mc.trial_conviction_share", (0.842 - 0.767) / (1 - 0.767), "share", "defendants",
                 f"{CPS_FILE}: conviction_rate (undated) notes: magistrates 84.2%; guilty plea 76.7%",
                 f"(0.842 - 0.767) / (1 - 0.767): convictions after a not-guilty plea "
                 f"(row: {conv_mc_cps['notes'][:30]}...)")
    f_s = L.add("mc.summary_trial_share", f_ng * police_s / M_s, "share", "cases", "derived",
                f"{f_ng:.3f} x police summary {police_s:.1f} / all summary {M_s:.1f}: summary cases "
                "from other prosecutors (single justice procedure) taken as never tried")
    # Non-conviction among cases the magistrates keep (CJS, defendants, latest four quarters).
    cj_proc = cjs("mc_proceeded_against", CJS4)
    cj_ct = cjs("mc_committed_for_trial_at_crown_court", CJS4)
    cj_nc = (cjs("mc_proceedings_discontinued_or_discharged", CJS4) +
             cjs("mc_charge_withdrawn_or_dismissed", CJS4) +
             cjs("mc_other_disposal_without_conviction", CJS4, blank_is_zero=True))
    nu = L.add("mc.not_convicted_share", cj_nc / (cj_proc - cj_ct), "share", "defendants",
               f"{CJS_FILE}: mc_proceedings_discontinued_or_discharged + mc_charge_withdrawn_or_"
               f"dismissed + mc_other_disposal_without_conviction, mc_proceeded_against, "
               f"mc_committed_for_trial_at_crown_court, {CJS4[0]}..{CJS4[-1]}",
               f"{cj_nc:,.0f} / ({cj_proc:,.0f} - {cj_ct:,.0f})")
    # Magistrates' receipts by type, before the remand split.
    M = {"indictable": charged_ind, "either_way": charged_ew, "summary": M_s}
    send = {"indictable": 1.0, "either_way": p_send_ew, "summary": 0.0}
    trial = {"indictable": 0.0, "either_way": (1 - p_send_ew) * f_ng, "summary": f_s}
    plea_group = {g: M[g] * (1 - send[g] - trial[g]) for g in M}
    not_conv_trial = sum(M[g] * trial[g] * (1 - c_mt) for g in M)
    retained = sum(M[g] * (1 - send[g]) for g in M)
    w = L.add("mc.withdrawn_at_first_hearing_share",
              (nu * retained - not_conv_trial) / sum(plea_group.values()), "share", "cases",
              "derived", f"so that {nu:.3f} of the cases the magistrates keep end without "
              "conviction: (nu x kept - not convicted at trial) / cases not tried")
    conv_first = {g: (1 - send[g] - trial[g]) * (1 - w) for g in M}

    # Sentencing at the magistrates' court (CJS, defendants ~ cases, latest four quarters).
    cj_sent = cjs("mc_sentenced", CJS4)
    cj_cust = cjs("mc_sentenced_immediate_custody", CJS4)
    cj_commit = cjs("mc_committed_for_sentence_at_crown_court", CJS4)
    p_mc_cust = L.add("mc.custody_share", cj_cust / cj_sent, "share", "defendants",
                      f"{CJS_FILE}: mc_sentenced_immediate_custody / mc_sentenced, "
                      f"{CJS4[0]}..{CJS4[-1]}", f"{cj_cust:,.0f} / {cj_sent:,.0f}")
    commit_per_day = L.add("mc.committals_for_sentence_per_day", cj_commit / days_cjs4,
                           "cases/day", "defendants taken as cases",
                           f"{CJS_FILE}: mc_committed_for_sentence_at_crown_court, "
                           f"{CJS4[0]}..{CJS4[-1]}", f"{cj_commit:,.0f} / {days_cjs4} days")
    p_mc_comm = L.add("mc.community_share", 0.08, "share", "defendants",
                      "not in the data folder (CJS file has no community-sentence column)",
                      "community orders and suspended sentence orders supervised by probation, "
                      "about 8% of magistrates' sentences (MoJ sentencing statistics, rounded)",
                      kind="assumption")
    # Flows into mc_sentence by group (per day).
    MS = {g: M[g] * (conv_first[g] + trial[g] * c_mt) for g in M}
    p_commit_ew = L.add("mc.either_way_committed_share", commit_per_day / MS["either_way"],
                        "share", "cases", "derived",
                        f"committals {commit_per_day:.1f}/day / either-way convictions at the "
                        f"magistrates' {MS['either_way']:.1f}/day (only either-way cases are committed)")

    # Magistrates' stage times from the two published stocks (Little's law), 2 equations:
    #   for-trial:  M_ft*F + (trial flow)*T + (sentence flow)*S = for-trial stock
    #   summary:    M_s*F  + (trial flow)*T + (sentence flow)*S = summary stock
    F = mc_first_mean
    a1 = M["either_way"] * trial["either_way"]
    b1 = MS["either_way"] + MS["indictable"]
    c1 = mc_ft_stock_avg - M_ft * F
    a2 = M["summary"] * trial["summary"]
    b2 = MS["summary"]
    c2 = mc_s_stock_avg - M_s * F
    det = a1 * b2 - a2 * b1
    T_mt = (c1 * b2 - c2 * b1) / det
    S_mt = (a1 * c2 - a2 * c1) / det
    if T_mt <= 0 or S_mt <= 0:
        sys.exit(f"magistrates' stage times not positive: trial {T_mt}, sentence {S_mt}")
    L.add("mc.trial_mean_days", T_mt, "days", "cases", "derived (Little's law, two published "
          "stocks)", f"solve {a1:.1f}T + {b1:.1f}S = {c1:,.0f} (for-trial stock less first-hearing "
          f"stock) and {a2:.1f}T + {b2:.1f}S = {c2:,.0f} (summary) -> T = {T_mt:.1f}", kind="calibrated")
    L.add("mc.sentence_mean_days", S_mt, "days", "cases", "derived (same two equations)",
          f"S = {S_mt:.1f}: mean from conviction to sentence (many are sentenced at once; the mean "
          "absorbs adjournments, warrants and cases that wait)", kind="calibrated")
    mt_first = tool("magistrates", "first_listing_to_completion", "mean", "2024-Q3")
    L.add("check.mc_first_listing_to_completion", mt_first, "days", "cases",
          f"{TIME_FILE}: magistrates first_listing_to_completion mean 2024-Q3",
          "published for completed cases; the model's mean after first hearing is "
          f"{(a1 * T_mt + b1 * S_mt + a2 * T_mt + b2 * S_mt) / (M_ft + M_s - R):.1f} days: the open "
          "caseload implies cases stay longer than the completed-case measure shows", kind="data")

    # ==========================================================================================
    # 6. Crown Court: plea, trial listings, attrition
    # ==========================================================================================
    eff = L.add("cc.effective_share", d.num(TRIALS_FILE, "value", period="2023-Q4", court="crown",
                                             measure="effective_trial_rate") / 100, "share",
                "listed trials", f"{TRIALS_FILE}: crown effective_trial_rate 2023-Q4 (latest)", "42%")
    ineff = L.add("cc.ineffective_share", d.num(TRIALS_FILE, "value", period="2024-Q3",
                                                 court="crown", measure="ineffective_trial_rate") / 100,
                  "share", "listed trials", f"{TRIALS_FILE}: crown ineffective_trial_rate 2024-Q3 "
                  "(latest)", "25%: loop back to the trial queue")
    cracked = L.add("cc.cracked_share", 1 - eff - ineff, "share", "listed trials", "derived",
                    f"1 - {eff} - {ineff} (cracked shares are not published in the data folder)")
    listed_2021 = d.num(TRIALS_FILE, "value", period="2021", court="crown", measure="trials_listed")
    ineff_2021 = d.num(TRIALS_FILE, "value", period="2021", court="crown",
                       measure="ineffective_trial_rate") / 100
    disp_2021 = sum(cc("trial_disposals", f"2021-Q{q}") for q in range(1, 5))
    q_L = L.add("cc.listed_resolution_share", listed_2021 * (1 - ineff_2021) / disp_2021, "share",
                "cases", f"{TRIALS_FILE}: crown trials_listed 2021 and ineffective_trial_rate 2021; "
                f"{CC_FILE}: trial_disposals 2021-Q1..Q4 One Crown",
                f"{listed_2021:,.0f} listings x (1 - {ineff_2021}) / {disp_2021:,.0f} disposals: the "
                "share of trial cases that end at a listed trial (effective or cracked). Cross-check: "
                "CPS Crown Court guilty-plea rate 71.9% (undated)")
    X_L = q_L * D  # cases per day ending at a listed trial, at the start
    cj_cc_conv = cjs("cc_convicted", CJS4)
    cj_cc_all = (cj_cc_conv + cjs("cc_acquitted", CJS4) + cjs("cc_case_discontinued", CJS4) +
                 cjs("cc_other_disposal_without_conviction", CJS4))
    conv = L.add("cc.conviction_share", cj_cc_conv / cj_cc_all, "share", "defendants",
                 f"{CJS_FILE}: cc_convicted / (cc_convicted + cc_acquitted + cc_case_discontinued + "
                 f"cc_other_disposal_without_conviction), {CJS4[0]}..{CJS4[-1]}",
                 f"{cj_cc_conv:,.0f} / {cj_cc_all:,.0f}")
    ptph_days = L.add("cc.ptph_days", 28, "days", "cases",
                      "Criminal Procedure Rules / Better Case Management: PTPH within 28 days of "
                      "sending (not in the data folder)", "fixed", kind="external")

    # Sitting days (crown_court_sitting_days.csv) and the courtroom conversion.
    sd_2324 = d.num(SITTING_FILE, "sitting_days", financial_year="2023/24", type="actual")
    sd_2425 = d.num(SITTING_FILE, "sitting_days", financial_year="2024/25", type="cap") + 500 + 2000
    sd_2526 = d.num(SITTING_FILE, "sitting_days", financial_year="2025/26", type="allocation")
    L.add("cap.sitting_days_2023_24", sd_2324, "sitting days/year", "-",
          f"{SITTING_FILE}: 2023/24 actual", "as published (Bar Council)")
    L.add("cap.sitting_days_2024_25", sd_2425, "sitting days/year", "-",
          f"{SITTING_FILE}: 2024/25 cap 105,000 and its notes", "105,000 + 500 + 2,000 (increases "
          "announced in the Lords, 11 Mar 2025)")
    L.add("cap.sitting_days_2025_26", sd_2526, "sitting days/year", "-",
          f"{SITTING_FILE}: 2025/26 allocation", "as published; held for later years (assumption)")
    work_days = L.add("cap.sitting_days_per_courtroom_year", 250, "days/year", "-",
                      "working days in a year (brief); not in the data folder",
                      "a courtroom sits on about 250 of the 365.25 calendar days", kind="assumption")
    cal_per_sit = 365.25 / work_days
    # Calibration window 2024-Q1 (FY 2023/24) and 2024-Q2..Q3 (FY 2024/25).
    d_q1 = rd.days_in_quarters(["2024-Q1"])
    sd_window = (d_q1 * sd_2324 + (days_w3 - d_q1) * sd_2425) / days_w3
    listings_per_year = X_L / (1 - ineff) * 365.25
    d_sit = L.add("cc.sitting_days_per_listing", sd_window / listings_per_year, "sitting days",
                  "listed trials", "derived",
                  f"sitting days over {w3} ({sd_window:,.0f}/year, FY-weighted) / listings per "
                  f"year ({q_L:.3f} x {D:.1f} cases/day / (1 - {ineff}) x 365.25 = "
                  f"{listings_per_year:,.0f}). 'All-in': it carries the sitting days spent on PTPHs, "
                  "sentencing, appeals and other hearings, which the model does not queue",
                  kind="calibrated")
    s_listing = d_sit * cal_per_sit
    hrs_ng = d.num(TIME_FILE, "value", period="2016-Q3", court="crown",
                   measure="hearing_time_not_guilty_plea_trials", statistic="mean_or_average")
    hrs_gp = d.num(TIME_FILE, "value", period="2016-Q3", court="crown",
                   measure="hearing_time_guilty_plea_trials", statistic="mean_or_average")
    n_vals = 50
    n_eff = round(eff * n_vals)
    w_eff, w_short = n_eff / n_vals, 1 - n_eff / n_vals
    short = s_listing / (w_eff * hrs_ng / hrs_gp + w_short)
    long_ = short * hrs_ng / hrs_gp
    L.add("cc.listing_days_effective", long_, "calendar days of one courtroom", "listed trials",
          f"{TIME_FILE}: crown hearing_time_not_guilty_plea_trials 2016-Q3 ({hrs_ng} h) and "
          f"hearing_time_guilty_plea_trials 2016-Q3 ({hrs_gp} h)",
          f"mean listing {s_listing:.2f} calendar days (= {d_sit:.2f} sitting days x 365.25/250) "
          f"split in the ratio {hrs_ng}:{hrs_gp}; effective trials {n_eff}/50 of the empirical "
          "values", kind="calibrated")
    L.add("cc.listing_days_cracked_or_ineffective", short, "calendar days of one courtroom",
          "listed trials", "as above", f"{n_vals - n_eff}/50 of the empirical values; a cracked or "
          "ineffective listing is taken to use as much court time as a guilty-plea hearing",
          kind="calibrated")

    # Guilty plea at PTPH (g1) and patience (P): a fluid model of the trial queue.
    sent_trial_stock = conv * D * S_cc
    Nq0 = cc_trial_open - R * ptph_days - sent_trial_stock
    old_share_target = L.add(
        "cc.open_1yr_share_target",
        (d.num(TRIALS_FILE, "value", period="2023-Q4", court="crown", measure="outstanding_open_1yr_plus") +
         d.num(TRIALS_FILE, "value", period="2025-Q1", court="crown", measure="outstanding_open_1yr_plus"))
        / 2 / cc_open, "share", "cases",
        f"{TRIALS_FILE}: crown outstanding_open_1yr_plus 2023-Q4 (18,045) and 2025-Q1 (18,093)",
        f"mean of the two counts either side of 2024-Q3 / {cc_open:,.0f} open cases")

    def queue_profile(g1):
        lam_q = (1 - g1) * R
        lam_r = rho * lam_q
        lam_b = lam_q - lam_r
        mu_b = X_L - lam_r
        renege = lam_q - X_L - growth
        if renege <= 0 or mu_b <= 0 or lam_b <= mu_b:
            return None
        P = Nq0 / renege
        W = P * math.log(lam_b / mu_b)
        return P, W

    def trunc_exp_tail(P, W, a):
        """P(age > a) for ages ~ exponential(P) truncated to [0, W]."""
        if a >= W:
            return 0.0
        return (math.exp(-a / P) - math.exp(-W / P)) / (1 - math.exp(-W / P))

    def old_share(g1):
        P, W = queue_profile(g1)
        old = Nq0 * trunc_exp_tail(P, W, 365 - ptph_days)
        old += (sent_trial_stock + cc_nontrial_open) * math.exp(-365 / S_cc)
        return old / cc_open

    lo, hi = 0.0, 0.999
    while queue_profile(hi) is None:
        hi -= 0.001
    if not (old_share(lo) < old_share_target < old_share(hi)):
        sys.exit("cannot match the share of cases open a year or more")
    for _ in range(100):
        mid = (lo + hi) / 2
        if old_share(mid) < old_share_target:
            lo = mid
        else:
            hi = mid
    g1 = (lo + hi) / 2
    P, W_b = queue_profile(g1)
    g1 = L.add("cc.guilty_plea_at_ptph_share", g1, "share", "cases", "calibrated",
               f"chosen so that the open caseload's share open a year or more is "
               f"{old_share_target:.3f} (see the trial queue)", kind="calibrated")
    P = L.add("cc.trial_patience_mean_days", P, "days", "cases", "calibrated",
              f"trial queue at the start = {cc_trial_open:,.0f} open trial cases - PTPH "
              f"{R * ptph_days:,.0f} - convicted awaiting sentence {sent_trial_stock:,.0f} = "
              f"{Nq0:,.0f}; waiting cases resolve without a trial (late plea, discontinuance) at "
              f"rate N/P, with P = {Nq0:,.0f} / ((1 - g1) x {R:.1f} - {X_L:.1f} - growth {growth:.1f})",
              kind="calibrated")
    c_star = L.add("cc.conviction_share_after_not_guilty", (conv - g1) / (1 - g1), "share", "cases",
                   "derived", f"(conviction share {conv:.3f} - g1) / (1 - g1), applied alike to "
                   "effective, cracked and collapsed-before-trial cases")
    L.add("check.bail_trial_wait_days", W_b, "days", "cases", "model-derived (fluid)",
          f"steady-state wait of a bail case that reaches trial: P ln(bail demand / capacity left "
          "after remand) - long because custody cases are listed first", kind="derived")

    # ==========================================================================================
    # 7. Sentencing, prison, probation, reoffending
    # ==========================================================================================
    cc_q = ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]  # cc_sentenced is blank in 2024-Q1
    cc_sent = cjs("cc_sentenced", cc_q)
    cc_cust = cjs("cc_sentenced_immediate_custody", cc_q)
    p_cc_cust = L.add("cc.custody_share", cc_cust / cc_sent, "share", "defendants",
                      f"{CJS_FILE}: cc_sentenced_immediate_custody / cc_sentenced, 2023-Q1..Q4 "
                      "(2024-Q1 has no cc_sentenced)", f"{cc_cust:,.0f} / {cc_sent:,.0f}; the rest go "
                      "to probation (suspended sentence and community orders; fines are rare in "
                      "the Crown Court — simplification)")
    sentenced_pop = L.add("prison.sentenced_population_start",
                          d.num(PRISON_POP_FILE, "sentenced", date="2024-09-30"), "people",
                          "people", f"{PRISON_POP_FILE}: sentenced 2024-09-30", "as published")
    recalls = sum(d.num(PRISON_FLOW_FILE, "recall_admissions", period=p, vintage="workbook")
                  for p in PF4)
    recall_per_day = L.add("prison.recalls_per_day", recalls / days_pf4, "people/day", "people",
                           f"{PRISON_FLOW_FILE}: recall_admissions, {PF4[0]}..{PF4[-1]}",
                           f"{recalls:,.0f} / {days_pf4} days")
    p_06 = d.num(PROBATION_FILE, "offenders_under_probation_supervision", date="2024-06-30")
    p_12 = d.num(PROBATION_FILE, "offenders_under_probation_supervision", date="2024-12-31")
    frac = (START - rd.parse_date("2024-06-30")).days / (rd.parse_date("2024-12-31") -
                                                         rd.parse_date("2024-06-30")).days
    prob_pop = L.add("probation.caseload_start", p_06 + frac * (p_12 - p_06), "people", "people",
                     f"{PROBATION_FILE}: 2024-06-30 and 2024-12-31",
                     f"linear interpolation to 2024-09-30: {p_06:,.0f} + {frac:.2f} x "
                     f"({p_12:,.0f} - {p_06:,.0f}) (published 30 Sep 2024: 240,497, external)")
    reoff = L.add("probation.proven_reoffending_rate", 0.25, "share", "people",
                  "MoJ Proven Reoffending Statistics (adult rate about 25%); not in the data folder",
                  "share of people finishing supervision who reoffend and re-enter at the police "
                  "stage", kind="external")

    # ==========================================================================================
    # 8. Flows by case type (steady state at the start) and closing the loops
    # ==========================================================================================
    split = {}
    for t in OFFENDER_TYPES:
        if t == "summary":
            split[t] = ("summary", 1.0)
        else:
            grp = "indictable" if t.startswith("indictable") else "either_way"
            split[t] = (grp, rho if t.endswith("remand") else 1 - rho)
    police_target = {}
    for t, (g, sh) in split.items():
        police_target[t] = {"indictable": ref_ind, "either_way": police_ew, "summary": police_s}[g] * sh
    p_cps = {t: {"indictable": 1.0, "either_way": p_cps_ew, "summary": 0.0}[split[t][0]]
             for t in OFFENDER_TYPES}
    flows = {}
    for t in OFFENDER_TYPES:
        g, sh = split[t]
        f = {}
        f["police"] = police_target[t]
        f["cps"] = p_cps[t] * f["police"]
        f["mc_first"] = (1 - p_cps[t]) * f["police"] + cps_charge * f["cps"]
        if t == "summary":
            f["mc_first"] += mc_nonpolice
        f["mc_trial"] = trial[g] * f["mc_first"]
        # Everyone convicted at the magistrates' (sentencing shares apply to all of them)...
        f["mc_sentence"] = conv_first[g] * f["mc_first"] + c_mt * f["mc_trial"]
        # ...but summary cases convicted at the first hearing are sentenced there (see below), so
        # only their trial convictions visit the mc_sentence stage.
        f["mc_sentence_visits"] = (c_mt * f["mc_trial"] if t == "summary" else f["mc_sentence"])
        f["cc_ptph"] = send[g] * f["mc_first"]
        commit = p_commit_ew * f["mc_sentence"] if g == "either_way" else 0.0
        f["commit"] = commit
        f["cc_trial_in"] = (1 - g1) * f["cc_ptph"]
        f["cc_sentence"] = conv * f["cc_ptph"] + commit
        f["custody"] = p_mc_cust * f["mc_sentence"] + p_cc_cust * f["cc_sentence"]
        f["community"] = p_mc_comm * f["mc_sentence"] + (1 - p_cc_cust) * f["cc_sentence"]
        flows[t] = f
    base = sum(f["custody"] + f["community"] for f in flows.values())
    p_recall = L.add("probation.recall_share", recall_per_day / (base + recall_per_day), "share",
                     "people", "derived", f"recalls {recall_per_day:.1f}/day over everyone leaving "
                     f"probation supervision ({base:.1f}/day + recalls): route probation -> prison")
    p_reoff = L.add("probation.reoffend_route_share", reoff * (1 - p_recall), "share", "people",
                    "derived", f"{reoff} x (1 - {p_recall:.3f}): route probation -> police")
    for f in flows.values():
        f["probation"] = (f["custody"] + f["community"]) / (1 - p_recall)
        f["prison"] = f["custody"] + p_recall * f["probation"]
        f["reoffend"] = p_reoff * f["probation"]
    prison_in = sum(f["prison"] for f in flows.values())
    prob_in = sum(f["probation"] for f in flows.values())
    T_prison = L.add("prison.mean_days", sentenced_pop / prison_in, "days", "cases (~people)",
                     "derived (Little's law)", f"{sentenced_pop:,.0f} sentenced prisoners / model "
                     f"inflow {prison_in:.1f}/day (custodial sentences + recalls)", kind="calibrated")
    T_prob = L.add("probation.mean_days", prob_pop / prob_in, "days", "cases (~people)",
                   "derived (Little's law)", f"{prob_pop:,.0f} under supervision / model inflow "
                   f"{prob_in:.1f}/day (releases on licence + community orders)", kind="calibrated")
    cust_people = (cjs("mc_sentenced_immediate_custody", CJS4) +
                   cjs("cc_sentenced_immediate_custody", CJS4)) / days_cjs4
    L.add("check.time_served_people_days", sentenced_pop / (cust_people + recall_per_day), "days",
          "people", f"{CJS_FILE}: immediate custody (mc + cc) {CJS4[0]}..{CJS4[-1]}; recalls",
          f"{sentenced_pop:,.0f} / ({cust_people:.1f} + {recall_per_day:.1f}) people/day: the same "
          "Little's law with the published flows in people; the model's figure uses its own "
          "inflow in cases, so that its stock starts and stays at the published population",
          kind="data")
    exo_police = {}
    for t, f in flows.items():
        exo_police[t] = f["police"] - f["reoffend"]
        if exo_police[t] <= 0:
            sys.exit(f"reoffending alone exceeds the police target for {t}")
    L.add("police.new_crime_per_day", sum(exo_police.values()), "cases/day", "cases", "derived",
          f"police stage inflow {sum(police_target.values()):.1f}/day less reoffending "
          f"{sum(f['reoffend'] for f in flows.values()):.1f}/day (so that the total matches)")

    # ==========================================================================================
    # 9. The model
    # ==========================================================================================
    def by_type(fn):
        return {t: fn(t) for t in OFFENDER_TYPES}

    stages = []

    def stage(id_, desc, servers="infinite", service=None, **extra):
        s = {"id": id_, "description": desc, "servers": servers}
        if service is not None:
            s["service"] = service
        s.update(extra)
        stages.append(s)

    pol_mean = {t: {"indictable": pol_mean_ind, "either_way": pol_mean_ew,
                    "summary": pol_mean_s}[split[t][0]] for t in OFFENDER_TYPES}
    stage("police_investigation",
          "Police investigation from offence to charge or CPS referral, only for crimes that end in "
          "a charge/summons or a CPS referral (about 5% of 6.7m recorded crimes); pure delay.",
          service=rd.exponential(pol_mean_s),
          service_by_type={t: rd.exponential(pol_mean[t]) for t in OFFENDER_TYPES})
    stage("cps_charging", "CPS pre-charge decision (counted in suspects, converted to cases); "
          "pure delay: CPS staffing is not in the data.", service=rd.exponential(cps_days_to_charge))
    # Summary cases: most are sentenced at the first hearing or on the papers (single justice
    # procedure). To keep the run fast (they are 80% of receipts) the model does not send them
    # through mc_sentence: their mean time to sentence is added to the first-hearing stage.
    F_s = L.add("mc.first_hearing_mean_days_summary", mc_first_mean + conv_first["summary"] * S_mt,
                "days", "cases", "derived", f"{mc_first_mean:.2f} + {conv_first['summary']:.3f} "
                f"convicted at first hearing x {S_mt:.1f} days to sentence: summary cases are "
                "sentenced within this stage (fewer events; same stock)")
    mc_first_by_type = {t: rd.exponential(F_s if t == "summary" else mc_first_mean)
                        for t in OFFENDER_TYPES}
    stage("mc_first_hearing", "Magistrates' court from charge/summons to the first hearing, where "
          "pleas are taken, either-way cases allocated and indictable-only cases sent to the "
          "Crown Court. Summary cases convicted at the first hearing are also sentenced here.",
          service=rd.exponential(mc_first_mean),
          service_by_type={"summary": mc_first_by_type["summary"]})
    stage("mc_trial", "Magistrates' court cases after a not-guilty plea, up to the verdict "
          "(summary trial); pure delay: magistrates' sitting days are not in the data.",
          service=rd.exponential(T_mt))
    stage("mc_sentence", "Magistrates' court from conviction to sentence; either-way cases may be "
          "committed to the Crown Court for sentence.", service=rd.exponential(S_mt))
    stage("cc_ptph", "Crown Court: sent for trial, up to the plea and trial preparation hearing "
          "(PTPH); guilty pleas go to sentence, the rest to the trial list.",
          service=rd.fixed(ptph_days))
    fy_sd = [(rd.parse_date("2024-04-01"), sd_2425), (rd.parse_date("2025-04-01"), sd_2526)]
    cap = []
    qstart = rd.parse_date("2024-10-01")
    day = 0
    while day < HORIZON:
        date = START if not cap else qstart
        sd_now = [v for (a, v) in fy_sd if a <= date][-1]
        n = round(sd_now / work_days)
        cap.append({"from_day": day, "servers": n})
        # next quarter start
        m = qstart.month + 3
        qstart = qstart.replace(year=qstart.year + (m > 12), month=(m - 1) % 12 + 1)
        day = rd.day_of(START, qstart)
    L.add("cap.courtrooms_2024_25", round(sd_2425 / work_days), "courtrooms (servers)", "-",
          "derived", f"{sd_2425:,.0f} / {work_days}, rounded; capacity steps every quarter from "
          "day 0")
    L.add("cap.courtrooms_2025_26_on", round(sd_2526 / work_days), "courtrooms (servers)", "-",
          "derived", f"{sd_2526:,.0f} / {work_days}, rounded; from 2025-04-01 (day "
          f"{rd.day_of(START, rd.parse_date('2025-04-01'))}) to the horizon")
    listing_values = [long_] * n_eff + [short] * (n_vals - n_eff)
    stage("cc_trial",
          "Crown Court trial list: a courtroom (server) is taken for the listed trial's court days. "
          "Servers = courtrooms sitting = sitting days a year / 250; service = court days of the "
          "listing x 365.25/250. Custody (remand) cases are listed first. Waiting cases may resolve "
          "without a trial (late plea, prosecution dropped). Listings are effective, cracked or "
          "ineffective (re-listed).",
          servers=cap[0]["servers"], service=rd.empirical(listing_values), capacity=cap,
          discipline="priority", patience=rd.exponential(P), on_timeout="cc_pretrial_resolution")
    stage("cc_pretrial_resolution", "Crown Court case resolved while waiting for trial: late "
          "guilty plea (to sentence) or discontinued/no evidence offered (leaves).",
          service=rd.fixed(0))
    stage("cc_sentence", "Crown Court from conviction after sending for trial to sentence.",
          service=rd.exponential(S_cc))
    # Committals for sentence are a stage of their own (same duration and sentencing as
    # cc_sentence) so that they are visible as Crown Court receipts in the outputs: receipts =
    # arrivals at cc_ptph + cc_committal + cc_appeal.
    stage("cc_committal", "Crown Court: committals for sentence from the magistrates' court, up "
          "to sentence.", service=rd.exponential(S_cc))
    stage("cc_appeal", "Crown Court appeals against magistrates' decisions (and other non-trial "
          "work not committed for sentence).", service=rd.exponential(S_cc))
    stage("prison_sentenced", "Sentenced prison population: custodial sentences and licence "
          "recalls, until release on licence.", service=rd.exponential(T_prison))
    stage("probation_supervision", "Probation supervision: released prisoners on licence and "
          "community/suspended sentence orders; ends in recall, reoffending or completion.",
          service=rd.exponential(T_prob))

    routes = []

    def route(a, b, p, t=None):
        if p <= 0:
            return
        r = {"from": a, "to": b, "p": r6(p)}
        if t is not None:
            r["case_type"] = t
        routes.append(r)

    for t in OFFENDER_TYPES:
        route("police_investigation", "cps_charging", p_cps[t], t)
        route("police_investigation", "mc_first_hearing", 1 - p_cps[t], t)
    route("cps_charging", "mc_first_hearing", cps_charge)
    for t in OFFENDER_TYPES:
        g = split[t][0]
        route("mc_first_hearing", "cc_ptph", send[g], t)
        route("mc_first_hearing", "mc_trial", trial[g], t)
        if t == "summary":
            route("mc_first_hearing", "prison_sentenced", conv_first[g] * p_mc_cust, t)
            route("mc_first_hearing", "probation_supervision", conv_first[g] * p_mc_comm, t)
        else:
            route("mc_first_hearing", "mc_sentence", conv_first[g], t)
    route("mc_trial", "mc_sentence", c_mt)
    route("mc_sentence", "prison_sentenced", p_mc_cust)
    route("mc_sentence", "probation_supervision", p_mc_comm)
    for t in OFFENDER_TYPES:
        if split[t][0] == "either_way":
            route("mc_sentence", "cc_committal", p_commit_ew, t)
    route("cc_ptph", "cc_sentence", g1)
    route("cc_ptph", "cc_trial", 1 - g1)
    route("cc_trial", "cc_trial", ineff)
    route("cc_trial", "cc_sentence", (1 - ineff) * c_star)
    route("cc_pretrial_resolution", "cc_sentence", c_star)
    route("cc_sentence", "prison_sentenced", p_cc_cust)
    route("cc_sentence", "probation_supervision", 1 - p_cc_cust)
    route("cc_committal", "prison_sentenced", p_cc_cust)
    route("cc_committal", "probation_supervision", 1 - p_cc_cust)
    route("prison_sentenced", "probation_supervision", 1.0)
    route("probation_supervision", "prison_sentenced", p_recall)
    route("probation_supervision", "police_investigation", p_reoff)

    arrivals = []
    for t in OFFENDER_TYPES:
        arrivals.append({"to": "police_investigation", "case_type": t,
                         "rate_per_day": r6(exo_police[t])})
    arrivals.append({"to": "mc_first_hearing", "case_type": "summary",
                     "rate_per_day": r6(mc_nonpolice)})
    appeals = L.add("cc.appeals_per_day", nontrial_rec - commit_per_day, "cases/day", "cases",
                    "derived", f"non-trial receipts {nontrial_rec:.1f} - committals for sentence "
                    f"{commit_per_day:.1f}")
    arrivals.append({"to": "cc_appeal", "case_type": "appeal", "rate_per_day": r6(appeals)})

    # ---- initial work in progress --------------------------------------------------------------
    def make_wip(st, led, when):
        """Initial work in progress from published stocks `st` (open caseloads, populations, and
        the flows that set the Crown Court's split), recorded in ledger `led`. `when` names the
        published quarter in the sources. The calibration variant calls it with end-2022 stocks."""
        wip = []

        def add_wip(stage_id, total, weights, age):
            tot_w = sum(weights.values())
            # Largest-remainder rounding so that the counts add up to the published total exactly.
            raw = {t: total * wv / tot_w for t, wv in weights.items() if wv > 0}
            counts = {t: int(math.floor(v)) for t, v in raw.items()}
            short_by = int(round(total)) - sum(counts.values())
            for t in sorted(raw, key=lambda k: (-(raw[k] - counts[k]), TYPES.index(k)))[:short_by]:
                counts[t] += 1
            for t in TYPES:
                if counts.get(t, 0) > 0:
                    e = {"stage": stage_id, "case_type": t, "count": counts[t]}
                    if age is not None:
                        e["age_days"] = age
                    wip.append(e)
            return counts

        # Police and CPS: not published; steady state (Little's law), ages exponential.
        police_stock = {t: st["police_in"][t] * pol_mean[t] for t in OFFENDER_TYPES}
        for t in OFFENDER_TYPES:
            add_wip("police_investigation", police_stock[t], {t: 1.0}, rd.exponential(pol_mean[t]))
        led.add("wip.police", sum(police_stock.values()), "cases", "cases", "model-derived",
                f"not published: inflow x mean time per type (steady state{st['police_note']}); "
                "ages exponential with the stage mean", kind="derived")
        cps_in_t = {t: p_cps[t] * st["police_in"][t] for t in OFFENDER_TYPES}
        cps_stock = sum(cps_in_t.values()) * cps_days_to_charge
        add_wip("cps_charging", cps_stock, cps_in_t, rd.exponential(cps_days_to_charge))
        led.add("wip.cps", cps_stock, "cases", "cases", "model-derived",
                "not published: Little's law", kind="derived")
        # Magistrates': published open caseload split for-trial / summary, then by stage in the
        # proportions of the steady-state stocks.
        ft_stock = {s: 0.0 for s in ("mc_first_hearing", "mc_trial", "mc_sentence")}
        su_stock = dict(ft_stock)
        ft_w = {s: {} for s in ft_stock}
        su_w = {s: {} for s in ft_stock}
        for t in OFFENDER_TYPES:
            f = flows[t]
            first_mean = F_s if t == "summary" else mc_first_mean
            stocks = {"mc_first_hearing": f["mc_first"] * first_mean,
                      "mc_trial": f["mc_trial"] * T_mt, "mc_sentence": f["mc_sentence_visits"] * S_mt}
            for s, v in stocks.items():
                if t == "summary":
                    su_stock[s] += v
                    su_w[s][t] = v
                else:
                    ft_stock[s] += v
                    ft_w[s][t] = v
        mc_su_open = st["mc_open"] - st["mc_ft_open"]
        ages = {"mc_first_hearing": rd.exponential(mc_first_mean), "mc_trial": rd.exponential(T_mt),
                "mc_sentence": rd.exponential(S_mt)}
        su_ages = dict(ages, mc_first_hearing=mc_first_by_type["summary"])
        ft_n = int_split(st["mc_ft_open"], ft_stock)
        su_n = int_split(mc_su_open, su_stock)
        for s in ft_stock:
            add_wip(s, ft_n[s], ft_w[s], ages[s])
            add_wip(s, su_n[s], su_w[s], su_ages[s])
        led.add("wip.magistrates", st["mc_open"], "cases", "cases",
                f"{MC_FILE}: outstanding and for_trial_outstanding {when}, revised",
                f"{st['mc_ft_open']:,.0f} for-trial + {mc_su_open:,.0f} summary, each split across "
                "first hearing / trial / sentence in the model's steady-state proportions; ages "
                "exponential with the stage mean (not published)")
        # Crown Court: published open caseload = trial (PTPH, list, awaiting sentence) + non-trial
        # (committals for sentence, appeals).
        cc_nontrial = st["cc_open"] - st["cc_trial_open"]
        ptph_stock = st["R"] * ptph_days
        sent_stock = conv * st["D"] * S_cc
        list_stock = st["cc_trial_open"] - ptph_stock - sent_stock
        commit_share = st["commit_share"]
        cc_n = int_split(st["cc_open"], {"cc_ptph": ptph_stock, "cc_trial": list_stock,
                                         "cc_sentence": sent_stock,
                                         "cc_committal": cc_nontrial * commit_share,
                                         "cc_appeal": cc_nontrial * (1 - commit_share)})
        cc_w = {t: flows[t]["cc_ptph"] for t in FOR_TRIAL_TYPES}
        add_wip("cc_ptph", cc_n["cc_ptph"], cc_w, rd.uniform(0, ptph_days))
        # Trial queue: ages 28 + exponential(P) truncated at W_b (the bail wait), as 50 quantile
        # mid-points. Where the share of the open caseload open a year or more is published for
        # the start (st["old_share"]), the truncation point is chosen to match it instead.
        cut = W_b
        other_old = (sent_stock + cc_nontrial) * math.exp(-365 / S_cc)  # PTPH ages are < 28 days

        def old_count(w):
            return list_stock * trunc_exp_tail(P, w, 365 - ptph_days) + other_old

        if st.get("old_share") is not None:
            target_old = st["old_share"] * st["cc_open"]
            lo, hi = 365.0 - ptph_days, 50.0 * P
            if not old_count(lo) < target_old < old_count(hi):
                sys.exit(f"cannot match the published share open a year or more ({st['old_share']})")
            for _ in range(100):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if old_count(mid) < target_old else (lo, mid)
            cut = (lo + hi) / 2
            led.add("wip.crown_court_ages", cut, "days", "cases", st["old_source"],
                    f"trial-list ages 28 + exponential(P = {P:.0f}) cut at {cut:.0f} days, so that "
                    f"{old_count(cut):,.0f} of the {st['cc_open']:,.0f} open cases "
                    f"({old_count(cut) / st['cc_open']:.1%}) have been open a year or more, as "
                    "published (other Crown Court stages: exponential ages with the stage mean)",
                    kind="calibrated")
        qs = []
        for k in range(50):
            u = (k + 0.5) / 50
            a = -P * math.log(1 - u * (1 - math.exp(-cut / P)))
            qs.append(ptph_days + a)
        add_wip("cc_trial", cc_n["cc_trial"], cc_w, rd.empirical(qs))
        add_wip("cc_sentence", cc_n["cc_sentence"], cc_w, rd.exponential(S_cc))
        add_wip("cc_committal", cc_n["cc_committal"],
                {t: flows[t]["commit"] for t in FOR_TRIAL_TYPES}, rd.exponential(S_cc))
        add_wip("cc_appeal", cc_n["cc_appeal"], {"appeal": 1.0}, rd.exponential(S_cc))
        led.add("wip.crown_court", st["cc_open"], "cases", "cases", f"{CC_FILE}: {when} One Crown",
                f"PTPH {ptph_stock:,.0f} (= {st['R']:.1f}/day x {ptph_days}); trial list "
                f"{list_stock:,.0f}; awaiting sentence {sent_stock:,.0f} (= conviction share x "
                f"{st['D']:.1f} trial disposals/day x {S_cc:.1f} days); committals "
                f"{cc_nontrial * commit_share:,.0f}; appeals {cc_nontrial * (1 - commit_share):,.0f} "
                f"(non-trial {cc_nontrial:,.0f} split by receipts, committals {commit_share:.2f}). "
                "Ages: PTPH uniform 0-28 days, trial list 28 + exponential(P) cut at the bail "
                "wait, others exponential (sentence mean)")
        pris_w = {t: flows[t]["prison"] for t in OFFENDER_TYPES}
        add_wip("prison_sentenced", st["sentenced_pop"], pris_w, rd.exponential(T_prison))
        prob_w = {t: flows[t]["probation"] for t in OFFENDER_TYPES}
        add_wip("probation_supervision", st["prob_pop"], prob_w, rd.exponential(T_prob))
        led.add("wip.prison_probation", st["sentenced_pop"] + st["prob_pop"], "people (as cases)",
                "people", "as above", "split by type in proportion to the model's inflows")
        return wip

    wip = make_wip({"cc_open": cc_open, "cc_trial_open": cc_trial_open, "R": R, "D": D,
                    "mc_open": mc_open, "mc_ft_open": mc_ft_open, "sentenced_pop": sentenced_pop,
                    "prob_pop": prob_pop, "commit_share": commit_per_day / nontrial_rec,
                    "police_in": {t: flows[t]["police"] for t in OFFENDER_TYPES},
                    "police_note": ""}, L, "2024-Q3")

    # Model-derived checks for the documentation.
    L.add("check.remand_people_in_model",
          dpc * sum(flows[t]["cc_ptph"] * (ptph_days + conv * S_cc) for t in FOR_TRIAL_TYPES
                    if t.endswith("remand")),
          "people", "people", "model-derived",
          "remand cases at PTPH and awaiting sentence x defendants per case, with remand trials "
          "listed at once: the model's remand population once the starting remand list has "
          f"been tried (published {remand_pop:,.0f}; see 'what not to read into it')",
          kind="derived")

    case_types = [
        {"id": "indictable_remand", "priority": 0,
         "description": "Indictable-only offence, defendant remanded in custody (listed first)."},
        {"id": "either_way_remand", "priority": 0,
         "description": "Either-way offence, defendant remanded in custody (listed first)."},
        {"id": "indictable_bail", "priority": 1,
         "description": "Indictable-only offence, defendant on bail."},
        {"id": "either_way_bail", "priority": 1,
         "description": "Either-way offence, defendant on bail."},
        {"id": "summary", "priority": 2,
         "description": "Summary-only offence: tried and sentenced in the magistrates' court."},
        {"id": "appeal", "priority": 2,
         "description": "Appeal to the Crown Court against a magistrates' conviction or sentence."},
    ]

    model = {
        "courtflow": 1,
        "name": "england_wales",
        "description": (
            "England & Wales criminal justice, police to probation, calibrated to published "
            "statistics at 2024-Q3 (see docs/models/england-wales.md; derived by "
            "scripts/reference/build_england_wales.py). One simulated case = one court case."),
        "count_unit": "cases",
        "start_date": START.isoformat(),
        "horizon_days": HORIZON,
        "warmup_days": 0,
        "replications": REPLICATIONS,
        "seed": SEED,
        "case_types": case_types,
        "stages": stages,
        "arrivals": arrivals,
        "routes": routes,
        "initial_wip": wip,
        # Reporting groups: the published "outstanding" caseload of each court is the sum of
        # its stages' open caseloads (courtflow run prints and writes these by quarter).
        "groups": [
            {"id": "crown_court", "stages": [s["id"] for s in stages if s["id"].startswith("cc_")],
             "description": "Crown Court outstanding caseload"},
            {"id": "magistrates", "stages": [s["id"] for s in stages if s["id"].startswith("mc_")],
             "description": "magistrates' courts outstanding caseload"},
        ],
    }
    # What the calibration variant (build_calibration) reuses: every derived parameter and the
    # helpers above, by name.
    ctx = dict(locals())
    return model, L, ctx


DEFAULT_OUT = os.path.join(rd.REPO, "models", "reference", "england_wales.json")

SECTIONS = {
    "cc": "Crown Court", "conv": "Units of count", "mix": "Case mix", "mc": "Magistrates' courts",
    "police": "Police", "cps": "Crown Prosecution Service", "cap": "Crown Court capacity (sitting days)",
    "prison": "Prison", "probation": "Probation and reoffending", "wip": "Initial work in progress",
    "check": "Checks (not model inputs)", "cal": "Calibration run (2023 start)",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=rd.DEFAULT_DATA)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--doc", nargs="?", const=os.path.join(rd.REPO, "docs", "models", "england-wales.md"))
    ap.add_argument("--calibration", action="store_true",
                    help="write the 2023-start calibration variant instead "
                         "(default --out models/reference/england_wales_2023.json)")
    args = ap.parse_args()
    model, ledger, ctx = build(args.data)
    begin, end = "<!-- BEGIN PARAMETERS -->", "<!-- END PARAMETERS -->"
    if args.calibration:
        model, ledger, _ = build_calibration(model, ctx, args.data)
        if args.out == DEFAULT_OUT:
            args.out = os.path.join(rd.REPO, "models", "reference", "england_wales_2023.json")
        begin, end = "<!-- BEGIN CALIBRATION INPUTS -->", "<!-- END CALIBRATION INPUTS -->"
    rd.write_model(model, args.out)
    print(f"wrote {args.out}")
    if args.doc:
        rd.replace_between_markers(args.doc, begin, end, ledger.markdown(SECTIONS))
        print(f"updated the table between {begin} and {end} in {args.doc}")


if __name__ == "__main__":
    main()
