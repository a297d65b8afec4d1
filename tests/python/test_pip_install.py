"""`pip install .` into a virtual environment, offline, as the README shows it: reusing this
build's compiled module (COURTFLOW_CMAKE_BUILD_DIR), so that the test measures the packaging
(setup.py, pyproject.toml, the package layout), not a second compile of the C++ core. The
package files are copied to a temporary folder first so that nothing is written into the
source tree."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import SOURCE


@pytest.mark.skipif(not os.environ.get("COURTFLOW_BUILD_DIR"), reason="COURTFLOW_BUILD_DIR not set (CTest sets it)")
def test_pip_install_into_a_venv(tmp_path):
    tree = tmp_path / "src"
    for name in ("setup.py", "pyproject.toml", "docs/PYTHON.md"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOURCE / name, tree / name)
    shutil.copytree(SOURCE / "python" / "courtflow", tree / "python" / "courtflow",
                    ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["COURTFLOW_CMAKE_BUILD_DIR"] = os.environ["COURTFLOW_BUILD_DIR"]
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index", "-q", "."],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    check = ("import courtflow, sys; m = courtflow.load(sys.argv[1]); r = m.run(replications=2, seed=1);"
             "print(courtflow.__file__); print(r.summary['replications'])")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", check, str(SOURCE / "tests/cli/data/two_stage.json")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    where, replications = done.stdout.split()
    assert pathlib.Path(where).resolve().is_relative_to(venv.resolve())
    assert replications == "2"
