"""The package type-checks: `mypy ita_report` reports no error, with the settings of pyproject.toml's
[tool.mypy] (mypy and the stubs it needs are in the test extra)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_reports_no_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache"), "ita_report"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.startswith("Success"), result.stdout + result.stderr
