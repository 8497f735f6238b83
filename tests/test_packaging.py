"""The project as a package: one version, a licence, an sdist that holds what its own tests read, and
a wheel that works when installed on its own (RenderCV's offline-wheel test, in spirit)."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ita_report
from ita_report.cli import app

ROOT = Path(__file__).resolve().parent.parent
hatchling = pytest.importorskip("hatchling.builders.sdist")


def test_version_is_written_once_and_printed():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"ita-report {ita_report.__version__}"
    assert "version =" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[tool.")[0]


def test_the_licence_is_mit_and_shipped():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def tracked(*folders: str) -> set[str]:
    listing = subprocess.run(["git", "ls-files", *folders], cwd=ROOT, capture_output=True, text=True)
    if listing.returncode:
        pytest.skip("not a git checkout")
    return {line for line in listing.stdout.splitlines() if (ROOT / line).is_file()}


def test_the_sdist_holds_every_file_its_tests_read(tmp_path):
    from hatchling.builders.sdist import SdistBuilder

    (sdist,) = SdistBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = tracked("ita_report", "templates", "examples", "tests", "schemas", "tools", "benchmarks", ".ci")
    wanted |= {"README.md", "README.th.md", "LICENSE", "SECURITY.md", "pyproject.toml"}
    assert not wanted - names, sorted(wanted - names)


def test_the_wheel_installed_alone_builds_the_example(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        assert "ita_report/templates/memo.docx" in archive.namelist()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib*/python*/site-packages"), None) or venv / "Lib" / "site-packages"
    # the libraries it needs come from this environment; the package itself only from the wheel
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    out = tmp_path / "out"
    example = ROOT / "examples" / "nasom-2565"
    result = subprocess.run([str(python), "-I", "-m", "ita_report", "build", str(example), "-o", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [  # (the example asks for the publication form)
        "2565-round1-memo.docx", "2565-round1-publication-form.docx", "2565-round1-report.docx",
        "2565-round1-table.docx"]
    where = subprocess.run([str(python), "-I", "-c", "import ita_report; print(ita_report.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(site) in where  # the wheel's copy, not the source tree's
