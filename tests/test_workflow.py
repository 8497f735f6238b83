"""The yearly workflow: the round picked from the calendar, many agencies built at once, rebuilding
while a person edits."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, run
from ita_report.batch import Outcome, build_many, output_folders
from ita_report.load import report_folders
from ita_report.pipeline import Options, choose_round, prepare
from ita_report.problems import UserError
from ita_report.thai import Round
from ita_report.watch import snapshot, watch


# ---------------------------------------------------------------- the round from the calendar

@pytest.mark.parametrize("day, fiscal_year, number", [
    (dt.date(2022, 3, 31), 2564, 2),  # still the 12-month report of FY 2564 (Oct 2020 – Sep 2021)
    (dt.date(2022, 4, 1), 2565, 1),  # April: the 6-month report of FY 2565
    (dt.date(2022, 9, 30), 2565, 1),
    (dt.date(2022, 10, 1), 2565, 2),  # October: the 12-month report of the year that just ended
    (dt.date(2023, 1, 15), 2565, 2),
])
def test_the_round_due_on_the_boundary_days(day, fiscal_year, number):
    due = Round.due_on(day)
    assert (due.fiscal_year.be, due.number) == (fiscal_year, number)


def without_round(folder: Path) -> Path:
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("round:")]
    (folder / "report.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("today, fiscal_year, number", [
    ("2022-03-31", 2564, 2), ("2022-03-31", 2565, 1),  # FY 2564's 12-month report is due; FY 2565 is running
    ("2022-04-01", 2565, 1), ("2022-09-30", 2565, 1),
    ("2022-10-01", 2565, 2), ("2022-10-01", 2566, 1),
])
def test_auto_round_follows_the_day_and_says_why(example, today, fiscal_year, number):
    report = without_round(example) / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("fiscal_year: 2565", f"fiscal_year: {fiscal_year}"),
                      encoding="utf-8")
    prepared = prepare(example, "auto", dt.date.fromisoformat(today))
    assert prepared.derived.round.number == number
    assert prepared.derived.round.fiscal_year.be == fiscal_year
    note = next(p for p in prepared.warnings if p.code == "round-chosen")
    assert note.severity == "note" and f"รอบ {number}" in note.th and today in note.en


def test_the_round_in_report_yaml_wins_over_the_calendar_unless_auto_is_asked(example):
    folder = prepare(example).folder  # report.yaml says round: 1
    assert choose_round(folder, None, dt.date(2022, 4, 25)) == (1, None)  # the calendar agrees: not a word
    number, note = choose_round(folder, None, dt.date(2022, 10, 5))
    assert number == 1 and note.code == "round-not-calendar" and note.severity == "note"
    assert note.field == "round" and note.line == 10 and "\n" not in note.th
    assert "round: 1" in note.th and "รอบ 2" in note.th and "--round 2" in note.en
    assert choose_round(folder, 2, dt.date(2022, 4, 5)) == (2, None)
    number, note = choose_round(folder, "auto", dt.date(2022, 10, 5))
    assert number == 2 and note is not None


def test_a_report_of_a_year_that_has_ended_gets_the_12_month_round(example):
    number, note = choose_round(prepare(example).folder, "auto", dt.date(2026, 4, 28))  # FY 2565 ended long ago
    assert number == 2 and "--round" in note.th and "2565 of this report has ended" in note.en


def test_a_report_of_a_year_still_running_gets_the_6_month_round(example):
    number, note = choose_round(prepare(example).folder, "auto", dt.date(2021, 11, 2))  # FY 2565 starts Oct 2021
    assert number == 1 and "has not ended" in note.en


def test_today_on_the_command_line(example, tmp_path):
    result = run("build", without_round(example), "-o", tmp_path, "--today", "2022-10-01")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "2565-round2-memo.docx").is_file() and "(round-chosen)" in result.stderr
    result = run("build", example, "-o", tmp_path, "--today", "1 เมษายน 2565")  # a Thai date works too
    assert result.returncode == 0 and (tmp_path / "2565-round1-memo.docx").is_file()
    bad = run("build", example, "--today", "2022-13-01")
    assert bad.returncode == 2 and "--today" in bad.stderr and "Traceback" not in bad.stderr


def test_a_build_says_in_one_line_when_report_yaml_overrides_the_calendar(example, tmp_path):
    result = run("build", example, "-o", tmp_path, "--today", "2022-10-05", "--lang", "en")
    assert result.returncode == 0 and (tmp_path / "2565-round1-memo.docx").is_file()
    lines = [line for line in result.stderr.splitlines() if "(round-not-calendar)" in line]
    assert len(lines) == 1 and "report.yaml:10:" in lines[0] and "round 2" in lines[0]


def test_check_notes_the_chosen_round_without_failing_strict(example):
    result = run("check", without_round(example), "--round", "auto", "--today", "2022-04-01", "--format", "json",
                 "--strict")
    assert result.returncode == 0, result.stdout  # a note is no warning: --strict passes
    found = [(p["code"], p["severity"]) for p in json.loads(result.stdout)]
    assert ("round-chosen", "note") in found and {severity for _, severity in found} == {"note"}


# ---------------------------------------------------------------- many agencies at once

def copies(root: Path, count: int) -> list[Path]:
    folders = []
    for i in range(count):
        target = root / f"agency-{i:03d}"
        shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("out", "preview"))
        folders.append(target)
    return folders


def test_a_batch_of_200_with_one_broken_builds_the_199_and_names_the_one(tmp_path):
    folders = copies(tmp_path / "agencies", 200)
    broken = folders[57] / "measures" / "2-publishing.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    result = run("build", tmp_path / "agencies", "--jobs", "2", "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "built 199 of 200 report(s); 1 failed" in result.stderr
    assert "failed: " + str(folders[57]) in result.stderr
    assert "2-publishing.yaml:" in result.stderr and "(yaml-syntax)" in result.stderr
    assert "Traceback" not in result.stderr
    built = [f for f in folders if (f / "out" / "2565-round1-report.docx").is_file()]
    assert len(built) == 199 and folders[57] not in built
    assert result.stderr.count("] ok ") == 199  # plain progress lines when not on a terminal


def test_a_batch_gives_the_same_bytes_as_one_at_a_time(tmp_path):
    folders = copies(tmp_path, 3)
    outs = output_folders(folders, tmp_path / "out")
    outcomes = build_many(folders, outs, Options(formats=("docx", "html")), jobs=2)
    assert all(isinstance(o, Outcome) and not o.failed for o in outcomes)
    assert [o.folder for o in outcomes] == folders  # in the given order
    alone = run("build", folders[1], "-o", tmp_path / "alone", "-f", "docx,html")
    assert alone.returncode == 0
    names = sorted(p.name for p in outs[1].iterdir())
    assert names == sorted(p.name for p in (tmp_path / "alone").iterdir()) and "2565-round1-report.html" in names
    for name in names:
        assert (outs[1] / name).read_bytes() == (tmp_path / "alone" / name).read_bytes(), name


def test_many_reports_with_one_output_folder_get_a_subfolder_each(tmp_path):
    a, b = copies(tmp_path, 2)
    assert output_folders([a, b], tmp_path / "out") == [tmp_path / "out" / a.name, tmp_path / "out" / b.name]
    assert output_folders([a], tmp_path / "out") == [tmp_path / "out"]
    assert output_folders([a, b], None) == [a / "out", b / "out"]
    twin = tmp_path / "elsewhere" / a.name
    shutil.copytree(a, twin)
    with pytest.raises(UserError) as caught:
        output_folders([a, twin], tmp_path / "out")
    assert caught.value.problems[0].code == "same-output"


def test_a_folder_of_report_folders_stands_for_them(tmp_path):
    folders = copies(tmp_path / "all", 3)
    (tmp_path / "all" / "notes").mkdir()  # not a report folder: left out
    assert report_folders([tmp_path / "all"]) == folders
    assert report_folders([folders[0]]) == [folders[0]]
    assert report_folders([tmp_path / "missing"]) == [tmp_path / "missing"]  # fails later, with its message


@pytest.mark.parametrize("name, fix", [
    ("report.yml", "rename report.yml to report.yaml"),
    ("report.yaml.txt", "rename report.yaml.txt to report.yaml (Notepad added .txt"),
    ("Report.yaml", "rename Report.yaml to report.yaml"),
    (None, "has no report.yaml"),  # YAML only in measures/
])
def test_a_batch_never_skips_a_subfolder_that_holds_yaml(tmp_path, name, fix):
    good, odd = copies(tmp_path / "reports", 2)
    if name:
        (odd / "report.yaml").rename(odd / name)
    else:
        (odd / "report.yaml").unlink()
    (tmp_path / "reports" / "notes").mkdir()  # no YAML: not a report folder
    (tmp_path / "reports" / ".git").mkdir()
    (tmp_path / "reports" / ".git" / "config.yml").write_text("a: 1\n")  # hidden: never a report
    if sys.platform != "linux" and name == "Report.yaml":
        pytest.skip("a case-insensitive file system reads Report.yaml as report.yaml")
    assert report_folders([tmp_path / "reports"]) == [good, odd]
    check = run("check", tmp_path / "reports", "--lang", "en")
    assert check.returncode == 1 and fix in check.stderr and "Traceback" not in check.stderr
    build = run("build", tmp_path / "reports", "--jobs", "1", "--lang", "en")
    assert build.returncode == 1 and fix in build.stderr and "Traceback" not in build.stderr
    assert "built 1 of 2 report(s); 1 failed" in build.stderr and "failed: " + str(odd) in build.stderr


def test_a_measure_file_saved_as_yaml_txt_stops_the_build_with_the_fix(example):
    measure = example / "measures" / "2-publishing.yaml"
    measure.rename(measure.with_name("2-publishing.yaml.txt"))
    result = run("build", example, "--lang", "en")
    assert result.returncode == 1 and "(measure-name)" in result.stderr
    assert "rename 2-publishing.yaml.txt to 2-publishing.yaml" in result.stderr
    assert not (example / "out").exists()


def test_a_measure_file_in_capitals_is_read(example):
    measure = example / "measures" / "2-publishing.yaml"
    measure.rename(measure.with_name("2-PUBLISHING.YAML"))
    assert len(prepare(example, 1).folder.measures) == 4


def test_a_missing_folder_in_a_batch_is_reported_and_the_others_built(tmp_path):
    (good,) = copies(tmp_path, 1)
    result = run("build", good, tmp_path / "nowhere", "--jobs", "1")
    assert result.returncode == 1 and "(no-folder)" in result.stderr
    assert (good / "out" / "2565-round1-memo.docx").is_file()


# ---------------------------------------------------------------- --watch

def test_snapshot_sees_inputs_not_outputs(example):
    before = snapshot(example)
    (example / "out").mkdir(exist_ok=True)
    (example / "out" / "x.docx").write_bytes(b"x")
    assert snapshot(example) == before
    measure = example / "measures" / "2-publishing.yaml"
    measure.write_text(measure.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert snapshot(example) != before


def test_watch_rebuilds_after_a_change(example):
    builds, said = [], []
    measure = example / "measures" / "2-publishing.yaml"

    def rebuild() -> bool:
        builds.append(time.monotonic())
        if len(builds) == 1:
            measure.write_text(measure.read_text(encoding="utf-8") + "# แก้ไข\n", encoding="utf-8")
        return True

    watch(example, rebuild, said.append, interval=0.05, rounds=6)
    assert len(builds) == 2
    assert any("2-publishing.yaml" in line for line in said)


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_watch_from_the_command_line_rebuilds_and_stops_on_ctrl_c(example, tmp_path):
    import os
    import signal

    env = {**os.environ, "LANG": "en_US.UTF-8", "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([sys.executable, "-m", "ita_report", "build", str(example), "-o", str(tmp_path), "--watch"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    memo = tmp_path / "2565-round1-memo.docx"
    try:
        deadline = time.monotonic() + 30
        while not memo.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        first = memo.stat().st_mtime_ns
        time.sleep(0.6)
        report = example / "report.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace("นายสมทรง ช้างชนะ", "นายสมทรง ช้างชนะดี"),
                          encoding="utf-8")
        while memo.stat().st_mtime_ns == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert memo.stat().st_mtime_ns != first
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "changed: report.yaml" in err and "Stopped watching" in err and "Traceback" not in err


# ---------------------------------------------------------------- the CI recipe

RECIPE = EXAMPLE.parent / "ci" / "ita-reports.yml"


def run_recipe(root: Path, formats: str | None = None) -> tuple[bool, str]:
    """The recipe's steps as GitHub Actions runs them, in bash, on a repository at `root`: a failed
    step fails the job and skips the steps after it, unless it says continue-on-error, or the later
    step's `if:` asks for it (always(), steps.<id>.outcome). The machine set-up steps (apt-get, the
    install) are left out: this environment has ita-report. Returns (job failed, the log)."""
    import os
    import re

    import yaml

    workflow = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["reports"]["steps"]
    given = {key: str(value).replace("${{ inputs.round || 'auto' }}", "auto") for key, value in workflow.get("env", {}).items()}
    env = {**os.environ, **given, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    failed, outcomes, log = False, {}, []
    for step in steps:
        script = step.get("run", "")
        if not script or "apt-get" in script or "pip install" in script:
            continue
        condition = step.get("if", "success()")
        if m := re.fullmatch(r"steps\.(\w+)\.outcome == '(\w+)'", condition):
            wanted = outcomes.get(m[1]) == m[2]
        else:
            wanted = condition == "always()" or (condition == "success()" and not failed)
        if not wanted:
            continue
        script = script.replace("${{ inputs.round || 'auto' }}", "auto")
        if formats:
            script = script.replace("docx,html,pdf", formats)
        result = subprocess.run(["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True,
                                encoding="utf-8")
        log.append(f"$ {script}\n{result.stdout}{result.stderr}")
        outcome = "success" if result.returncode == 0 else "failure"
        outcomes[step.get("id", "")] = outcome
        failed |= outcome == "failure" and not step.get("continue-on-error")
    return failed, "\n".join(log)


def test_the_ci_recipe_commands_work_on_a_repository_of_reports(tmp_path):
    from ita_report.render.pdf import find_soffice

    copies(tmp_path / "reports", 2)
    failed, log = run_recipe(tmp_path, None if find_soffice() else "docx,html")
    assert not failed, log
    assert "ita-report check reports" in log and "--format github" in log and "ita-report build reports" in log
    built = sorted(p.relative_to(tmp_path / "documents").as_posix() for p in (tmp_path / "documents").rglob("*-report.html"))
    assert built == ["agency-000/2565-round2-report.html", "agency-001/2565-round2-report.html"]


def test_the_ci_recipe_builds_every_good_report_and_fails_at_the_end_naming_the_broken(tmp_path):
    folders = copies(tmp_path / "reports", 20)
    broken = folders[7] / "measures" / "2-publishing.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nowners:", "\nowner:"), encoding="utf-8")
    failed, log = run_recipe(tmp_path, "docx,html")  # the PDF path of a batch: test_publish
    assert failed, log
    built = sorted(p.parent.name for p in (tmp_path / "documents").rglob("2565-round2-report.html"))
    assert len(built) == 19 and folders[7].name not in built
    assert "built 19 of 20 report(s); 1 failed" in log and "failed: reports/agency-007" in log
    assert "::error file=reports/agency-007/measures/2-publishing.yaml,line=" in log  # the annotation
    assert "Traceback" not in log


def test_the_ci_recipe_installs_this_tool_pinned_not_a_bare_name_from_the_index():
    import yaml

    steps = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))["jobs"]["reports"]["steps"]
    installs = [line.strip() for step in steps for line in step.get("run", "").splitlines() if "pip install" in line]
    assert installs == ['pip install "./ita-report[pdf]"']  # the ita-report submodule: this repository at a pinned commit
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["submodules"] is True


def test_the_readme_report_yaml_leaves_the_round_to_the_calendar():
    import yaml

    readme = (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("### report.yaml", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(snippet)
    assert data["fiscal_year"] == 2565 and "round" not in data


# ---------------------------------------------------------------- no report sinks the batch

def dies_on_agency_002(folder, out, options, defer):
    """A report build whose worker ends without a word: os._exit (a C library calling exit) or a
    signal (a crash in native code), as the environment variable WORKER_DEATH of the test says."""
    import os
    import signal

    from ita_report.batch import build_one

    if folder.name == "agency-002":
        how = os.environ["WORKER_DEATH"]
        if how == "exit":
            os._exit(3)
        os.kill(os.getpid(), getattr(signal, how))
    return build_one(folder, out, options, defer)


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
@pytest.mark.parametrize("how, said", [("exit", "stopped (exit code 3)"), ("SIGSEGV", "stopped (exit code -11)"),
                                       ("SIGKILL", "was killed (most often for lack of memory)")])
def test_a_worker_that_dies_fails_its_report_alone_named_and_the_batch_goes_on(tmp_path, monkeypatch, how, said):
    from ita_report import batch

    folders = copies(tmp_path / "agencies", 4)
    monkeypatch.setattr(batch, "build_one", dies_on_agency_002)
    monkeypatch.setenv("WORKER_DEATH", how)  # the spawned workers inherit it
    result = run("build", tmp_path / "agencies", "--jobs", "2", "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "built 3 of 4 report(s); 1 failed" in result.stderr and "failed: " + str(folders[2]) in result.stderr
    (line,) = [l for l in result.stderr.splitlines() if "(worker-failed)" in l]
    assert line.startswith(f"{folders[2]}: error") and said in line and "the other reports went on" in line
    assert "Traceback" not in result.stderr
    assert result.stderr.count("] ok ") == 3 and f"] FAILED {folders[2]}" in result.stderr  # each report's line
    built = [f for f in folders if (f / "out" / "2565-round1-report.docx").is_file()]
    assert built == [f for i, f in enumerate(folders) if i != 2] and not (folders[2] / "out").exists()


def deaf_to_its_time_limit(folder, out, options, defer):
    """A report build that blocks the alarm of its time limit and never ends (work stuck outside
    Python, as a C library can be)."""
    import signal

    from ita_report.batch import build_one

    if folder.name == "agency-002":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return build_one(folder, out, options, defer)


@pytest.mark.skipif(sys.platform == "win32", reason="pthread_sigmask")
def test_a_report_deaf_to_its_time_limit_is_killed_and_the_others_built(tmp_path, monkeypatch):
    from ita_report import batch

    folders = copies(tmp_path, 4)
    monkeypatch.setattr(batch, "build_one", deaf_to_its_time_limit)
    monkeypatch.setattr(batch, "KILL_GRACE", 0.5)
    started = time.monotonic()
    outcomes = build_many(folders, [f / "out" for f in folders], Options(report_timeout=5), jobs=2)
    assert time.monotonic() - started < 60
    assert [o.failed for o in outcomes] == [False, False, True, False]
    assert [p.code for p in outcomes[2].problems] == ["report-timeout"] and "--report-timeout" in outcomes[2].problems[0].en


def slow_templates(folder: Path) -> Path:
    """A report folder whose own memo template keeps within every bound of the sandbox and still runs
    for hours (1,900,000 template lines, each counting the words of a megabyte of text)."""
    from ita_report.resources import shipped_templates

    (folder / "templates").mkdir()
    memo = (shipped_templates() / "memo.j2").read_text(encoding="utf-8")
    slow = '{% for i in range(100000) %}{% for j in range(19) %}{% set n = ("ก " * 499999) | wordcount %}' \
           '{% endfor %}{% endfor %}'
    (folder / "templates" / "memo.j2").write_text(slow + memo, encoding="utf-8")
    with open(folder / "report.yaml", "a", encoding="utf-8") as report:
        report.write("settings:\n  templates: templates\n")  # the example has no settings of its own
    return folder


def test_a_template_running_for_hours_is_stopped_at_the_time_limit_and_the_batch_ends(tmp_path):
    folders = copies(tmp_path / "agencies", 3)
    slow_templates(folders[1])
    result = run("build", tmp_path / "agencies", "--jobs", "2", "--report-timeout", "4", "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "built 2 of 3 report(s); 1 failed" in result.stderr and "(report-timeout)" in result.stderr
    assert "failed: " + str(folders[1]) in result.stderr and "Traceback" not in result.stderr
    # one report alone, and check, keep the same limit
    alone = run("build", folders[1], "--report-timeout", "4", "--lang", "en")
    assert alone.returncode == 1 and "(report-timeout)" in alone.stderr
    checked = run("check", tmp_path / "agencies", "--report-timeout", "4", "--lang", "en")
    assert checked.returncode == 1 and "(report-timeout)" in checked.stderr
    assert checked.stdout.count(": OK") == 2, checked.stdout


def test_yaml_nested_600_deep_in_one_folder_leaves_check_of_the_others_whole(tmp_path):
    folders = copies(tmp_path / "agencies", 15)
    deep = folders[6] / "measures" / "9-deep.yaml"
    deep.write_text("title: ลึก\nsuggestions: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    result = run("check", "agencies", "--round", "1", "--format", "github", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    annotated = {line.split("file=")[1].split("/")[1] for line in result.stdout.splitlines() if "file=agencies/" in line}
    assert annotated == {f.name for f in folders}  # every folder's annotations printed
    assert f"::error file=agencies/{folders[6].name}/measures/9-deep.yaml,line=2," in result.stdout
    assert "title=yaml-too-deep" in result.stdout


def test_a_bug_met_in_one_folder_is_that_folders_internal_error_and_check_goes_on(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ita_report import batch
    from ita_report.cli import app

    folders = copies(tmp_path, 3)
    real = batch.prepare

    def buggy(folder, *args):
        if folder == folders[0]:
            raise RecursionError("maximum recursion depth exceeded")
        return real(folder, *args)

    monkeypatch.setattr(batch, "prepare", buggy)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", *map(str, folders), "--round", "1", "--format", "json", "--lang", "en"])
    assert result.exit_code == 1, result.output
    import json

    found = json.loads(result.stdout)
    internal = [p for p in found if p["code"] == "internal-error"]
    assert len(internal) == 1 and internal[0]["file"] == folders[0].name and "RecursionError" in internal[0]["message"]
    assert {p["file"].split("/")[0] for p in found if p["code"] != "internal-error"} >= {folders[1].name, folders[2].name}


@pytest.mark.skipif(sys.platform == "win32", reason="setitimer")
def test_the_time_limit_stops_work_and_leaves_a_callers_own_alarm_alone():
    import signal

    from ita_report.pipeline import ReportTimeout, time_limit

    with pytest.raises(ReportTimeout):
        with time_limit(0.2):
            while True:
                pass
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # nothing left behind
    previous = signal.signal(signal.SIGALRM, lambda *a: None)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with time_limit(0.1):
            time.sleep(0.3)  # the caller's alarm governs: no ReportTimeout
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name, fix", [
    ("report.yml", "rename report.yml to report.yaml"),
    ("report.yaml.txt", "rename report.yaml.txt to report.yaml (Notepad added .txt"),
    (None, "has no report.yaml"),
])
def test_one_report_folder_without_its_report_yaml_is_named_as_itself_not_as_its_measures_folder(tmp_path, name, fix):
    (folder,) = copies(tmp_path / "reports", 1)
    if name:
        (folder / "report.yaml").rename(folder / name)
    else:
        (folder / "report.yaml").unlink()
    assert report_folders([folder]) == [folder]
    check = run("check", folder, "--lang", "en")
    assert check.returncode == 1 and fix in check.stderr
    assert "measures" not in check.stderr.splitlines()[0]  # was "…/measures: error: … has no report.yaml"
