"""The process-wide switches, in one place: Python's cycle collector, and the file mode new files get.

A command lives for seconds and makes few reference cycles: collecting them while a large report's
objects pile up costs more than it frees, so `ita-report` runs with the collector off (`quiet_collector`,
called once by cli.main). What lives longer turns it back on or collects: a batch's parent
(`collector_on`), `--watch` after each rebuild (`collect`). Library use (tests, scripts) keeps
Python's default unless it asks."""
from __future__ import annotations

import gc
import os


def quiet_collector() -> None:
    gc.disable()


def collector_on() -> None:
    gc.enable()


def collect() -> None:
    gc.collect()


def _umask() -> int:
    """The process's umask. Linux says it in /proc (read, not set); elsewhere os.umask must set it to
    learn it, and sets it back at once — done once, when this module is first imported, on the
    command's main thread before any other thread writes files."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _umask()


def file_mode() -> int:
    """What a plainly created file gets (mkstemp's own files are private to the owner)."""
    return 0o666 & ~UMASK
