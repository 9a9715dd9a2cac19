"""The test command fails when pytest collects nothing, so CI can never pass on an empty run."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_a_run_that_collects_no_test_fails():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contactpoint.embedded",
            "test",
            "-q",
            "-k",
            "no_test_has_this_name",
        ],
        cwd=PROJECT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "collected no tests" in result.stderr
