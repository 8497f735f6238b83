"""Where Thai officials work: consoles that are not UTF-8, Thai names with spaces everywhere, a batch
under the spawn start method (Windows and macOS). A document held open in Word: test_write."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import EXAMPLE, paragraphs, run


def test_a_thai_windows_console_cp874_gets_thai_and_no_encoding_error(example, tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "cp874", "LANG": "th_TH.TIS-620", "LC_ALL": ""}
    good = subprocess.run([sys.executable, "-m", "ita_report", "build", str(example), "-o", str(tmp_path / "o")],
                          capture_output=True, env=env, timeout=120)
    assert good.returncode == 0 and "เขียน".encode("cp874") in good.stdout
    measure = example / "measures" / "2-publishing.yaml"
    measure.write_text(measure.read_text(encoding="utf-8").replace("\nowners:", "\nowner:"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "ita_report", "build", str(example), "-o", str(tmp_path / "o")],
                         capture_output=True, env=env, timeout=120)
    assert bad.returncode == 1 and b"Traceback" not in bad.stderr
    assert "หมายถึง".encode("cp874") in bad.stderr  # "did you mean owners", in Thai, in the console's code page


def test_output_piped_into_a_log_with_no_encoding_set(example, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG", "LC_ALL", "PYTHONUTF8")}
    env["LC_ALL"] = "C"
    result = subprocess.run([sys.executable, "-m", "ita_report", "check", str(example), "--format", "github"],
                            capture_output=True, env=env, timeout=120)
    assert result.returncode == 0 and b"Traceback" not in result.stderr and b"::notice file=" in result.stdout


def thai_copy(root, name: str):
    target = root / name
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("out", "preview"))
    (target / "measures" / "1-service-process.yaml").rename(target / "measures" / "1 มาตรการ การให้บริการ.yaml")
    own = target / "แม่แบบ ของฉัน"
    own.mkdir()
    shutil.copy(EXAMPLE.parent.parent / "templates" / "table.j2", own / "table.j2")
    report = target / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("round: 1", "round: 1\nsettings:\n  templates: แม่แบบ ของฉัน"),
                      encoding="utf-8")
    return target


def test_thai_names_with_spaces_for_folders_files_templates_and_outputs(tmp_path):
    folder = thai_copy(tmp_path / "งาน ITA", "อบต นาโสม 2565")
    out = tmp_path / "ผลลัพธ์ ปี 2565"
    assert run("check", folder).returncode == 0
    result = run("build", folder, "-o", out, "--names", "thai", "-f", "docx,html")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ตารางรายงานผล ITA 2565 รอบ 6 เดือน.docx", "บันทึกข้อความ ITA 2565 รอบ 6 เดือน.docx",
                     "รายงาน ITA 2565 รอบ 6 เดือน.docx", "รายงาน ITA 2565 รอบ 6 เดือน.html",
                     "แบบฟอร์มขอเผยแพร่ ITA 2565 รอบ 6 เดือน.docx", "แบบฟอร์มขอเผยแพร่ ITA 2565 รอบ 6 เดือน.html"]
    table = " ".join(paragraphs(out / "ตารางรายงานผล ITA 2565 รอบ 6 เดือน.docx"))
    assert "๑. การเพิ่มคุณภาพการดำเนินงาน" in table  # the renamed measure file is still the first


def test_a_batch_of_thai_named_folders_under_spawn(tmp_path):
    root = tmp_path / "รายงาน ทุกหน่วยงาน"
    for name in ("อบต นาโสม", "อบต บ้านใหม่"):
        thai_copy(root, name)
    result = run("build", root, "--jobs", "2", "--lang", "en")  # workers start by spawn on every platform
    assert result.returncode == 0, result.stderr
    assert "built 2 of 2 report(s)" in result.stderr
    for name in ("อบต นาโสม", "อบต บ้านใหม่"):
        assert (root / name / "out" / "2565-round1-report.docx").is_file()


def test_the_quick_start_is_two_commands_that_work_where_pip_install_is_refused():
    """Debian 12 and Ubuntu 24.04 refuse a bare pip install (PEP 668): the Quick start makes its own
    venv in the command itself, and CI (.ci/run) runs exactly these two commands."""
    root = EXAMPLE.parent.parent
    commands = subprocess.run(["bash", str(root / ".ci" / "quickstart-commands")], capture_output=True, text=True,
                              check=True).stdout.splitlines()
    assert len(commands) == 2
    assert commands[0].startswith("python3 -m venv .venv && ") and "ita-report build examples/nasom-2565" in commands[0]
    assert "pytest" in commands[1]
    pips = [part.strip() for command in commands for part in command.split("&&") if "pip" in part]
    assert pips and all(p.startswith(".venv/bin/pip install") for p in pips), pips
    assert ".ci/quickstart-commands" in (root / ".ci" / "run").read_text(encoding="utf-8")
    thai = (root / "README.th.md").read_text(encoding="utf-8")
    assert "py -m pip install ." in thai and "py -m ita_report" in thai and "python3 -m venv .venv" in thai
