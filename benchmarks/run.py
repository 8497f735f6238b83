"""Benchmarks: how long ita-report takes and how much memory it needs, beside what Python and its
libraries cost before any work (the floor) and a plain docxtpl script (the peer), all timed the same
way in the same run, so that ratios hold even on a busy machine.

    python benchmarks/run.py                 # full sizes; writes benchmarks/results.md
    python benchmarks/run.py --tiny --out X  # small sizes, one repeat (the test suite runs this)

Each figure is the median wall time of repeated runs of a separate process, and the peak resident
memory of that process and its children (wait4's rusage). Needs the test extras (docxtpl for the
peer) and, for the PDF figures, LibreOffice."""
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

START, END = "<!-- results: written by benchmarks/run.py -->", "<!-- /results -->"


@dataclass
class Figure:
    name: str
    seconds: float
    peak_mb: float
    runs: int


def measure(command: list[str], repeat: int, cwd: Path | None = None, env: dict | None = None) -> tuple[float, float]:
    """Median wall seconds and the largest peak memory (MB) over `repeat` runs of a command."""
    times, peaks = [], []
    for _ in range(repeat):
        errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty run must not block on a full pipe
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # Windows: no rusage
            process.wait()
            peak = float("nan")
        elapsed = time.perf_counter() - started
        errors.seek(0)
        error = errors.read().decode("utf-8", "replace")
        errors.close()
        if process.returncode != 0:
            raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}\n{error[-2000:]}")
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


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


def run(tiny: bool, repeat: int, pdf: bool) -> tuple[list[Figure], list[tuple[str, str, str, bool]]]:
    sizes = {"measures": 10 if tiny else 1000, "results": 20, "batch": 10 if tiny else 500,
             "pdf_batch": 2 if tiny else 50, "jobs": 2}
    heavy = max(1, repeat // 2)
    command = cli()
    figures: dict[str, Figure] = {}

    def add(name: str, cmd: list[str], times: int, **kwargs) -> Figure:
        seconds, peak = measure(cmd, times, **kwargs)
        figures[name] = Figure(name, seconds, peak, times)
        print(f"  {name:<44} {seconds:8.3f} s {peak:8.1f} MB", flush=True)
        return figures[name]

    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        work = Path(tmp)
        template = work / "peer-template.docx"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "peer_docxtpl.py"), "--make-template", str(template)],
                       check=True)
        big = big_report(work / "big", sizes["measures"], sizes["results"])
        bigger = big_report(work / "bigger", sizes["measures"] * 10, sizes["results"])
        many = batch(work / "many", sizes["batch"])
        pdfs = batch(work / "pdfs", sizes["pdf_batch"])
        print(f"benchmarks ({'tiny' if tiny else 'full'} sizes, {repeat} repeats)")

        floor = add("floor: python -c 'import docx, jinja2, yaml, pydantic, typer'",
                    [sys.executable, "-c", "import docx, jinja2, yaml, pydantic, typer"], repeat)
        peer = add("peer: docxtpl script, the table alone", [sys.executable, str(ROOT / "benchmarks" / "peer_docxtpl.py"),
                                                             str(template), str(EXAMPLE), str(work / "peer.docx")], repeat)
        helped = add("ita-report --help", command + ["--help"], repeat)
        one = add("build the example: docx", command + ["build", str(EXAMPLE), "-o", str(work / "o1")], repeat)
        add("build the example: docx, html", command + ["build", str(EXAMPLE), "-o", str(work / "o2"), "-f", "docx,html"], repeat)
        if pdf:
            add("build the example: docx, html, pdf",
                command + ["build", str(EXAMPLE), "-o", str(work / "o3"), "-f", "docx,html,pdf"], heavy)
        size = f"{sizes['measures']:,} measures x {sizes['results']} results"
        large = add(f"{size}: docx", command + ["build", str(big), "-o", str(work / "o4")], heavy)
        larger = add(f"{sizes['measures'] * 10:,} measures x {sizes['results']} results: docx",
                     command + ["build", str(bigger), "-o", str(work / "o5")], 1)
        jobs = ["--jobs", str(sizes["jobs"])]
        batch_all = add(f"batch of {sizes['batch']}, --jobs 2: docx", command + ["build", str(many)] + jobs, heavy)
        batch_few = add(f"batch of {sizes['pdf_batch']}, --jobs 2: docx", command + ["build", str(pdfs)] + jobs, heavy)
        pdf_batch = None
        if pdf:
            pdf_batch = add(f"batch of {sizes['pdf_batch']}, --jobs 2: docx, pdf",
                            command + ["build", str(pdfs), "-f", "docx,pdf"] + jobs, 1)

    targets = [
        ("one docx build / floor", f"{one.seconds / floor.seconds:.2f}", "<= 1.6", one.seconds <= 1.6 * floor.seconds),
        ("one docx build / peer", f"{one.seconds / peer.seconds:.2f}", "<= 1 (no slower than the peer)",
         one.seconds <= peer.seconds),
        ("--help / floor", f"{helped.seconds / floor.seconds:.2f}", "<= 0.7", helped.seconds <= 0.7 * floor.seconds),
        (f"{size}: time", f"{large.seconds:.2f} s", "< 3 s", large.seconds < 3),
        (f"{size}: memory", f"{large.peak_mb:.0f} MB", "< 200 MB", large.peak_mb < 200),
        ("10x the measures / 1x: time", f"{larger.seconds / large.seconds:.1f}", "<= 11", larger.seconds <= 11 * large.seconds),
        (f"batch of {sizes['batch']}: per report", f"{batch_all.seconds / sizes['batch']:.3f} s", "< 0.05 s",
         batch_all.seconds / sizes["batch"] < 0.05),
        (f"batch memory, {sizes['batch']} vs {sizes['pdf_batch']} reports",
         f"{batch_all.peak_mb:.0f} / {batch_few.peak_mb:.0f} MB", "no growth (<= 1.2x)",
         batch_all.peak_mb <= 1.2 * batch_few.peak_mb),
    ]
    if pdf_batch is not None:
        pdf_per = (pdf_batch.seconds - batch_few.seconds) / sizes["pdf_batch"]
        targets.append((f"pdf in a batch of {sizes['pdf_batch']}: per report", f"{pdf_per:.3f} s", "< 0.5 s", pdf_per < 0.5))
    return list(figures.values()), targets


def table(figures: list[Figure], targets, tiny: bool, repeat: int) -> str:
    lines = [START, "", f"Run on {dt.date.today().isoformat()}: {machine()}.",
             f"{'Tiny sizes (a check that the script works, not a measurement)' if tiny else 'Full sizes'}, "
             f"median of {repeat} runs (heavy cases: fewer).", "",
             "| what | median | peak memory | runs |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {f.name} | {f.seconds:.3f} s | {f.peak_mb:.0f} MB | {f.runs} |" for f in figures]
    lines += ["", "| target | measured | must be | met |", "| --- | ---: | --- | --- |"]
    lines += [f"| {name} | {value} | {limit} | {'yes' if ok else '**no**'} |" for name, value, limit, ok in targets]
    return "\n".join(lines + ["", END])


def write(path: Path, block: str) -> None:
    """Replaces the generated block of results.md, keeping the notes written around it."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n" + START + "\n" + END + "\n"
    if START in old and END in old:
        new = old[:old.index(START)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="small sizes and one repeat: checks that the script works")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 7, tiny 1)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the LibreOffice figures")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.tiny else 7)
    pdf = not args.no_pdf and shutil.which("soffice") is not None
    figures, targets = run(args.tiny, repeat, pdf)
    print()
    for name, value, limit, ok in targets:
        print(f"  {name:<44} {value:>14}   target {limit:<28} {'ok' if ok else 'NOT MET'}")
    write(args.out, table(figures, targets, args.tiny, repeat))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
