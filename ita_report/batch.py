"""Many report folders at once: each built in a worker process (the libraries imported once per
worker, not once per report), one broken folder never stopping the others, and the PDFs of all
reports made by a few shared LibreOffice runs instead of one per report.

No report can sink the others: each has a time limit (--report-timeout), a worker that dies (killed,
out of memory) or overruns is replaced and only its report fails, and `check` reports an unexpected
error as that folder's own."""
from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generic, TypeVar

from .stages import Options, Outcome, ReportTimeout, build_one, finish_pdf, prepare, time_limit, timeout_problem
from . import process
from .problems import Problem, UserError, display_path, internal_error

if TYPE_CHECKING:
    from multiprocessing.connection import _ConnectionBase  # Connection, or PipeConnection on Windows
    from multiprocessing.process import BaseProcess

# A worker whose report overran its time limit by this much more is killed (the limit itself is kept
# inside the worker, which ends the report with a message; this is for work that does not stop).
KILL_GRACE = 10.0


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


def check_one(folder: Path, options: Options) -> Outcome:
    """What `check` finds in one folder, never raising: its errors (failed), else its warnings and
    notes. A bug or a time-out in one folder is that folder's problem; the others are still checked."""
    outcome = Outcome(folder, folder)
    try:
        with time_limit(options.report_timeout):
            outcome.problems = prepare(folder, options.round, options.today, options.own_templates,
                                       options.documents).warnings
    except UserError as exc:
        outcome.problems, outcome.failed = list(exc.problems), True
    except ReportTimeout as exc:
        outcome.problems, outcome.failed = [timeout_problem(folder, exc.seconds)], True
    except Exception:
        outcome.problems, outcome.failed = [internal_error(folder)], True
    return outcome


def _pdf_runs(outcomes: list[Outcome], options: Options, jobs: int) -> None:
    """The deferred PDFs in `jobs` LibreOffice runs side by side, each with its own profile."""
    waiting = [o for o in outcomes if o.pending is not None]
    if not waiting:
        return
    import concurrent.futures as cf

    runs = max(1, min(jobs, len(waiting)))
    groups = [waiting[i::runs] for i in range(runs)]
    with cf.ThreadPoolExecutor(max_workers=runs) as pool:
        list(pool.map(lambda group: finish_pdf(group, [o.pending for o in group], options), groups))
    for outcome in waiting:
        outcome.pending = None


def default_jobs() -> int:
    return os.cpu_count() or 1


def build_many(folders: list[Path], outs: list[Path], options: Options, jobs: int | None = None,
               progress: Callable[[int, int, Outcome], None] | None = None) -> list[Outcome]:
    """Builds every folder; more than one in worker processes (see run_in_workers). Outcomes come back
    in the given order."""
    jobs = max(1, jobs or default_jobs())
    if len(folders) > 1:
        process.collector_on()  # a batch's parent lives long enough for its workers' cycles to matter
    defer = "pdf" in options.formats
    total = len(folders)
    outcomes: list[Outcome | None] = [None] * total
    count = 0

    def done(index: int, outcome: Outcome) -> None:
        nonlocal count
        count += 1
        outcome.warnings = sum(p.severity == "warning" for p in outcome.problems)
        if total > 1 and not outcome.failed:
            outcome.problems = []  # memory stays flat however many reports; `check` shows them
        outcomes[index] = outcome
        if progress:
            progress(count, total, outcome)

    if total == 1:
        done(0, build_one(folders[0], outs[0], options, defer))
    else:
        tasks = [(folder, outs[i], options, defer) for i, folder in enumerate(folders)]

        def lost(index: int, exit_code: int | None) -> Outcome:
            limit = options.report_timeout  # a worker is only ever stopped for overrunning one
            problem = (timeout_problem(folders[index], limit) if exit_code is None and limit is not None
                       else died_problem(folders[index], exit_code))
            return Outcome(folders[index], outs[index], failed=True, problems=[problem])

        run_in_workers(build_one, tasks, jobs, options.report_timeout, done, lost)
    finished = [o for o in outcomes if o is not None]
    _pdf_runs(finished, options, jobs)
    return finished


# ---------------------------------------------------------------- worker processes

def _serve(connection) -> None:
    """A worker: runs the tasks it is sent, one at a time, until it is sent None."""
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it ends the workers
    while True:
        task = connection.recv()
        if task is None:
            return
        work, args = task  # unpickling `work` imports its module: a new worker's start-up
        connection.send(_Started())  # the task's time runs from here
        connection.send(work(*args))


class _Started:
    """What a worker answers first when it takes a task: the task's time runs from then."""


R = TypeVar("R")  # what the work of one task returns


@dataclass
class _Worker(Generic[R]):
    process: BaseProcess
    connection: _ConnectionBase[tuple[Callable[..., R], tuple] | None, R | _Started]  # sends tasks, gets answers
    task: int | None = None  # the index of the task it runs
    started: float = 0.0


def run_in_workers(work: Callable[..., R], tasks: list[tuple], jobs: int, timeout: float | None,
                   done: Callable[[int, R], None], lost: Callable[[int, int | None], R]) -> None:
    """Runs work(*task) for every task in up to `jobs` worker processes and calls done(index, result)
    as each ends, in the order they end. A worker that dies (killed, out of memory) or overruns its
    task's time limit by KILL_GRACE (counted from when the worker took the task, its start-up apart)
    is replaced; only its task fails, with lost(index, the worker's exit code or None when it
    overran) as its result, and the rest go on. Workers are started by spawn, as on Windows and
    macOS, so the behaviour is the same everywhere; `work` must be a module-level function."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("spawn")
    waiting = list(range(len(tasks)))[::-1]  # popped from the end: first task first
    workers: list[_Worker[R]] = []

    def start() -> _Worker[R]:
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child,), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def retire(worker: _Worker[R]) -> None:
        workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()

    try:
        while waiting or any(w.task is not None for w in workers):
            while waiting and len(workers) < min(jobs, len(tasks)):
                workers.append(start())
            for worker in workers:
                if worker.task is None and waiting:
                    worker.task, worker.started = waiting.pop(), time.monotonic()
                    worker.connection.send((work, tasks[worker.task]))
            busy = [(w, w.task) for w in workers if w.task is not None]
            limit = None
            if timeout:
                limit = max(0.0, min(w.started for w, _ in busy) + timeout + KILL_GRACE - time.monotonic())
            ready = set(wait([w.connection for w, _ in busy] + [w.process.sentinel for w, _ in busy], limit))
            for worker, index in busy:
                if worker.connection in ready:
                    try:
                        result = worker.connection.recv()
                    except (EOFError, OSError):  # died while answering
                        retire(worker)  # joined: its exit code is known
                        result = lost(index, worker.process.exitcode)
                    else:
                        if isinstance(result, _Started):
                            worker.started = time.monotonic()
                            continue
                        worker.task = None
                    done(index, result)
                elif worker.process.sentinel in ready:  # died without an answer
                    retire(worker)
                    done(index, lost(index, worker.process.exitcode))
                elif timeout and time.monotonic() - worker.started > timeout + KILL_GRACE:
                    retire(worker)
                    done(index, lost(index, None))
    finally:
        for worker in list(workers):
            if worker.task is None and worker.process.is_alive():
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
                worker.process.join(5)
            retire(worker)


def died_problem(folder: Path, code: int | None) -> Problem:
    """The worker building this folder's report ended without an answer, with this exit code."""
    killed = code is not None and code < 0 and -code == getattr(signal, "SIGKILL", None)
    th_why = "ถูกระบบหยุด (มักเพราะหน่วยความจำไม่พอ)" if killed else f"หยุดทำงานกลางคัน (รหัส {code})"
    en_why = "was killed (most often for lack of memory)" if killed else f"stopped (exit code {code})"
    return Problem("worker-failed", f"กระบวนการที่สร้างรายงานนี้{th_why} รายงานอื่นสร้างต่อตามปกติ "
                   "ให้สั่งสร้างรายงานนี้ใหม่ ถ้ายังเป็นอีก ให้ตรวจว่าไฟล์ในโฟลเดอร์ใหญ่ผิดปกติหรือไม่",
                   f"The process building this report {en_why}; the other reports went on. Build this "
                   "report again; if it happens again, look for unusually large files in its folder.",
                   file=display_path(folder))
