"""Stage 5, write: output files are written whole or not at all. Each file goes to a temporary file
in the same folder and is renamed into place only when every file of the build is ready, so a failed
or interrupted build leaves the earlier outputs as they were. A file that another program holds open
(Word on Windows) is named in the error, and the others of the build are still put in place.

A build that is killed, or a machine that stops, can leave a temporary file behind: each carries
the tool's name and its process id, and the next write into that folder removes those whose process
is gone (the next scratch folder does the same in the system's temporary folder). A full disk is
named as such, and its half-written temporary file removed."""
from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from .problems import Problem, UserError, display_path
from .process import file_mode


def _problem(code: str, th: str, en: str, path: Path) -> UserError:
    return UserError([Problem(code, th, en, file=display_path(path))])


def _prepare_folder(folder: Path, created: list[Path]) -> None:
    """The folder made where it is missing; the folders this made are added to `created`, so that a
    write that fails can take them away again (an init that failed left an empty folder behind)."""
    if folder.exists() and not folder.is_dir():
        raise _problem("output-not-folder", "ที่เก็บผลลัพธ์ (-o) เป็นไฟล์ ไม่ใช่โฟลเดอร์ ให้ระบุโฟลเดอร์",
                       "The output path (-o) is a file, not a folder.", folder)
    missing, here = [], folder
    while not here.exists() and not here.is_symlink() and here.parent != here:
        missing.append(here)
        here = here.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        created += reversed(missing)
    except OSError as exc:
        raise _problem("output-unwritable", f"สร้างโฟลเดอร์ผลลัพธ์ไม่ได้: {exc.strerror}",
                       f"Cannot create the output folder: {exc.strerror}", folder) from None


TEMP_TAG = "ita-report"
_TEMPORARY = re.compile(rf"^\..+\.{TEMP_TAG}-(\d+)-[A-Za-z0-9_]+\.tmp$")


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside `target`, named for this tool and this process."""
    return tempfile.mkstemp(prefix=f".{target.name}.{TEMP_TAG}-{os.getpid()}-", suffix=".tmp", dir=target.parent)


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs on this machine (a process we cannot see counts as running)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # (as os.name == "nt", in a form type checkers read)
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_stale_temporaries(folder: Path, pattern: re.Pattern = _TEMPORARY, folders: bool = False) -> list[Path]:
    """Removes the temporary files (or, with folders, scratch folders) that runs of this tool left in
    `folder` when they were killed: names that `pattern` matches, whose process (its first group) is
    gone; nothing else is touched. Returns what was removed."""
    import shutil

    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = pattern.match(entry.name)
        if (not found or entry.is_symlink() or entry.is_dir(follow_symlinks=False) != folders
                or process_alive(int(found.group(1)))):
            continue
        try:
            if folders:
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


_SCRATCH = re.compile(rf"^{TEMP_TAG}-(\d+)-[A-Za-z0-9_]+$")


def scratch_folder() -> tempfile.TemporaryDirectory:
    """A scratch folder in the system's temporary folder, named for this tool and this process, after
    removing those that killed runs left (an import killed half-way left 787 MB there)."""
    remove_stale_temporaries(Path(tempfile.gettempdir()), _SCRATCH, folders=True)
    return tempfile.TemporaryDirectory(prefix=f"{TEMP_TAG}-{os.getpid()}-")


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _target(folder: Path, name: str) -> Path:
    """Where a file named `name` goes: always under `folder`. A name that is absolute or climbs out
    with "..", or a subfolder on the way that is a symbolic link, is refused: nothing is ever written
    through a link or beside the folder (rollover copies names it read from another folder)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor or ".." in parts:
        raise _problem("output-outside", f"ไม่เขียนไฟล์ “{name}” เพราะอยู่นอกโฟลเดอร์ผลลัพธ์",
                       f"Not writing '{name}': it lies outside the output folder.", folder)
    step = folder
    for part in parts[:-1]:
        step = step / part
        if step.is_symlink():
            raise _problem("output-link", "โฟลเดอร์ย่อยนี้เป็นลิงก์ (symbolic link) ที่ชี้ไปที่อื่น จึงไม่เขียนผ่านลิงก์นั้น ให้ลบลิงก์ออก",
                           "This subfolder is a symbolic link pointing elsewhere: nothing is written through it. "
                           "Remove the link.", step)
    return folder.joinpath(*parts)


def write_files(folder: Path, files: dict[str, bytes], durable: bool = True) -> list[Path]:
    """Writes every file or none; returns the paths written, in the given order. A file already there
    as a symbolic link is replaced by the new file, never written through. Each file reaches the disk
    before it is renamed into place, unless not `durable` (a scratch folder)."""
    targets = {name: _target(folder, name) for name in files}
    created: list[Path] = []
    _prepare_folder(folder, created)
    mode = file_mode()
    staged: list[tuple[Path, Path]] = []
    cleaned: set[Path] = set()
    try:
        for name, data in files.items():
            target = targets[name]
            if target.parent != folder:  # a file in a subfolder (measures/…, schemas/…)
                _prepare_folder(target.parent, created)
            if target.parent not in cleaned:
                remove_stale_temporaries(target.parent)
                cleaned.add(target.parent)
            if target.is_dir() and not target.is_symlink():
                raise _problem("output-is-folder", "มีโฟลเดอร์ชื่อเดียวกับไฟล์ผลลัพธ์อยู่แล้ว ให้ย้ายหรือเปลี่ยนชื่อโฟลเดอร์นั้น",
                               "A folder has the output file's name: move or rename it.", target)
            try:
                fd, temporary = _temporary(target)
                staged.append((Path(temporary), target))  # before writing: a failed write is removed too
                with os.fdopen(fd, "wb") as handle:
                    os.chmod(temporary, mode)
                    handle.write(data)
                    handle.flush()
                    if durable:
                        os.fsync(handle.fileno())
            except OSError as exc:
                if exc.errno in _DISK_FULL:
                    raise _problem("output-disk-full", "ดิสก์เต็ม เขียนไฟล์ผลลัพธ์ไม่ได้ ไฟล์ผลลัพธ์เดิมยังอยู่ครบ "
                                   "ให้ลบไฟล์ที่ไม่ใช้ออกหรือเลือกโฟลเดอร์อื่น (-o) แล้วสั่งใหม่", "The disk is full: the "
                                   "output files cannot be written (the earlier ones are as they were). Free some space "
                                   "or choose another folder (-o), and run again.", folder) from None
                raise _problem("output-unwritable", f"เขียนไฟล์ในโฟลเดอร์ผลลัพธ์ไม่ได้: {exc.strerror}",
                               f"Cannot write in the output folder: {exc.strerror}", folder) from None
        locked: list[Problem] = []
        done: list[Path] = []
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
                done.append(target)
            except PermissionError:  # Word holds it (Windows), or it is read-only: the others still go in
                locked.append(Problem(
                    "output-locked", "แทนที่ไฟล์นี้ไม่ได้ เพราะเปิดค้างอยู่ในโปรแกรมอื่น (เช่น Word) หรือไม่มีสิทธิ์เขียน "
                    "ให้ปิดไฟล์ใน Word แล้วสั่งใหม่", "Cannot replace this file: another program (such as Word) holds "
                    "it open, or it is read-only. Close it in Word and run again.", file=display_path(target)))
            except OSError as exc:
                locked.append(Problem("output-unwritable", f"เขียนไฟล์ไม่ได้: {exc.strerror}",
                                      f"Cannot write the file: {exc.strerror}", file=display_path(target)))
        if locked:
            raise UserError(locked, done)
    finally:
        for tmp, _ in staged:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass  # the next write into this folder removes it
        if sys.exc_info()[0] is not None:  # failed: the folders this write made go, unless a file went in
            for made in reversed(created):
                try:
                    made.rmdir()
                except OSError:
                    pass
    return [target for _, target in staged]
