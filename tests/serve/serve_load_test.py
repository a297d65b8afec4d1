#!/usr/bin/env python3
"""A bounded load test of `courtflow serve` on loopback (CTest "serve_load", label serve):
20 clients send 200 requests in all (the page, the model, the status, and what-if runs that
queue behind each other), every one must succeed, and the server's resident memory after the
load must be back near its level after a warm-up run: the load runs in two rounds of 100, and
after the second the memory may be no more than 5% + 4 MiB above its level after the first (no
leak), nor 25% + 16 MiB above the warm-up level (the HTTP threads' own arenas).
Traffic goes to 127.0.0.1 only; the loop is bounded in count and in time (90 s).

Usage: serve_load_test.py COURTFLOW_EXE SOURCE_DIR
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import Server  # noqa: E402

CLIENTS = 20
PER_CLIENT = 10
DEADLINE = 90.0


def main():
    exe, source = sys.argv[1], sys.argv[2]
    model = os.path.join(source, "tests", "cli", "report_test_data", "court.json")
    s = Server(exe, model, "--replications", "4", "--queue", "32", "--threads", "2")
    failures, latencies = [], []
    lock = threading.Lock()
    started = time.time()
    try:
        run = {"replications": 4, "seed": 7,
               "changes": [{"op": "scale_servers", "stage": "trial_list", "factor": 1.1, "from_day": 60}]}
        for _ in range(2):  # warm-up: the base run is cached, the page assembled
            assert s.json("POST", "/api/run", run)[0] == 200
            assert s.request("GET", "/")[0] == 200
        time.sleep(0.5)
        rss_start = s.rss_kib()

        def client(k, first):
            for i in range(first, first + PER_CLIENT // 2):
                if time.time() - started > DEADLINE:
                    with lock:
                        failures.append("client %d: deadline reached" % k)
                    return
                kind = (k + i) % 5
                t0 = time.time()
                if kind == 0:
                    status, _, body = s.request("POST", "/api/run", run, timeout=DEADLINE)
                elif kind == 1:
                    status, _, body = s.request("GET", "/")
                elif kind == 2:
                    status, _, body = s.request("GET", "/api/status")
                else:
                    status, _, body = s.request("GET", "/api/model")
                with lock:
                    latencies.append(time.time() - t0)
                    if status != 200:
                        failures.append("client %d request %d (kind %d): HTTP %d %s" % (k, i, kind, status, body[:200]))

        rss_rounds = []
        for first in (0, PER_CLIENT // 2):
            threads = [threading.Thread(target=client, args=(k, first)) for k in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(0.5)
            rss_rounds.append(s.rss_kib())
        rss_end = rss_rounds[-1]
    finally:
        code = s.stop()
    wall = time.time() - started
    latencies.sort()
    print("requests: %d from %d clients in %.1f s; latency median %.3f s, max %.3f s; RSS %d KiB after warm-up, "
          "%d KiB after 100 requests, %d KiB after 200"
          % (len(latencies), CLIENTS, wall, latencies[len(latencies) // 2], latencies[-1], rss_start, rss_rounds[0],
             rss_end))
    if len(latencies) != CLIENTS * PER_CLIENT:
        failures.append("only %d of %d requests were made" % (len(latencies), CLIENTS * PER_CLIENT))
    if rss_end > rss_start * 1.25 + 16 * 1024:
        failures.append("RSS grew from %d KiB to %d KiB" % (rss_start, rss_end))
    if rss_end > rss_rounds[0] * 1.05 + 4 * 1024:
        failures.append("RSS kept growing: %d KiB after the first round, %d KiB after the second" % (rss_rounds[0], rss_end))
    if code != 0:
        failures.append("the server exited with %s" % code)
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
