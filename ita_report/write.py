"""Stage 5, write: output files are written whole or not at all. Each file goes to a temporary file
in the same folder and is renamed into place only when every file of the build is ready, so a failed
or interrupted build leaves the earlier outputs as they were. A file that another program holds open
(Word on Windows) is named in the error, and the others of the build are still put in place."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from .problems import Problem, UserError, display_path


def _problem(code: str, th: str, en: str, path: Path) -> UserError:
    return UserError([Problem(code, th, en, file=display_path(path))])


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise _problem("output-not-folder", "ที่เก็บผลลัพธ์ (-o) เป็นไฟล์ ไม่ใช่โฟลเดอร์ ให้ระบุโฟลเดอร์",
                       "The output path (-o) is a file, not a folder.", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _problem("output-unwritable", f"สร้างโฟลเดอร์ผลลัพธ์ไม่ได้: {exc.strerror}",
                       f"Cannot create the output folder: {exc.strerror}", folder) from None


def _file_mode() -> int:
    """What a plainly created file gets (mkstemp's own files are private to the owner)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
    _prepare_folder(folder)
    mode = _file_mode()
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = targets[name]
            if target.parent != folder:  # a file in a subfolder (measures/…, schemas/…)
                _prepare_folder(target.parent)
            if target.is_dir() and not target.is_symlink():
                raise _problem("output-is-folder", "มีโฟลเดอร์ชื่อเดียวกับไฟล์ผลลัพธ์อยู่แล้ว ให้ย้ายหรือเปลี่ยนชื่อโฟลเดอร์นั้น",
                               "A folder has the output file's name: move or rename it.", target)
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                os.chmod(tmp, mode)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    if durable:
                        os.fsync(handle.fileno())
            except OSError as exc:
                raise _problem("output-unwritable", f"เขียนไฟล์ในโฟลเดอร์ผลลัพธ์ไม่ได้: {exc.strerror}",
                               f"Cannot write in the output folder: {exc.strerror}", folder) from None
            staged.append((Path(tmp), target))
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
            if tmp.exists():
                tmp.unlink()
    return [target for _, target in staged]
