"""setuptools build of the `courtflow` Python package (pyproject.toml): the extension module
courtflow._courtflow is built by CMake from the same sources as the command line (target
_courtflow in python/CMakeLists.txt) and copied beside the pure-Python files of
python/courtflow.

Environment:
  COURTFLOW_CMAKE_BUILD_DIR  an existing, configured CMake build directory of this source tree
                             (e.g. build/ci): only the _courtflow target is brought up to date
                             there, so pip packages what the normal build already compiled.
                             Without it, a Release build of the module alone is configured in
                             setuptools' build folder (build/pip, kept for the next install).
  COURTFLOW_BUILD_JOBS       parallel compile jobs (default 2).
"""

import glob
import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        jobs = os.environ.get("COURTFLOW_BUILD_JOBS", "2")
        build_dir = os.environ.get("COURTFLOW_CMAKE_BUILD_DIR")
        if build_dir:
            build_dir = pathlib.Path(build_dir).resolve()
            if not (build_dir / "CMakeCache.txt").exists():
                sys.exit(f"COURTFLOW_CMAKE_BUILD_DIR={build_dir}: not a configured CMake build directory")
        else:
            build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
            build_dir.mkdir(parents=True, exist_ok=True)
            configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                         f"-DPython3_EXECUTABLE={sys.executable}", "-DCOURTFLOW_BUILD_PYTHON=ON",
                         "-DCOURTFLOW_BUILD_TESTS=OFF", "-DCOURTFLOW_BUILD_BENCH=OFF"]
            if shutil.which("ninja"):
                configure += ["-G", "Ninja"]
            subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_courtflow", "-j", jobs])
        built = glob.glob(str(build_dir / "python" / "courtflow" / "_courtflow*.so"))
        if len(built) != 1:
            sys.exit(f"expected one _courtflow*.so in {build_dir}/python/courtflow, found {built}")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    packages=["courtflow"],
    package_dir={"courtflow": "python/courtflow"},
    ext_modules=[CMakeExtension("courtflow._courtflow")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build/pip"}},
    zip_safe=False,
)
