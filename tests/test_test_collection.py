"""The project's pytest configuration collects the suite in ``tests/`` and the tests a module
keeps in its own folder (``modules/<package>/tests/``), so deleting a module removes them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from wizamart.settings import PROJECT_ROOT

PASSING = "def test_{name}():\n    assert True\n"


def test_plain_pytest_collects_tests_of_tests_and_of_the_modules(tmp_path):
    shutil.copy(PROJECT_ROOT / "setup.cfg", tmp_path / "setup.cfg")  # the real configuration
    for relative, name in (("tests/test_suite.py", "suite"), ("modules/shop/tests/test_shop.py", "shop")):
        target = tmp_path / relative
        target.parent.mkdir(parents=True)
        target.write_text(PASSING.format(name=name), encoding="utf-8")

    # The pytest script, not `python -m pytest`: the folder must not shadow the real `modules`.
    pytest = Path(sys.executable).parent / "pytest"
    done = subprocess.run(
        [str(pytest), "--collect-only", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    collected = {line for line in done.stdout.splitlines() if "::" in line}
    assert collected == {"tests/test_suite.py::test_suite", "modules/shop/tests/test_shop.py::test_shop"}
