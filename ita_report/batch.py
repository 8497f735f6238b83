"""Many report folders at once: each built in a worker process (the libraries imported once per
worker, not once per report), one broken folder never stopping the others, and the PDFs of all
reports made by a few shared LibreOffice runs instead of one per report."""
from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .pipeline import Options, Rendered, build_documents, to_pdf
from .problems import Problem, UserError, display_path


@dataclass
class Outcome:
    """What became of one report folder."""

    folder: Path
    out: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors when failed, else warnings and notes
    failed: bool = False
    pending: Rendered | None = None  # .docx waiting for the shared PDF run
    warnings: int = 0  # how many warnings (a batch keeps the count, not the warnings, of a report built)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def output_folders(folders: list[Path], out: Path | None) -> list[Path]:
    """Each report's output folder: REPORT_DIR/out, or with -o, OUT itself for one report and
    OUT/<folder name> for many. Raises UserError when two reports would share one."""
    if out is None:
        targets = [folder / "out" for folder in folders]
    elif len(folders) == 1:
        targets = [out]
    else:
        targets = [out / folder.resolve().name for folder in folders]
    seen: dict[Path, Path] = {}
    for folder, target in zip(folders, targets):
        key = target.resolve()
        if key in seen and seen[key].resolve() != folder.resolve():
            raise UserError([Problem(
                "same-output", f"รายงาน {display_path(seen[key])} และ {display_path(folder)} จะเขียนลงโฟลเดอร์ผลลัพธ์เดียวกัน "
                f"({display_path(target)}) ให้เปลี่ยนชื่อโฟลเดอร์หนึ่ง หรือไม่ต้องใช้ -o",
                f"Reports {display_path(seen[key])} and {display_path(folder)} would write to the same output folder "
                f"({display_path(target)}): rename one, or leave out -o.")])
        seen[key] = folder
    return targets


def build_one(folder: Path, out: Path, options: Options, defer_pdf: bool) -> Outcome:
    """One report, never raising: its problems come back in the Outcome. With defer_pdf the .docx to
    convert come back too; otherwise the PDF is made here."""
    outcome = Outcome(folder, out)
    try:
        outcome.written, outcome.problems, rendered = build_documents(folder, options, out)
        if rendered.to_pdf:
            if defer_pdf:
                outcome.pending = rendered
            else:
                _finish_pdf([outcome], [rendered], options)
    except UserError as exc:
        outcome.problems, outcome.failed = list(exc.problems), True
        outcome.written += exc.written
    except Exception:  # a bug: reported with its traceback, and the other reports go on
        outcome.failed = True
        outcome.problems = [Problem("internal-error", "ข้อผิดพลาดภายในโปรแกรม (โปรดแจ้งผู้พัฒนา พร้อมข้อความนี้): "
                                    + traceback.format_exc(), "Internal error (please report it with this text): "
                                    + traceback.format_exc(), file=display_path(folder))]
    return outcome


def _finish_pdf(outcomes: list[Outcome], rendered: list[Rendered], options: Options) -> None:
    """Converts the reports' .docx in one LibreOffice run and writes each report's PDF beside its
    other files. A document LibreOffice fails on marks its own report only."""
    from .write import write_files

    try:
        pdfs = to_pdf(rendered, options.soffice, options.timeout)
    except UserError as exc:
        for outcome in outcomes:
            outcome.failed = True
            outcome.problems = list(exc.problems) + outcome.problems
        return
    for outcome, made in zip(outcomes, pdfs):
        if any(p.severity == "error" for p in made.problems):
            outcome.failed = True  # this report's PDF only; its other files are written
        outcome.problems = made.problems + outcome.problems
        try:
            outcome.written += write_files(outcome.out, made.files) if made.files else []
        except UserError as exc:
            outcome.failed = True
            outcome.problems = list(exc.problems) + outcome.problems


def _pdf_runs(outcomes: list[Outcome], options: Options, jobs: int) -> None:
    """The deferred PDFs in `jobs` LibreOffice runs side by side, each with its own profile."""
    waiting = [o for o in outcomes if o.pending is not None]
    if not waiting:
        return
    import concurrent.futures as cf

    runs = max(1, min(jobs, len(waiting)))
    groups = [waiting[i::runs] for i in range(runs)]
    with cf.ThreadPoolExecutor(max_workers=runs) as pool:
        list(pool.map(lambda group: _finish_pdf(group, [o.pending for o in group], options), groups))
    for outcome in waiting:
        outcome.pending = None


def default_jobs() -> int:
    return os.cpu_count() or 1


def build_many(folders: list[Path], outs: list[Path], options: Options, jobs: int | None = None,
               progress: Callable[[int, int, Outcome], None] | None = None) -> list[Outcome]:
    """Builds every folder, in parallel worker processes when jobs > 1 (started by spawn, as on
    Windows and macOS, so the behaviour is the same everywhere). Outcomes come back in the given order."""
    jobs = max(1, jobs or default_jobs())
    if len(folders) > 1:
        import gc

        gc.enable()  # a batch's parent lives long enough for its futures' cycles to matter
    defer = "pdf" in options.formats
    total = len(folders)
    outcomes: list[Outcome | None] = [None] * total

    def done(index: int, outcome: Outcome, count: int) -> None:
        outcome.warnings = sum(p.severity == "warning" for p in outcome.problems)
        if total > 1 and not outcome.failed:
            outcome.problems = []  # memory stays flat however many reports; `check` shows them
        outcomes[index] = outcome
        if progress:
            progress(count, total, outcome)

    if jobs == 1 or total == 1:
        for count, (i, folder) in enumerate(enumerate(folders), 1):
            done(i, build_one(folder, outs[i], options, defer), count)
    else:
        import concurrent.futures as cf
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with cf.ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=context) as pool:
            futures = {pool.submit(build_one, folder, outs[i], options, defer): i for i, folder in enumerate(folders)}
            for count, future in enumerate(cf.as_completed(futures), 1):
                i = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker itself died (out of memory, killed)
                    outcome = Outcome(folders[i], outs[i], failed=True, problems=[Problem(
                        "worker-failed", f"กระบวนการที่สร้างรายงานนี้หยุดทำงาน ({exc!r}) ให้สั่งใหม่",
                        f"The process building this report stopped ({exc!r}): run again.",
                        file=display_path(folders[i]))])
                done(i, outcome, count)
    finished = [o for o in outcomes if o is not None]
    _pdf_runs(finished, options, jobs)
    return finished
