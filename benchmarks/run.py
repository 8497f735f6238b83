"""Benchmarks: how long ita-report takes and how much memory it needs, beside what Python and its
libraries cost before any work (the floor) and a plain docxtpl script (the peer), all timed the same
way in the same run, so that ratios hold even on a busy machine.

    python benchmarks/run.py                 # full sizes; writes benchmarks/results.md
    python benchmarks/run.py --only bounds   # only the bounds on hostile input (issue 12)
    python benchmarks/run.py --tiny --out X  # small sizes, one repeat (the test suite runs this)

Each figure is the median wall time of repeated runs of a separate process, the median CPU time (user
and system) and the peak resident memory of that process and its children (wait4's
rusage). Needs the test extras (docxtpl for the peer) and, for the PDF figures, LibreOffice."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nasom-2565"
sys.path.insert(0, str(ROOT))

# Each section's figures go between its own marks in results.md; a run replaces only its sections.
MARKS = {"speed": ("<!-- results: written by benchmarks/run.py -->", "<!-- /results -->"),
         "bounds": ("<!-- bounds: written by benchmarks/run.py -->", "<!-- /bounds -->")}


@dataclass
class Figure:
    name: str
    seconds: float
    peak_mb: float
    runs: int
    cpu: float = float("nan")  # median CPU seconds (user + system): the tool's own work, the disk's waits apart


class Recorder:
    """Runs commands through measure() and keeps their figures in order."""

    def __init__(self) -> None:
        self.figures: dict[str, Figure] = {}

    def add(self, name: str, cmd: list[str], times: int, **kwargs) -> Figure:
        seconds, peak, cpu = measure(cmd, times, **kwargs)
        self.figures[name] = Figure(name, seconds, peak, times, cpu)
        print(f"  {name:<44} {seconds:8.3f} s {peak:8.1f} MB", flush=True)
        return self.figures[name]

    def inner(self, name: str, cmd: list[str]) -> Figure:
        """A figure a child measures itself (it prints its seconds): work inside one process, such as a
        rebuild with a LibreOffice already running. Memory and CPU are the whole child's."""
        output, errors = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # files: a full pipe never blocks
        started = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=output, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0) if hasattr(os, "wait4") else (0, process.wait(), None)
        code = os.waitstatus_to_exitcode(status) if usage is not None else status
        output.seek(0)
        errors.seek(0)
        text, error = output.read().decode(), errors.read().decode("utf-8", "replace")
        if code != 0:
            raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd[:3])}\n{error[-2000:]}")
        seconds = float(text.split()[-1])
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024) if usage else float("nan")
        cpu = usage.ru_utime + usage.ru_stime if usage else float("nan")
        self.figures[name] = Figure(name, seconds, peak, 1, cpu)
        print(f"  {name:<44} {seconds:8.3f} s {peak:8.1f} MB (whole child: {time.perf_counter() - started:.1f} s)", flush=True)
        return self.figures[name]


def measure(command: list[str], repeat: int, cwd: Path | None = None, env: dict | None = None,
            expect: int = 0) -> tuple[float, float, float]:
    """Median wall seconds, the largest peak memory (MB) and median CPU seconds over `repeat` runs of a
    command, which must end with the exit status `expect` (1 for an input the tool must refuse)."""
    times, peaks, cpus = [], [], []
    for _ in range(repeat):
        errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty run must not block on a full pipe
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
            cpus.append(usage.ru_utime + usage.ru_stime)
        else:  # Windows: no rusage
            process.wait()
            peak = float("nan")
            cpus.append(float("nan"))
        elapsed = time.perf_counter() - started
        errors.seek(0)
        error = errors.read().decode("utf-8", "replace")
        errors.close()
        if process.returncode != expect:
            raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}\n{error[-2000:]}")
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks), statistics.median(cpus)


def cli() -> list[str]:
    """The installed console command when there is one (what users run), else python -m."""
    script = Path(sys.executable).parent / ("ita-report.exe" if os.name == "nt" else "ita-report")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ita_report"]


def big_report(folder: Path, measures: int, results: int) -> Path:
    """A report folder of `measures` measures with `results` dated results each."""
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out", "preview", "measures"))
    (folder / "measures").mkdir()
    for i in range(1, measures + 1):
        lines = [f"title: มาตรการที่ {i} การเพิ่มประสิทธิภาพการดำเนินงานและการให้บริการประชาชน", "steps:"]
        lines += [f"  - ขั้นตอนที่ {s} ประชาสัมพันธ์และติดตามผลการดำเนินงานของหน่วยงานอย่างต่อเนื่อง" for s in range(1, 6)]
        lines += ["owners: [สำนักปลัด, กองคลัง]", "results:", "  round1:"]
        for r in range(1, results + 1):
            lines += [f"    - text: ดำเนินการตามมาตรการครั้งที่ {r} และรายงานผู้บริหารทราบ",
                      f"      date: {1 + r % 28} ธันวาคม 2564"]
        (folder / "measures" / f"{i:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def batch(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        shutil.copytree(EXAMPLE, folder / f"agency-{i:04d}", ignore=shutil.ignore_patterns("out", "preview"))
    return folder


def long_cell(folder: Path, lines: int, measures: int = 1) -> Path:
    """A report folder whose `lines` steps stand in one measure's cell, or spread over `measures`.
    Each step is one letter: 190,000 of them make the 1.1 MB measure of issue 12."""
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out", "preview", "measures"))
    (folder / "measures").mkdir()
    for m in range(measures):
        steps = "- ก\n" * (lines // measures)
        (folder / "measures" / f"{m:03d}.yaml").write_text(f"title: มาตรการ {m}\nsteps:\n{steps}", encoding="utf-8")
    return folder


def nested(folder: Path, count: int, depth: int) -> Path:
    """`count` report folders, one of which has a measure file nested `depth` levels deep."""
    batch(folder, count)
    (folder / "agency-0000" / "measures" / "9-deep.yaml").write_text(
        "title: x\nsuggestions: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    return folder


def table_docx(work: Path, rows: int) -> Path:
    """The measure table of a report of `rows` measures, as built (a Word file to import). Built by
    the command in its own process: this one stays small, since a child's peak memory as the system
    reports it starts from its parent's size when it was started."""
    folder = big_report(work / f"import-{rows}", rows, 2)
    subprocess.run(cli() + ["build", str(folder), "--round", "1"], check=True, capture_output=True)
    return folder / "out" / "2565-round1-table.docx"


def with_document(source: Path, target: Path, document) -> Path:
    """A copy of a .docx whose word/document.xml is written by document(stream), streamed: a bomb
    of gigabytes never sits in memory here either."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == "word/document.xml":
                with new.open("word/document.xml", "w", force_zip64=True) as stream:
                    document(stream)
            else:
                new.writestr(info.filename, old.read(info.filename))
    return target


def many_rows(rows: int):
    """A document.xml of one table with a header and `rows` small rows."""
    def write(stream) -> None:
        cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
        head = ("มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินงาน", "ข้อเสนอแนะ")
        stream.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
                      'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>ปีงบประมาณ 2565</w:t></w:r>'
                      '</w:p><w:tbl><w:tr>' + "".join(cell.format(h) for h in head) + "</w:tr>").encode())
        for start in range(0, rows, 1000):
            stream.write("".join("<w:tr>" + "".join(cell.format(f"{i}.{c}") for c in range(6)) + "</w:tr>"
                                 for i in range(start, min(rows, start + 1000))).encode())
        stream.write(b"</w:tbl></w:body></w:document>")
    return write


def bomb(size: int):
    """A document.xml of `size` bytes, nearly all one comment: it packs about a thousand to one."""
    def write(stream) -> None:
        stream.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                     b'2006/main"><!--')
        block = b" " * (1 << 20)
        for _ in range(size >> 20):
            stream.write(block)
        stream.write(b"--><w:body/></w:document>")
    return write


def slow_template(folder: Path, count: int) -> Path:
    """A batch of `count` report folders; the first one's own memo template keeps within the
    sandbox's bounds and still runs for hours."""
    batch(folder, count)
    own = folder / "agency-0000" / "templates"
    own.mkdir()
    memo = (ROOT / "templates" / "memo.j2").read_text(encoding="utf-8")
    (own / "memo.j2").write_text('{% for i in range(100000) %}{% for j in range(19) %}'
                                 '{% set n = ("ก " * 499999) | wordcount %}{% endfor %}{% endfor %}' + memo, encoding="utf-8")
    with open(folder / "agency-0000" / "report.yaml", "a", encoding="utf-8") as report:
        report.write("settings:\n  templates: templates\n")  # the example has no settings of its own
    return folder


def bounds(tiny: bool, repeat: int) -> tuple[list[Figure], list[tuple[str, str, str, bool]]]:
    """The worst cases of the bounds on hostile input (issue 12): time and peak memory of each, at
    the bound and beyond it, and the linear growth that makes the bounds hold."""
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        return _bounds(Path(tmp), tiny, repeat)


def _bounds(work: Path, tiny: bool, repeat: int) -> tuple[list[Figure], list[tuple[str, str, str, bool]]]:
    # The bounds, read in a child: importing the tool here would make every later child's peak
    # memory look as large as this process (a child's figure starts from its parent's size).
    MAX_CELL_LINES, MAX_IMPORT_ROWS, MAX_PART_BYTES = map(int, subprocess.run(
        [sys.executable, "-c", "from ita_report.content import MAX_CELL_LINES as a; from ita_report.importer import "
         "MAX_IMPORT_ROWS as b; from ita_report.wordfile import MAX_PART_BYTES as c; print(a, b, c)"],
        check=True, capture_output=True, text=True).stdout.split())
    recorder, command = Recorder(), cli()
    add = recorder.add
    print(f"bounds ({'tiny' if tiny else 'full'} sizes)")
    example = add("build the example: docx (for scale)", command + ["build", str(EXAMPLE), "-o", str(work / "h0")], repeat)

    lines = 2000 if tiny else 60_000
    unbounded = [sys.executable, "-c", "import sys; import ita_report.derive as d, ita_report.load as l; "
                 "d.MAX_CELL_LINES = l.MAX_NODES = 10**9; from ita_report.cli import main; sys.argv[0] = 'ita-report'; "
                 "main()"]
    runs = max(1, repeat // 2)  # the disk's pace varies (import writes a file per row)
    one = add(f"{lines:,} lines in one cell (bounds lifted): docx",
              unbounded + ["build", str(long_cell(work / "one-cell", lines)), "-o", str(work / "h1")], runs)
    spread = add(f"the same {lines:,} lines over 40 measures: docx",
                 unbounded + ["build", str(long_cell(work / "spread", lines, 40)), "-o", str(work / "h2")], runs)
    at_bound = add(f"{MAX_CELL_LINES:,} lines in one cell (the bound): docx",
                   command + ["build", str(long_cell(work / "at-bound", MAX_CELL_LINES)), "-o", str(work / "h3")], 1)
    steps = MAX_CELL_LINES + 1 if tiny else 190_000
    refused_steps = add(f"{steps:,} steps in one measure: refused",
                        command + ["build", str(long_cell(work / "refused", steps)), "-o", str(work / "h4")], 1, expect=1)
    deep = add("check 15 folders, one nested 600 deep", command + ["check", str(nested(work / "deep", 15, 600)),
                                                                   "--round", "1"], 1, expect=1)
    few, more = (20, 40) if tiny else (MAX_IMPORT_ROWS // 2 - 1, MAX_IMPORT_ROWS - 1)  # + the header row
    few_file, more_file = table_docx(work, few), table_docx(work, more)
    import_few = add(f"import {few:,} rows", command + ["import", str(few_file), "-o", str(work / "i1"), "--force"],
                     runs, expect=1)  # 1: the generated file has no memo to import
    import_more = add(f"import {more:,} rows (the bound)", command + ["import", str(more_file), "-o", str(work / "i2"),
                                                                      "--force"], runs, expect=1)
    seed = table_docx(work, 2)
    rows_file = with_document(seed, work / "rows.docx", many_rows(4000 if tiny else 100_000))
    refused_rows = add(f"import {4000 if tiny else 100_000:,} rows ({rows_file.stat().st_size / 1e6:.1f} MB file): refused",
                       command + ["import", str(rows_file), "-o", str(work / "i3")], 1, expect=1)
    largest = with_document(seed, work / "largest.docx", many_rows(MAX_PART_BYTES // 340))  # ~340 bytes a row
    refused_largest = add(f"import {MAX_PART_BYTES // 340:,} rows in a part just under the part bound: refused",
                          command + ["import", str(largest), "-o", str(work / "i4")], 1, expect=1)
    bombed = with_document(seed, work / "bomb.docx", bomb((40 if tiny else 1400) << 20))
    refused_bomb = add(f"import a zip bomb ({bombed.stat().st_size / 1e6:.1f} MB file, {40 if tiny else 1400:,} MB part): "
                       "refused", command + ["import", str(bombed), "-o", str(work / "i5")], 1, expect=1)
    limit = 3 if tiny else 10
    reports = 4 if tiny else 10
    stopped = add(f"batch of {reports}, one template running for hours, --report-timeout {limit}",
                  command + ["build", str(slow_template(work / "slow", reports)), "--jobs", "2", "--report-timeout",
                             str(limit)], 1, expect=1)
    refusals = [refused_steps, deep, refused_rows, refused_bomb]
    return list(recorder.figures.values()), [
        ("a row's lines in one cell / spread: time", f"{one.seconds / spread.seconds:.2f}", "<= 1.5 (linear in a row's lines)",
         one.seconds <= 1.5 * spread.seconds),
        (f"{MAX_CELL_LINES:,} lines in one cell: time / the example's, memory",
         f"{at_bound.seconds / example.seconds:.2f}, {at_bound.peak_mb:.0f} MB", "<= 3, < 150 MB",
         at_bound.seconds <= 3 * example.seconds and at_bound.peak_mb < 150),
        (f"import {more:,} / {few:,} rows: CPU time", f"{import_more.cpu / import_few.cpu:.2f}",
         "<= 2.2 (linear in rows)", import_more.cpu <= 2.2 * import_few.cpu),
        (f"import {more:,} rows: memory", f"{import_more.peak_mb:.0f} MB", "< 300 MB", import_more.peak_mb < 300),
        ("largest part refused by rows: memory", f"{refused_largest.peak_mb:.0f} MB", "< 400 MB",
         refused_largest.peak_mb < 400),
        ("refusals (steps, depth, rows, zip bomb): slowest / the example's, most memory",
         f"{max(r.seconds for r in refusals) / example.seconds:.2f}, {max(r.peak_mb for r in refusals):.0f} MB",
         "<= 3, < 100 MB", max(r.seconds for r in refusals) <= 3 * example.seconds
         and max(r.peak_mb for r in refusals) < 100),
        (f"template running for hours, --report-timeout {limit}: batch ends", f"{stopped.seconds:.1f} s",
         f"< {limit + 10} s", stopped.seconds < limit + 10),
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    soffice = shutil.which("soffice")
    office = ""
    if soffice:
        office = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
            + (f", {office}" if office else ", no LibreOffice"))


# A rebuild under --watch, driven in a child with a warm LibreOffice: the rebuild function that the
# command's watch loop runs (batch.build_many for the one folder, as cli._build_and_show calls it),
# after a save to a measure file; timed from the save until the new PDF is written.
WATCH_CHILD = """
import os, statistics, sys, time
from pathlib import Path
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from ita_report.batch import build_many
from ita_report.pipeline import Options
from ita_report.render.pdf import kept_warm
folder, out, saves = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
options = Options(formats=("pdf",))
pdf = out / "2565-round1-report.pdf"
measure = sorted((folder / "measures").glob("*.yaml"))[0]
times = []
with kept_warm():
    build_many([folder], [out], options, 1)  # LibreOffice starts here and stays
    for save in range(saves):
        before = pdf.stat().st_mtime_ns
        started = time.perf_counter()
        with open(measure, "a", encoding="utf-8") as file:
            file.write(f"# save {save}\\n")
        (outcome,) = build_many([folder], [out], options, 1)
        assert not outcome.failed and pdf.stat().st_mtime_ns != before, outcome.problems
        times.append(time.perf_counter() - started)
print(statistics.median(times))
"""


def run(tiny: bool, repeat: int, pdf: bool) -> tuple[list[Figure], list[tuple[str, str, str, bool]]]:
    sizes = {"measures": 10 if tiny else 1000, "results": 20, "batch": 10 if tiny else 500,
             "pdf_batch": 2 if tiny else 50, "jobs": 2, "lines": 2000 if tiny else 30_000}
    heavy = max(1, repeat // 2)
    command = cli()
    recorder = Recorder()
    add = recorder.add

    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        work = Path(tmp)
        template = work / "peer-template.docx"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "peer_docxtpl.py"), "--make-template", str(template)],
                       check=True)
        small = big_report(work / "small", sizes["measures"] // 10, sizes["results"])
        big = big_report(work / "big", sizes["measures"], sizes["results"])
        bigger = big_report(work / "bigger", sizes["measures"] * 10, sizes["results"])
        cell = long_cell(work / "cell", sizes["lines"])
        many = batch(work / "many", sizes["batch"])
        pdfs = batch(work / "pdfs", sizes["pdf_batch"])
        print(f"benchmarks ({'tiny' if tiny else 'full'} sizes, {repeat} repeats)")

        floor = add("floor: python -c 'import docx, jinja2, yaml, typer; from pydantic import BaseModel'",
                    [sys.executable, "-c", "import docx, jinja2, yaml, typer; from pydantic import BaseModel"], repeat)
        peer = add("peer: docxtpl script, the table alone", [sys.executable, str(ROOT / "benchmarks" / "peer_docxtpl.py"),
                                                             str(template), str(EXAMPLE), str(work / "peer.docx")], repeat)
        helped = add("ita-report --help", command + ["--help"], repeat)
        one = add("build the example: docx", command + ["build", str(EXAMPLE), "-o", str(work / "o1")], repeat)
        add("build the example: docx, html", command + ["build", str(EXAMPLE), "-o", str(work / "o2"), "-f", "docx,html"], repeat)
        if pdf:
            add("build the example: docx, html, pdf",
                command + ["build", str(EXAMPLE), "-o", str(work / "o3"), "-f", "docx,html,pdf"], heavy)
        size = f"{sizes['measures']:,} measures x {sizes['results']} results"
        smaller = add(f"{sizes['measures'] // 10:,} measures x {sizes['results']} results: docx",
                      command + ["build", str(small), "-o", str(work / "o6")], repeat)
        large = add(f"{size}: docx", command + ["build", str(big), "-o", str(work / "o4")], heavy)
        larger = add(f"{sizes['measures'] * 10:,} measures x {sizes['results']} results: docx",
                     command + ["build", str(bigger), "-o", str(work / "o5")], 1)
        unbounded = [sys.executable, "-c", "import sys; import ita_report.derive as d, ita_report.load as l; "
                     "d.MAX_CELL_LINES = l.MAX_NODES = 10**9; from ita_report.cli import main; "
                     "sys.argv[0] = 'ita-report'; main()"]
        long = add(f"{sizes['lines']:,} lines in one cell (bounds lifted): docx",
                   unbounded + ["build", str(cell), "-o", str(work / "o7")], heavy)
        jobs = ["--jobs", str(sizes["jobs"])]
        batch_all = add(f"batch of {sizes['batch']}, --jobs 2: docx", command + ["build", str(many)] + jobs, heavy)
        batch_few = add(f"batch of {sizes['pdf_batch']}, --jobs 2: docx", command + ["build", str(pdfs)] + jobs, heavy)
        pdf_batch = rebuild = None
        if pdf:
            pdf_batch = add(f"batch of {sizes['pdf_batch']}, --jobs 2: docx, pdf",
                            command + ["build", str(pdfs), "-f", "docx,pdf"] + jobs, 1)
            saves = 2 if tiny else 7
            watched = work / "watched"  # a copy: the saves change it
            shutil.copytree(EXAMPLE, watched, ignore=shutil.ignore_patterns("out", "preview"))
            rebuild = recorder.inner(f"--watch, pdf: a rebuild after a save, LibreOffice warm (median of {saves})",
                                     [sys.executable, "-c", WATCH_CHILD, str(watched), str(work / "o8"), str(saves)])

    ratio_small, ratio_large = large.seconds / smaller.seconds, larger.seconds / large.seconds
    targets = [
        ("one docx build / floor", f"{one.seconds / floor.seconds:.2f}", "<= 1.15", one.seconds <= 1.15 * floor.seconds),
        ("one docx build / peer", f"{one.seconds / peer.seconds:.2f}", "(for scale: the peer imports neither pydantic "
         "nor typer)", True),
        ("--help / floor", f"{helped.seconds / floor.seconds:.2f}", "<= 0.7", helped.seconds <= 0.7 * floor.seconds),
        (f"{size}: time", f"{large.seconds:.2f} s", "<= 2 s", large.seconds <= 2),
        (f"{size}: memory", f"{large.peak_mb:.0f} MB", "<= 150 MB", large.peak_mb <= 150),
        (f"{sizes['measures'] * 10:,} measures: time", f"{larger.seconds:.2f} s", "<= 20 s", larger.seconds <= 20),
        (f"{sizes['measures'] * 10:,} measures: memory", f"{larger.peak_mb:.0f} MB", "<= 800 MB", larger.peak_mb <= 800),
        (f"{sizes['measures']:,} / {sizes['measures'] // 10:,} measures: time", f"{ratio_small:.1f}", "<= 11",
         ratio_small <= 11),
        (f"{sizes['measures'] * 10:,} / {sizes['measures']:,} measures: time", f"{ratio_large:.1f}", "<= 11",
         ratio_large <= 11),
        (f"{sizes['lines']:,} lines in one cell: time", f"{long.seconds:.2f} s", "<= 5 s", long.seconds <= 5),
        (f"batch of {sizes['batch']}: per report", f"{batch_all.seconds / sizes['batch']:.3f} s", "< 0.05 s",
         batch_all.seconds / sizes["batch"] < 0.05),
        (f"batch memory, {sizes['batch']} vs {sizes['pdf_batch']} reports",
         f"{batch_all.peak_mb:.0f} / {batch_few.peak_mb:.0f} MB", "no growth (<= 1.2x)",
         batch_all.peak_mb <= 1.2 * batch_few.peak_mb),
    ]
    if pdf_batch is not None:
        per = pdf_batch.seconds / sizes["pdf_batch"]
        targets.append((f"batch of {sizes['pdf_batch']} with pdf: per report", f"{per:.3f} s", "<= 0.15 s", per <= 0.15))
        targets.append(("--watch, pdf: a rebuild after a save, LibreOffice warm", f"{rebuild.seconds:.2f} s", "<= 0.6 s",
                        rebuild.seconds <= 0.6))
    return list(recorder.figures.values()), targets


def table(figures: list[Figure], targets, tiny: bool, repeat: int, section: str) -> str:
    start, end = MARKS[section]
    lines = [start, "", f"Run on {dt.date.today().isoformat()}: {machine()}.",
             f"{'Tiny sizes (a check that the script works, not a measurement)' if tiny else 'Full sizes'}, "
             f"median of {repeat} runs (heavy cases: fewer).", "",
             "| what | median | CPU | peak memory | runs |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {f.name} | {f.seconds:.3f} s | {f.cpu:.2f} s | {f.peak_mb:.0f} MB | {f.runs} |" for f in figures]
    lines += ["", "| target | measured | must be | met |", "| --- | ---: | --- | --- |"]
    lines += [f"| {name} | {value} | {limit} | {'yes' if ok else '**no**'} |" for name, value, limit, ok in targets]
    return "\n".join(lines + ["", end])


def write(path: Path, block: str, section: str) -> None:
    """Replaces a section's generated block of results.md, keeping the notes written around it."""
    start, end = MARKS[section]
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in old and end in old:
        new = old[:old.index(start)] + block + old[old.index(end) + len(end):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="small sizes and one repeat: checks that the script works")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 7, tiny 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the LibreOffice figures")
    parser.add_argument("--only", choices=sorted(MARKS), help="run one section: speed, or the bounds on hostile input")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.tiny else 7)
    pdf = not args.no_pdf and shutil.which("soffice") is not None
    sections = ["speed", "bounds"] if args.only is None else [args.only]
    for section in sections:
        figures, targets = run(args.tiny, repeat, pdf) if section == "speed" else bounds(args.tiny, repeat)
        print()
        for name, value, limit, ok in targets:
            print(f"  {name:<44} {value:>14}   target {limit:<28} {'ok' if ok else 'NOT MET'}")
        write(args.out, table(figures, targets, args.tiny, repeat, section), section)
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
