"""Ctrl-C during a long run: KeyboardInterrupt within a couple of seconds, and the module
still works afterwards."""

import os
import signal
import subprocess
import sys
import time

import pytest

# A run of many minutes: a million days of 1,000 arrivals a day through a stable stage.
CHILD = r"""
import sys, time
import courtflow
model = courtflow.load({"courtflow": 1, "name": "long", "horizon_days": 1000000,
                        "stages": [{"id": "court", "servers": 2000, "service": {"dist": "exponential", "mean": 1}}],
                        "arrivals": [{"to": "court", "rate_per_day": 1000}], "routes": []})
print("started", flush=True)
try:
    model.run(replications=2, threads=1, period=100000)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    small = courtflow.load("tests/cli/data/two_stage.json").run(replications=2, seed=1)
    print("after", small.summary["replications"], flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_stops_a_long_run_cleanly():
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=dict(os.environ))
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(1.0)  # well into the run
        assert child.poll() is None, "the run ended before the signal"
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        first = child.stdout.readline().strip()
        took = time.monotonic() - sent
        rest, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert first == "interrupted", first + rest + err
    assert took < 2.0, f"{took:.1f} s from SIGINT to KeyboardInterrupt"
    assert rest.strip() == "after 2", rest + err


def test_run_releases_the_gil():
    """Another Python thread keeps running while the engine works."""
    import threading

    import courtflow

    # About 24 million events: over a second on this machine (1,500 days took 0.27 s once the
    # engine got faster, under the 0.3 s this test needs to tell anything).
    model = courtflow.load({"courtflow": 1, "name": "busy", "horizon_days": 6000,
                            "stages": [{"id": "court", "servers": 2000,
                                        "service": {"dist": "exponential", "mean": 1}}],
                            "arrivals": [{"to": "court", "rate_per_day": 1000}], "routes": []})
    ticks, running = [], threading.Event()

    def tick():
        while not running.is_set():
            time.sleep(0.001)
        while running.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.005)

    ticker = threading.Thread(target=tick)
    ticker.start()
    running.set()
    start = time.monotonic()
    model.run(replications=2, threads=1)
    end = time.monotonic()
    running.clear()
    ticker.join()
    during = [t for t in ticks if start + 0.05 < t < end - 0.05]
    # With the lock held for the whole run the ticker could not tick at all in between.
    assert end - start > 0.3, "the run was too short to tell"
    assert len(during) >= 0.25 * (end - start - 0.1) / 0.005
