"""The benchmark script keeps working: it runs on tiny sizes (no timing is asserted here; the numbers
live in benchmarks/results.md, measured by hand)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_script_runs_and_writes_its_table(tmp_path):
    out = tmp_path / "results.md"
    out.write_text("# notes kept\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--tiny", "--no-pdf", "--out", str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# notes kept")
    for figure in ("floor:", "peer: docxtpl", "ita-report --help", "build the example: docx", "measures x 20 results",
                   "batch of 10", "| one docx build / floor |", "| --help / floor |",
                   "<!-- bounds:", "lines in one cell (bounds lifted)", "steps in one measure: refused", "zip bomb",
                   "one template running for hours", "| a row's lines in one cell / spread: time |"):
        assert figure in text, figure
