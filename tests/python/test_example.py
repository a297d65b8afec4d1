"""docs/examples/analyst.py runs end to end (calibrate the road traffic fines log, a what-if,
a matplotlib PNG), so that the documented example keeps working."""

import os
import subprocess
import sys

import pytest

from conftest import SOURCE

LOG = SOURCE.parent / "shared" / "data" / "road_traffic_fines_sample.csv"


@pytest.mark.skipif(not LOG.exists(), reason="shared/data is not beside the source tree")
def test_analyst_example(tmp_path):
    done = subprocess.run([sys.executable, str(SOURCE / "docs/examples/analyst.py"), str(LOG), "--out", str(tmp_path),
                           "--replications", "3"], capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert "calibrated: kept 17239 of 17243 rows; 11 stages" in done.stdout
    assert "the what-if changes it by -" in done.stdout  # faster credit collection: shorter time in system
    png = (tmp_path / "open_cases.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10000
    assert (tmp_path / "fitted_model.json").exists()
