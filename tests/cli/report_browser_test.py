#!/usr/bin/env python3
"""`courtflow report` in a real browser (CTest "report_browser", label cli).

Makes the report for the small dated court of tests/cli/report_test_data and its two
scenarios (a second or so), then checks, with Debian's chromium in headless mode and nothing but the Python
standard library:
  - the file references no other file or host (markup, CSS, and a Content-Security-Policy
    that forbids every request and eval, so the browser itself would refuse one);
  - the page opens with no console message at all (errors, CSP violations, Vega warnings);
  - every chart is drawn: the page's own counter says so, and each chart element holds a
    Vega SVG with a line and a band;
  - three to five headline sentences, whose numbers are those of comparison.json, rounded
    as the sentences say;
  - the print layout is A4 (the PDF chromium prints has A4 pages).
Writes report.png (desktop), report-phone.png and report.pdf to ARTEFACT_DIR.

Usage: report_browser_test.py COURTFLOW_EXE SOURCE_DIR ARTEFACT_DIR
Exit 0 when every check passes, 1 (with the failures on stderr) otherwise.
"""
import html.parser
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

# XML namespace names: identifiers that look like URLs but are never fetched.
NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/XML/1998/namespace",
}

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
    return ok


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_run(chromium, profile, args, timeout=120):
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-extensions", "--disable-background-networking", "--disable-sync",
           "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def console_lines(stderr):
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Page(html.parser.HTMLParser):
    """Collects what the checks need from the dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root_attrs = {}
        self.charts = []  # [{"id", "svg": bool, "line": bool, "area": bool}]
        self.headlines = []  # [{"attrs", "text"}]
        self._chart_depth = None
        self._depth = 0
        self._in_headline = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._depth += 1
        if tag == "html":
            self.root_attrs = a
        if "data-vega-spec" in a:
            self.charts.append({"id": a.get("id"), "svg": False, "line": False, "area": False})
            self._chart_depth = self._depth
        elif self._chart_depth is not None:
            classes = a.get("class", "")
            if tag == "svg":
                self.charts[-1]["svg"] = True
            if "mark-line" in classes:
                self.charts[-1]["line"] = True
            if "mark-area" in classes:
                self.charts[-1]["area"] = True
        if tag == "li" and a.get("data-kind"):
            self._in_headline = {"attrs": a, "text": ""}

    def handle_endtag(self, tag):
        if self._chart_depth is not None and self._depth == self._chart_depth:
            self._chart_depth = None
        self._depth -= 1
        if tag == "li" and self._in_headline is not None:
            self.headlines.append(self._in_headline)
            self._in_headline = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        if self._in_headline is not None:
            self._in_headline["text"] += data


def rounded(value):
    """As the sentences round: nearest 100 from 10,000, nearest 10 from 1,000, whole below."""
    step = 100 if abs(value) >= 10000 else 10 if abs(value) >= 1000 else 1
    r = round(value / step) * step
    text = f"{abs(r):,.0f}"
    return ("-" if r < 0 and text != "0" else "") + text


def external_references(text):
    """Everything in the file that could make the browser load another file or host."""
    found = []
    # Attributes and CSS in the markup (script bodies are code, checked by the policy and the
    # URL scan below).
    markup = re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", text, flags=re.S | re.I)
    for m in re.finditer(r"\b(?:src|href|xlink:href|action|srcset|poster|data|formaction|background)\s*=\s*"
                         r"[\"']?([^\"'\s>]*)", markup, re.I):
        value = m.group(1)
        if value and not value.startswith("#") and not value.startswith("data:"):
            found.append(m.group(0))
    for m in re.finditer(r"url\(\s*[\"']?([^\"')]*)", markup, re.I):
        if not m.group(1).startswith("data:") and not m.group(1).startswith("#"):
            found.append(m.group(0))
    found += [m.group(0) for m in re.finditer(r"@import", markup)]
    # A URL with something after the scheme (Vega's loader holds the bare constant "file://").
    for m in re.finditer(r"(?:https?|ftp|file)://[^\s\"'<>)`]+", text, re.I):
        if m.group(0) not in NAMESPACES:
            found.append(m.group(0))
    found += [m.group(0) for m in re.finditer(r"sourceMappingURL", text)]
    return found


def stage_wip(levels_json, series, path, groups):
    """wip_end of `series` in a levels block of comparison.json: a stage, "system", or a group
    of the model (the sum of its stages' means: a mean of sums is the sum of the means; no
    interval, which does not add up)."""
    if series == "system":
        return levels_json["system"]["wip_end"]
    if series in groups:
        parts = [stage_wip(levels_json, s, path, {}) for s in groups[series]]
        return {"mean": sum(p["mean"] for p in parts), "ci95": None}
    for stage in levels_json["stages"]:
        if stage["id"] == series:
            return stage["wip_end"]
    raise KeyError(f"{path}: no stage {series}")


def close(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6)


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    exe, source, artefacts = sys.argv[1:4]
    os.makedirs(artefacts, exist_ok=True)
    chromium = find_chromium()
    if chromium is None:
        print("report_browser_test: chromium is not installed (scripts/install-deps.sh --test installs it)",
              file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="courtflow-report-test-") as tmp:
        out = os.path.join(tmp, "report")
        data = os.path.join(source, "tests/cli/report_test_data")
        run = subprocess.run([exe, "report", os.path.join(data, "court.json"),
                              os.path.join(data, "more_courtrooms.json"),
                              os.path.join(data, "fewer_relistings.json"),
                              "--out", out, "--replications", "8", "--threads", "2", "--quiet",
                              "--date", "2026-01-15"],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            print(f"courtflow report failed ({run.returncode}): {run.stderr}", file=sys.stderr)
            return 1
        page_path = os.path.join(out, "report.html")
        text = open(page_path, encoding="utf-8").read()
        comparison = json.load(open(os.path.join(out, "comparison.json"), encoding="utf-8"))
        model = json.load(open(os.path.join(data, "court.json"), encoding="utf-8"))
        groups = {g["id"]: g["stages"] for g in model.get("groups", [])}

        # 1. Self-contained.
        refs = external_references(text)
        check(not refs, f"report.html references other files or hosts: {refs[:5]}")
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        if check(csp is not None, "no Content-Security-Policy meta element"):
            policy = csp.group(1)
            check("default-src 'none'" in policy, f"CSP does not forbid requests: {policy}")
            check("unsafe-eval" not in policy, f"CSP allows eval: {policy}")

        # 2. Rendered in the browser, with no console message.
        url = "file://" + page_path
        profile = os.path.join(tmp, "profile")
        dom_run = chromium_run(chromium, profile, ["--virtual-time-budget=15000", "--dump-dom", url])
        check(dom_run.returncode == 0, f"chromium --dump-dom exited {dom_run.returncode}")
        messages = console_lines(dom_run.stderr)
        check(not messages, "console messages:\n  " + "\n  ".join(messages))
        page = Page()
        page.feed(dom_run.stdout)
        total = int(page.root_attrs.get("data-charts-total", "-1"))
        drawn = int(page.root_attrs.get("data-charts-rendered", "-1"))
        failed = int(page.root_attrs.get("data-charts-failed", "-1"))
        check(total >= 2, f"expected at least two fan charts, found {total}")
        check(len(page.charts) == total, f"{len(page.charts)} chart elements, page counted {total}")
        check(drawn == total and failed == 0, f"charts drawn {drawn} of {total}, failed {failed}")
        for chart in page.charts:
            check(chart["svg"] and chart["line"] and chart["area"],
                  f"chart {chart['id']} has no Vega SVG with a line and a band: {chart}")

        # 3. Headlines, against comparison.json.
        n = len(page.headlines)
        check(3 <= n <= 5, f"{n} headline sentences, expected 3 to 5")
        kinds = [h["attrs"].get("data-kind") for h in page.headlines]
        check("base" in kinds and "scenario" in kinds, f"headline kinds {kinds}")
        check(page.headlines[0]["attrs"].get("data-series") == "court",
              "the first headline is not about the model's group (court)")
        scenarios = {s["name"]: s for s in comparison["scenarios"]}
        for h in page.headlines:
            a, sentence = h["attrs"], " ".join(h["text"].split())
            if a["data-kind"] == "base":
                base = stage_wip(comparison["base_levels"], a["data-series"], "base_levels", groups)
                check(close(a["data-base-mean"], base["mean"]),
                      f"base headline mean {a['data-base-mean']} != comparison.json {base['mean']}")
                check(rounded(base["mean"]) in sentence, f"base level {rounded(base['mean'])} not in: {sentence}")
            elif a["data-kind"] == "scenario":
                s = scenarios.get(a["data-scenario"])
                if not check(s is not None, f"headline names unknown scenario {a['data-scenario']}"):
                    continue
                series = a["data-series"]
                base = stage_wip(comparison["base_levels"], series, "base_levels", groups)
                level = stage_wip(s["levels"], series, "levels", groups)
                delta = stage_wip(s["delta"], series, "delta", groups)
                check(close(a["data-base-mean"], base["mean"]), "scenario headline: base mean differs")
                check(close(a["data-scenario-mean"], level["mean"]), "scenario headline: scenario mean differs")
                check(close(a["data-delta-mean"], delta["mean"]), "scenario headline: change differs")
                if delta["ci95"] is not None:
                    check(close(a["data-delta-lo"], delta["ci95"][0]) and close(a["data-delta-hi"], delta["ci95"][1]),
                          "scenario headline: interval of the change differs")
                for value in (level["mean"], base["mean"], abs(delta["mean"])):
                    check(rounded(value) in sentence, f"{rounded(value)} not in: {sentence}")
                lo, hi = float(a["data-delta-lo"]), float(a["data-delta-hi"])
                if lo > 0 or hi < 0:
                    word = "fewer" if delta["mean"] < 0 else "more"
                    check(word in sentence, f"'{word}' not in: {sentence}")

        # 4. Pictures and print.
        shot = os.path.join(artefacts, "report.png")
        for path, size in ((shot, "1200,2600"), (os.path.join(artefacts, "report-phone.png"), "390,2400")):
            if os.path.exists(path):
                os.remove(path)
            r = chromium_run(chromium, profile, ["--virtual-time-budget=15000", "--hide-scrollbars",
                                                 f"--window-size={size}", f"--screenshot={path}", url])
            check(r.returncode == 0 and os.path.getsize(path) > 10000 if os.path.exists(path) else False,
                  f"no screenshot {path}: {r.stderr[-500:]}")
        pdf = os.path.join(artefacts, "report.pdf")
        r = chromium_run(chromium, profile, ["--virtual-time-budget=15000", "--no-pdf-header-footer",
                                             f"--print-to-pdf={pdf}", url])
        if check(r.returncode == 0 and os.path.exists(pdf), f"no PDF: {r.stderr[-500:]}"):
            data = open(pdf, "rb").read()
            boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
            check(boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes),
                  f"PDF pages are not A4: {boxes[:3]}")
            check(len(boxes) >= 2, f"expected several A4 pages, got {len(boxes)}")

    if failures:
        for f in failures:
            print("FAIL: " + f, file=sys.stderr)
        return 1
    print(f"report_browser_test: ok (artefacts in {artefacts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
