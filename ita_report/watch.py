"""--watch: rebuild a report whenever one of its files changes, for a person editing the YAML with the
documents open beside it. Polls the files' sizes and times (twice a second): no extra library, and
the same on Windows, macOS and network drives, where change notifications are unreliable."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from . import process
from .load import MEASURES_DIR, REPORT_FILE, RESULTS_FILE

WATCHED = (".yaml", ".yml", ".docx", ".j2", ".png", ".jpg", ".jpeg")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """The report's inputs (report.yaml, measures, ita-results.yaml, its own templates, the emblem) with
    size and time.
    The output folder is not looked at, so a build does not trigger the next one."""
    files = [folder / REPORT_FILE, folder / RESULTS_FILE, *(folder / MEASURES_DIR).glob("*")]
    for sub in folder.iterdir() if folder.is_dir() else []:
        if sub.is_dir() and sub.name not in (MEASURES_DIR, "out") and not sub.name.startswith("."):
            files += [p for p in sub.rglob("*") if p.suffix.lower() in WATCHED]
    files += [p for p in folder.glob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg")]
    state = {}
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file() and not path.name.startswith((".", "~$")):
            state[str(path)] = (info.st_size, info.st_mtime_ns)
    return state


def watch(folder: Path, rebuild: Callable[[], bool], say: Callable[[str], None], language: str = "th",
          interval: float = 0.5, rounds: int | None = None) -> None:
    """Builds once, then again after each change, until Ctrl+C (or `rounds` polls, for tests)."""
    th = language != "en"
    seen = snapshot(folder)  # before building: an edit saved during the build triggers the next one
    rebuild()
    say("กำลังเฝ้าดูการแก้ไขไฟล์ (กด Ctrl+C เพื่อหยุด)" if th else "Watching for changes (Ctrl+C to stop).")
    polls = 0
    try:
        while rounds is None or polls < rounds:
            time.sleep(interval)
            polls += 1
            now = snapshot(folder)
            if now == seen:
                continue
            changed = sorted(set(now.items()) ^ set(seen.items()))
            names = sorted({Path(name).name for name, _ in changed})
            say(("มีการแก้ไข: " if th else "changed: ") + ", ".join(names))
            time.sleep(interval / 2)  # let an editor finish saving
            seen = snapshot(folder)
            rebuild()
            process.collect()
    except KeyboardInterrupt:
        say("หยุดเฝ้าดูแล้ว" if th else "Stopped watching.")
