"""Shared helpers for the reference-model derivation scripts (Python 3 standard library only).

The build scripts (build_england_wales.py, build_divorce.py) read the published statistics in
<repo>/../shared/data/moj/*.csv and write a courtflow model file. Every parameter goes through a
`Ledger`, which records its value, unit, unit of count, source (file + rows) and arithmetic, so
that the documentation table in docs/models/ is generated from the same numbers the model uses.

Nothing here is random or depends on the clock: the output is a pure function of the CSVs.
"""

import csv
import datetime as dt
import json
import math
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "moj"))


# ----------------------------------------------------------------------------------------------
# Reading the CSVs


class Data:
    """The CSV folder, with lookups that fail loudly when a row the derivation needs is missing."""

    def __init__(self, folder):
        self.folder = folder
        self._cache = {}

    def rows(self, name):
        if name not in self._cache:
            path = os.path.join(self.folder, name)
            if not os.path.exists(path):
                sys.exit(f"{path}: missing (pass --data DIR, the folder holding the MoJ CSVs)")
            with open(path, newline="", encoding="utf-8") as f:
                self._cache[name] = list(csv.DictReader(f))
        return self._cache[name]

    def one(self, name, **match):
        """The single row of `name` whose columns equal `match` (all as strings)."""
        found = [r for r in self.rows(name) if all(r.get(k) == str(v) for k, v in match.items())]
        if len(found) != 1:
            sys.exit(f"{name}: expected exactly one row with {match}, found {len(found)}")
        return found[0]

    def num(self, name, column, **match):
        row = self.one(name, **match)
        text = row.get(column, "")
        if text is None or text.strip() == "":
            sys.exit(f"{name}: row {match} has no value in column '{column}'")
        return float(text)


# ----------------------------------------------------------------------------------------------
# Calendar


def parse_date(text):
    return dt.date.fromisoformat(text)


def quarter_bounds(period):
    """'2024-Q3' -> (first day, last day) of the calendar quarter."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    if not m:
        raise ValueError(period)
    year, q = int(m.group(1)), int(m.group(2))
    first = dt.date(year, 3 * q - 2, 1)
    last = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)
    return first, last


def days_in_quarters(periods):
    """Total number of calendar days in a list of quarters such as ['2024-Q1', '2024-Q2']."""
    total = 0
    for p in periods:
        a, b = quarter_bounds(p)
        total += (b - a).days + 1
    return total


def day_of(start, date):
    """Simulation day of a calendar date, day 0 being `start`."""
    return (date - start).days


# ----------------------------------------------------------------------------------------------
# Distributions (the model-file DIST objects)


def r6(x):
    """Round to 6 significant digits so that the JSON is stable and readable."""
    if x == 0 or not math.isfinite(x):
        return x
    digits = 6 - int(math.floor(math.log10(abs(x)))) - 1
    v = round(x, digits)
    return int(v) if float(v).is_integer() and abs(v) < 1e15 else v


def exponential(mean):
    return {"dist": "exponential", "mean": r6(mean)}


def fixed(value):
    return {"dist": "fixed", "value": r6(value)}


def lognormal(mean, sd):
    return {"dist": "lognormal", "mean": r6(mean), "sd": r6(sd)}


def uniform(lo, hi):
    return {"dist": "uniform", "min": r6(lo), "max": r6(hi)}


def empirical(values):
    return {"dist": "empirical", "values": [r6(v) for v in values]}


def lognormal_cv_from_mean_median(mean, median):
    """Coefficient of variation of a lognormal with the given mean and median:
    mean/median = exp(sigma^2/2)  =>  sigma^2 = 2 ln(mean/median);  CV = sqrt(exp(sigma^2) - 1)."""
    s2 = 2.0 * math.log(mean / median)
    return math.sqrt(math.exp(s2) - 1.0)


# ----------------------------------------------------------------------------------------------
# The ledger of parameters


class Ledger:
    """Every number that goes into a model, with where it came from.

    add(key, value, unit, count, source, arithmetic) returns the value, so derivations read as
    ordinary arithmetic while leaving a trail for the documentation table.
    """

    def __init__(self):
        self.items = []
        self._keys = set()

    def add(self, key, value, unit, count, source, arithmetic, kind="data"):
        if key in self._keys:
            raise KeyError(f"parameter '{key}' recorded twice")
        self._keys.add(key)
        self.items.append(
            {"key": key, "value": value, "unit": unit, "count": count, "source": source,
             "arithmetic": arithmetic, "kind": kind})
        return value

    def markdown(self, section_titles=None):
        """A Markdown table of every parameter, grouped by the prefix before the first '.'."""
        out = []
        current = None
        order = []
        for it in self.items:
            g = it["key"].split(".", 1)[0]
            if g not in order:
                order.append(g)
        # Group by prefix, groups in order of first appearance, items in recording order.
        items = sorted(self.items, key=lambda it: order.index(it["key"].split(".", 1)[0]))
        for it in items:
            group = it["key"].split(".", 1)[0]
            if group != current:
                current = group
                title = (section_titles or {}).get(group, group)
                out.append("")
                out.append(f"#### {title}")
                out.append("")
                out.append("| parameter | value | unit | counts | source (file: rows) | arithmetic |")
                out.append("|---|---|---|---|---|---|")
            value = it["value"]
            if isinstance(value, float):
                shown = f"{r6(value):,}" if abs(value) >= 1000 else f"{r6(value)}"
            elif isinstance(value, int):
                shown = f"{value:,}"
            else:
                shown = str(value)
            kind = {"data": "", "assumption": " **(assumption)**", "external": " **(external)**",
                    "derived": " *(model-derived)*", "calibrated": " *(calibrated)*"}[it["kind"]]
            cells = [f"`{it['key']}`", shown, it["unit"], it["count"], it["source"] + kind,
                     it["arithmetic"]]
            out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        return "\n".join(out).strip() + "\n"


def replace_between_markers(path, begin, end, text):
    """Replace the text between two marker lines of a file (the markers stay)."""
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    i, j = doc.find(begin), doc.find(end)
    if i < 0 or j < 0 or j < i:
        sys.exit(f"{path}: markers {begin!r} / {end!r} not found")
    doc = doc[: i + len(begin)] + "\n" + text + doc[j:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)


def write_model(model, path):
    text = json.dumps(model, indent=2, ensure_ascii=False) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return text
