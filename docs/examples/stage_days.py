#!/usr/bin/env python3
"""Days each stage holds a case, from a courtflow summary.json, by Little's law.

For every stage: cases in progress at the horizon (wip_end), cases leaving per day
(throughput_per_day) and their ratio, the mean days a case spends at the stage per visit.
Means across replications; a rough decomposition of time in system, not an interval.
Usage: python3 docs/examples/stage_days.py out/divorce/summary.json
"""
import json
import sys

summary = json.load(open(sys.argv[1]))
print("%-22s %11s %8s %9s" % ("stage", "in progress", "per day", "days each"))
for stage in summary["stages"]:
    wip = stage["wip_end"]["mean"]
    rate = stage["throughput_per_day"]["mean"]
    print("%-22s %11.0f %8.1f %9.1f" % (stage["id"], wip, rate, wip / rate if rate else 0))
