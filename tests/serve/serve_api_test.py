#!/usr/bin/env python3
"""`courtflow serve`'s JSON API end to end (CTest "serve_api", label serve): status codes,
validation with the scenario file's own messages, the budget, cancellation, the queue bound,
the token, the Host check, the report downloads and the output folder.

Usage: serve_api_test.py COURTFLOW_EXE SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import Server  # noqa: E402

EXE = SOURCE = MODEL = None


def validator_message(change):
    """What `courtflow validate` says of a scenario file holding this one change, with the
    file's name replaced by "request" (as the server names the request body)."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "s.json")
        with open(path, "w") as f:
            json.dump({"courtflow": 1, "scenario": "what-if", "base": MODEL, "changes": [change]}, f)
        r = subprocess.run([EXE, "validate", path], capture_output=True, text=True)
        line = [l for l in r.stderr.splitlines() if l.startswith("courtflow: error: ")][0]
        return line[len("courtflow: error: "):].replace(path, "request", 1)


class ServeApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="serve-api-")
        cls.s = Server(EXE, MODEL, "--replications", "4", "--max-replications", "40", "--threads", "2", out=cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.s.stop()

    def test_model_and_levers(self):
        status, headers, body = self.s.request("GET", "/api/model")
        self.assertEqual(status, 200)
        m = json.loads(body)
        self.assertEqual(m["model"], "small_court")
        ops = {(l["op"], l.get("stage") or l.get("from")) for l in m["levers"]}
        self.assertIn(("scale_servers", "trial_list"), ops)
        self.assertIn(("scale_service", "listing"), ops)
        self.assertIn(("set_route", "trial_list"), ops)
        self.assertIn("<svg", m["diagram_svg"])
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")

    def test_page_is_self_contained(self):
        status, headers, body = self.s.request("GET", "/")
        self.assertEqual(status, 200)
        page = body.decode()
        self.assertIn("<form id=\"levers\"", page)
        self.assertIn("vega", page)
        self.assertNotIn("src=\"http", page)
        self.assertNotIn("href=\"http", page)
        self.assertIn("connect-src 'self'", headers["Content-Security-Policy"])

    def test_run_baseline_and_change(self):
        status, base = self.s.json("POST", "/api/run", {"replications": 4, "seed": 7})
        self.assertEqual(status, 200, base)
        for key in ("model", "replications", "seed", "horizon_days", "stages", "system", "bottleneck", "performance"):
            self.assertIn(key, base["summary"])
        self.assertEqual(base["timeseries"]["columns"][:4], ["period_end_day", "period_end_date", "stage", "metric"])
        self.assertGreater(len(base["timeseries"]["rows"]), 10)
        self.assertGreaterEqual(len(base["page"]["headlines"]), 3)
        self.assertGreater(len(base["page"]["charts"]), 0)
        self.assertEqual(base["page"]["charts"][0]["spec"]["$schema"], "vega/v5")
        change = {"op": "scale_servers", "stage": "trial_list", "factor": 1.25, "from_day": 30,
                  "ramp_until_day": 90}
        status, more = self.s.json("POST", "/api/run", {"changes": [change], "replications": 4, "seed": 7})
        self.assertEqual(status, 200, more)
        wait = lambda answer: [s for s in answer["summary"]["stages"] if s["id"] == "trial_list"][0]["mean_wait_days"]
        self.assertLess(wait(more)["ci95"][1], wait(base)["ci95"][0], "25% more courtrooms must shorten the wait for trial")
        self.assertEqual(more["comparison"]["scenarios"][0]["name"], "what-if")
        self.assertNotEqual(base["page"]["headlines"], more["page"]["headlines"])

    def test_bad_changes_get_the_file_validators_message(self):
        for change in ({"op": "scale_servers", "stage": "trial_list", "factor": -1},
                       {"op": "scale_servers", "stage": "no_such_stage", "factor": 2},
                       {"op": "set_servers", "stage": "listing", "servers": 3},
                       {"op": "scale_arrivals", "factor": 2, "from_day": 5000},
                       {"op": "set_route", "from": "trial_list", "to": "sentencing", "p": 1.5},
                       {"op": "make_it_faster"}):
            status, body = self.s.json("POST", "/api/run", {"changes": [change]})
            self.assertEqual(status, 400, change)
            self.assertEqual(body["error"], validator_message(change))

    def test_bad_requests(self):
        status, _, body = self.s.request("POST", "/api/run", raw=b"{not json")
        self.assertEqual(status, 400)
        self.assertIn("invalid JSON", json.loads(body)["error"])
        status, _, body = self.s.request("POST", "/api/run", raw=b"{}", headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 415)
        status, _, body = self.s.request("POST", "/api/run", raw=b"[" + b"1," * 200000 + b"1]")
        self.assertEqual(status, 413)
        self.assertIn("limit", json.loads(body)["error"])
        status, body = self.s.json("GET", "/api/nothing")
        self.assertEqual(status, 404)
        status, body = self.s.json("POST", "/api/run", {"replications": 41})
        self.assertEqual(status, 400)
        self.assertEqual(body["error"], "request: replications: must be a whole number from 1 to 40 (got 41)")
        status, body = self.s.json("POST", "/api/run", {"changes": "faster"})
        self.assertEqual(status, 400)

    def test_host_header_is_checked(self):
        status, body = self.s.json("GET", "/api/model", headers={"Host": "attacker.example:80"})
        self.assertEqual(status, 403)

    def test_compare(self):
        status, c = self.s.json("POST", "/api/compare", {"replications": 4, "scenarios": [
            {"name": "more_courts", "changes": [{"op": "scale_servers", "stage": "trial_list", "factor": 1.2}]},
            {"name": "fewer_relistings", "changes": [{"op": "set_route", "from": "trial_list", "to": "trial_list", "p": 0.02}]}]})
        self.assertEqual(status, 200, c)
        self.assertEqual([s["name"] for s in c["scenarios"]], ["more_courts", "fewer_relistings"])
        status, c = self.s.json("POST", "/api/compare", {"scenarios": [{"changes": [{"op": "scale_servers", "stage": "x", "factor": 1}]}]})
        self.assertEqual(status, 400)
        self.assertTrue(c["error"].startswith("request: scenarios[0]: changes[0]"), c)

    def test_report_downloads_stay_in_the_output_folder(self):
        status, headers, html = self.s.request("GET", "/api/report", timeout=120)
        self.assertEqual(status, 200)
        self.assertIn("attachment", headers["Content-Disposition"])
        self.assertIn(b"<!DOCTYPE html>", html[:100])
        status, headers, xlsx = self.s.request("GET", "/api/report.xlsx", timeout=120)
        self.assertEqual(status, 200)
        self.assertEqual(xlsx[:2], b"PK")
        self.assertEqual(sorted(os.listdir(self.out)), ["report.html", "report.xlsx"])


class ServeLimits(unittest.TestCase):
    """Budget, cancellation and the queue, each on a server of its own."""

    def test_budget(self):
        s = Server(EXE, MODEL, "--max-run-events", "10000")
        try:
            status, body = s.json("POST", "/api/run", {"replications": 4})
            self.assertEqual(status, 400)
            self.assertIn("over the server's budget", body["error"])
            self.assertIn("--max-run-events", body["error"])
        finally:
            s.stop()

    def long_run(self, s, results, replace):
        # Long (several seconds on one thread): 20 times the arrivals and the courts, 100 replications.
        body = {"replications": 100, "seed": 1, "replace": replace,
                "changes": [{"op": "scale_arrivals", "factor": 20},
                            {"op": "scale_servers", "stage": "trial_list", "factor": 20},
                            {"op": "scale_servers", "stage": "sentencing", "factor": 20}]}
        results.append(s.json("POST", "/api/run", body, timeout=120))

    def wait_running(self, s):
        for _ in range(1500):  # up to 30 s: ctest runs other tests beside this one
            status, st = s.json("GET", "/api/status")
            if st["running"] and st["running"]["phase"] == "what-if":
                return True
            time.sleep(0.02)
        return False

    def test_a_replacing_run_cancels_the_first(self):
        s = Server(EXE, MODEL, "--threads", "1", "--replications", "2")
        try:
            self.assertEqual(s.json("POST", "/api/run", {"replications": 100, "seed": 1})[0], 200)  # baseline cached
            first = []
            t = threading.Thread(target=self.long_run, args=(s, first, False))
            t.start()
            self.assertTrue(self.wait_running(s))
            started = time.time()
            status, body = s.json("POST", "/api/run", {"replications": 2, "seed": 1, "replace": True})
            t.join()
            self.assertEqual(status, 200, body)
            self.assertEqual(first[0][0], 409, first)
            self.assertIn("cancelled", first[0][1]["error"])
            self.assertLess(time.time() - started, 10)
        finally:
            s.stop()

    def test_the_queue_is_bounded(self):
        s = Server(EXE, MODEL, "--threads", "1", "--queue", "1")
        try:
            self.assertEqual(s.json("POST", "/api/run", {"replications": 100, "seed": 1})[0], 200)
            first = []
            t = threading.Thread(target=self.long_run, args=(s, first, False))
            t.start()
            self.assertTrue(self.wait_running(s))
            status, headers, body = s.request("POST", "/api/run", {"replications": 2})
            self.assertEqual(status, 429)
            self.assertIn("busy", json.loads(body)["error"])
            # A replacing run does not count the run it cancels against the bound.
            status, body = s.json("POST", "/api/run", {"replications": 2, "replace": True})
            t.join()
            self.assertEqual(status, 200, body)
            self.assertEqual(first[0][0], 409)
        finally:
            s.stop()


class ServeToken(unittest.TestCase):
    def test_token_on_every_request(self):
        token = "0123456789abcdef0123"
        s = Server(EXE, MODEL, "--token", token)
        try:
            for path in ("/", "/api/model", "/api/status", "/api/report"):
                self.assertEqual(s.request("GET", path)[0], 401, path)
            self.assertEqual(s.request("GET", "/api/model", headers={"Authorization": "Bearer x" + token[1:]})[0], 401)
            self.assertEqual(s.request("POST", "/api/run", {})[0], 401)
            self.assertEqual(s.request("GET", "/api/model", headers={"Authorization": "Bearer " + token})[0], 200)
            self.assertEqual(s.request("GET", "/?token=" + token)[0], 200)
            self.assertEqual(s.request("GET", "/api/model", headers={"X-Courtflow-Token": token})[0], 200)
        finally:
            s.stop()

    def test_other_hosts_need_a_token(self):
        r = subprocess.run([EXE, "serve", MODEL, "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("needs --token", r.stderr)

    def test_sigterm_stops_cleanly_and_removes_the_temporary_folder(self):
        s = Server(EXE, MODEL)
        self.assertTrue(os.path.isdir(s.out_dir))
        self.assertEqual(s.stop(), 0)
        self.assertFalse(os.path.exists(s.out_dir))


if __name__ == "__main__":
    EXE, SOURCE = sys.argv[1], sys.argv[2]
    MODEL = os.path.join(SOURCE, "tests", "cli", "report_test_data", "court.json")
    unittest.main(argv=[sys.argv[0], "-v"])
