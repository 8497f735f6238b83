"""PDF through LibreOffice: the built .docx files converted by `soffice --headless`, many in one call
(LibreOffice's start is most of the cost), each call with its own profile folder and a time limit.

Where soffice is: the --soffice option, then $ITA_REPORT_SOFFICE, then PATH, then where the
installers put it on Windows and macOS."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..problems import Problem, UserError, display_path

SOFFICE_ENV = "ITA_REPORT_SOFFICE"
DEFAULT_TIMEOUT = 180.0
INSTALL_HINT_TH = (
    "ติดตั้ง LibreOffice และฟอนต์ไทย: Debian/Ubuntu สั่ง `sudo apt-get install libreoffice-writer-nogui fonts-thai-tlwg`, "
    "Windows/macOS ดาวน์โหลดจาก https://www.libreoffice.org/download/ หรือบอกที่อยู่ของ soffice ด้วย --soffice "
    f"หรือตัวแปร {SOFFICE_ENV}")
INSTALL_HINT_EN = (
    "Install LibreOffice and the Thai fonts: on Debian/Ubuntu `sudo apt-get install libreoffice-writer-nogui "
    "fonts-thai-tlwg`; on Windows or macOS from https://www.libreoffice.org/download/; or give soffice's path "
    f"with --soffice or {SOFFICE_ENV}.")


def _installed_places(environ) -> list[Path]:
    places = []
    for variable in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)"):
        if environ.get(variable):
            places.append(Path(environ[variable]) / "LibreOffice" / "program" / "soffice.exe")
    places.append(Path("C:/Program Files/LibreOffice/program/soffice.exe"))
    places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    if environ.get("HOME"):
        places.append(Path(environ["HOME"]) / "Applications/LibreOffice.app/Contents/MacOS/soffice")
    return places


def find_soffice(given: str | os.PathLike | None = None, environ=None) -> Path | None:
    """The soffice program to run, or None when none is found. A path given by the user that does not
    exist is an error, not a reason to look elsewhere."""
    environ = os.environ if environ is None else environ
    asked = given or environ.get(SOFFICE_ENV)
    if asked:
        path = Path(asked)
        if path.is_dir():  # the program folder, or LibreOffice.app
            path = next((p for p in (path / "soffice.exe", path / "soffice", path / "Contents/MacOS/soffice",
                                     path / "program/soffice.exe", path / "program/soffice") if p.is_file()), path)
        if not path.is_file():
            raise UserError([Problem(
                "soffice-not-found", f"ไม่พบโปรแกรม soffice ที่ระบุไว้ ({display_path(path)})",
                f"The soffice program given ({display_path(path)}) does not exist.",
                field="--soffice" if given else SOFFICE_ENV)])
        return path
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return Path(found)
    return next((p for p in _installed_places(environ) if p.is_file()), None)


def missing_soffice() -> UserError:
    return UserError([Problem("no-soffice", f"สร้าง PDF ไม่ได้ เพราะไม่พบ LibreOffice (soffice): {INSTALL_HINT_TH}",
                              f"Cannot make the PDF: LibreOffice (soffice) was not found. {INSTALL_HINT_EN}")])


def _failed(th: str, en: str) -> UserError:
    return UserError([Problem("pdf-failed", th, en)])


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Runs soffice; on timeout kills it and whatever it started (soffice is a launcher)."""
    posix = os.name == "posix"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               start_new_session=posix)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def convert(files: dict[str, bytes], soffice: Path, dates: dict[str, dt.date | None] | None = None,
            timeout: float = DEFAULT_TIMEOUT) -> dict[str, bytes]:
    """{name.docx: bytes} → {name.pdf: bytes}, all in one LibreOffice run. Names must be distinct.
    The PDFs are made reproducible: their creation date is the given date, their ID a digest."""
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="ita-report-pdf-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        for name, data in files.items():
            (work / "in" / name).write_bytes(data)
        command = [str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nodefault", "--convert-to", "pdf", "--outdir", str(work / "out")]
        command += [str(work / "in" / name) for name in files]
        try:
            result = _run(command, timeout)
        except subprocess.TimeoutExpired:
            raise _failed(f"LibreOffice ทำงานนานเกิน {timeout:.0f} วินาที จึงหยุดไว้ ให้ลองใหม่หรือเพิ่ม --pdf-timeout",
                          f"LibreOffice took longer than {timeout:.0f} s and was stopped: try again or raise "
                          "--pdf-timeout.") from None
        except OSError as exc:
            raise _failed(f"เรียก LibreOffice ({display_path(soffice)}) ไม่ได้: {exc.strerror or exc}",
                          f"Cannot run LibreOffice ({display_path(soffice)}): {exc.strerror or exc}") from None
        out = {}
        for name in files:
            pdf = work / "out" / (Path(name).stem + ".pdf")
            data = pdf.read_bytes() if pdf.is_file() else b""
            if not data.startswith(b"%PDF"):
                detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
                detail = [line for line in detail if "javaldx" not in line][-1:] or [f"exit status {result.returncode}"]
                raise _failed(f"LibreOffice ไม่ได้สร้าง PDF ของ {name} ({detail[0]})",
                              f"LibreOffice made no PDF of {name} ({detail[0]}).")
            out[pdf.name] = reproducible(data, (dates or {}).get(name))
    return out


_CREATION = re.compile(rb"(/CreationDate\(D:)\d{14}")
_ID = re.compile(rb"(/ID \[\s*<)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(>\s*\])")
_CHECKSUM = re.compile(rb"(/DocChecksum /)[0-9A-F]{32}")


def reproducible(data: bytes, date: dt.date | None) -> bytes:
    """LibreOffice stamps each PDF with the clock and a random ID; same-length replacements (so that
    the cross-reference offsets stay right) make the same document give the same bytes."""
    stamp = (date or dt.date(2000, 1, 1)).strftime("%Y%m%d000000").encode()
    data = _CREATION.sub(lambda m: m.group(1) + stamp, data)

    def ids(value: bytes, text: bytes) -> bytes:
        text = _ID.sub(lambda m: m.group(1) + value + m.group(2) + value + m.group(3), text)
        return _CHECKSUM.sub(lambda m: m.group(1) + value, text)

    digest = hashlib.md5(ids(b"0" * 32, data)).hexdigest().upper().encode()
    return ids(digest, data)
