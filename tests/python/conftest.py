"""Shared fixtures of the Python package's tests: the source tree, the built CLI, and a helper
that runs it. CTest (tests/python/CMakeLists.txt) sets COURTFLOW_CLI and PYTHONPATH; by hand:

    PYTHONPATH=BUILD/python COURTFLOW_CLI=BUILD/cli/courtflow /usr/bin/python3 -m pytest tests/python
"""

import json
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("COURTFLOW_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(autouse=True)
def _in_source_dir(monkeypatch):
    """Paths are given relative to the source tree, to the CLI and to the module alike (both
    write the paths they were given into comparison.json)."""
    monkeypatch.chdir(SOURCE)


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("COURTFLOW_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("COURTFLOW_CLI does not name the built courtflow binary")

    def run(*args, check=True):
        done = subprocess.run([path, *map(str, args)], cwd=SOURCE, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"courtflow {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
        return done

    return run


def without_wall_seconds(summary):
    """summary.json but for performance.wall_seconds, the one value that is not a function of
    the inputs."""
    out = json.loads(json.dumps(summary))
    out["performance"].pop("wall_seconds")
    return out
