"""PDF through LibreOffice: the built .docx files converted by `soffice --headless`, many in one call
(LibreOffice's start is most of the cost), each call with its own profile folder and a time limit.

Where soffice is: the --soffice option, then $ITA_REPORT_SOFFICE, then PATH, then where the
installers put it on Windows and macOS."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from ..problems import Problem, UserError, display_path

SOFFICE_ENV = "ITA_REPORT_SOFFICE"
DEFAULT_TIMEOUT = 180.0
INSTALL_HINT_TH = (
    "ติดตั้ง LibreOffice และฟอนต์ไทย: Debian/Ubuntu สั่ง `sudo apt-get install libreoffice-writer-nogui libreoffice-script-provider-python fonts-thai-tlwg`, "
    "Windows/macOS ดาวน์โหลดจาก https://www.libreoffice.org/download/ หรือบอกที่อยู่ของ soffice ด้วย --soffice "
    f"หรือตัวแปร {SOFFICE_ENV}")
INSTALL_HINT_EN = (
    "Install LibreOffice and the Thai fonts: on Debian/Ubuntu `sudo apt-get install libreoffice-writer-nogui "
    "libreoffice-script-provider-python fonts-thai-tlwg`; on Windows or macOS from https://www.libreoffice.org/download/; or give soffice's path "
    f"with --soffice or {SOFFICE_ENV}.")


class Item(TypedDict):
    """One document of a LibreOffice job, as soffice_job.py reads it: the .docx, where its PDF goes,
    and whether its page numbers are to be Thai digits."""

    docx: str
    pdf: str
    thai_page_numbers: bool


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


def _failed(th: str, en: str, file: str | None = None) -> Problem:
    return Problem("pdf-failed", th, en, file=file)


def _run(command: list[str], timeout: float, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Runs soffice; on timeout kills it and whatever it started (soffice is a launcher)."""
    posix = os.name == "posix"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               start_new_session=posix, env=environ)
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


# The PDF as published: PDF/A-2b (archival), tagged (read aloud, reflowed), with the outline as bookmarks
PDF_FILTER: tuple[tuple[str, object], ...] = (
    ("SelectPdfVersion", 2), ("UseTaggedPDF", True), ("ExportBookmarks", True), ("ExportNotes", False),
    ("ExportFormFields", False), ("EmbedStandardFonts", True))
JOB_SCRIPT = "ita_report_job.py"


@dataclass
class Converted:
    """What one conversion gave: the PDFs made, the documents that got none (with why), and notes
    for the user (which font was used; what LibreOffice could not do here)."""

    pdfs: dict[str, bytes] = field(default_factory=dict)  # name.pdf → bytes
    failed: dict[str, Problem] = field(default_factory=dict)  # name.docx → why it has no PDF
    notes: list[Problem] = field(default_factory=list)


class _Run:
    """One soffice process over some of the documents, in its own profile folder."""

    def __init__(self, work: Path, number: int, soffice: Path, timeout: float, environ: dict[str, str]):
        self.folder = work / f"run{number}"
        self.folder.mkdir()
        self.soffice, self.timeout, self.environ = soffice, timeout, environ

    def _command(self, *args: str) -> list[str]:
        profile = (self.folder / "profile").as_uri()
        return [str(self.soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                "--nodefault", *args]

    def scripted(self, items: list[Item]) -> tuple[dict[int, str | None], str]:
        """Converts through the job script; {index: None when done, else the error} for the documents
        the script reached (none when LibreOffice cannot run Python scripts), and LibreOffice's output."""
        _install_script(self.folder / "profile")
        job, status = self.folder / "job.json", self.folder / "status.jsonl"
        job.write_text(json.dumps({"documents": items, "status": str(status), "filter": PDF_FILTER}), encoding="utf-8")
        url = f"vnd.sun.star.script:{JOB_SCRIPT}$convert?language=Python&location=user"
        result = _run(self._command(url), self.timeout, {**self.environ, "ITA_REPORT_JOB": str(job)})
        return _statuses(status), _detail(result)

    def plain(self, items: list[Item]) -> str:
        """Converts with --convert-to (page numbers as LibreOffice reads them), for a LibreOffice
        without its Python script provider."""
        options = json.dumps({name: {"type": "boolean" if isinstance(value, bool) else "long",
                                     "value": str(value).lower() if isinstance(value, bool) else str(value)}
                              for name, value in PDF_FILTER}, separators=(",", ":"))
        outdir = Path(items[0]["pdf"]).parent
        command = self._command("--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir", str(outdir),
                                *[item["docx"] for item in items])
        return _detail(_run(command, self.timeout, self.environ))


def _install_script(profile: Path) -> None:
    scripts = profile / "user" / "Scripts" / "python"
    scripts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).with_name("soffice_job.py"), scripts / JOB_SCRIPT)


def _statuses(status: Path) -> dict[int, str | None]:
    reached: dict[int, str | None] = {}
    if status.is_file():
        for line in status.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            reached[entry["index"]] = None if entry["ok"] else entry.get("error", "?")
    return reached


class Office:
    """A warm LibreOffice for many conversions in a row (--watch): started once, in its own profile,
    with the font plan of one document font; it takes jobs from a folder through the job script's
    `serve`. A job that fails or outlasts the time limit stops it (the next job starts a new one), and
    the caller converts those documents the one-shot way. Use as a context manager."""

    def __init__(self, soffice: Path, font: str = "TH SarabunIT๙", timeout: float = DEFAULT_TIMEOUT,
                 idle: float = 600.0):
        from . import fonts

        self.soffice, self.font, self.timeout, self.idle = soffice, font, timeout, idle
        self.plan = fonts.plan(font)
        self.folder = Path(tempfile.mkdtemp(prefix="ita-report-office-"))
        self.environ = soffice_environ(os.environ)
        if self.plan.standin is not None:
            (self.folder / "fonts.conf").write_text(
                fonts.fontconfig_file(self.plan.standin, self.folder / "fccache"), encoding="utf-8")
            self.environ["FONTCONFIG_FILE"] = str(self.folder / "fonts.conf")
        self.process: subprocess.Popen | None = None
        self.usable = True  # False once LibreOffice shows it cannot run the job script
        self.jobs = 0

    def __enter__(self) -> "Office":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> bool:
        self.jobs += 1
        queue = self.folder / f"queue{self.jobs}"
        queue.mkdir()
        profile = self.folder / f"profile{self.jobs}"
        _install_script(profile)
        url = f"vnd.sun.star.script:{JOB_SCRIPT}$serve?language=Python&location=user"
        command = [str(self.soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", url]
        environ = {**self.environ, "ITA_REPORT_QUEUE": str(queue), "ITA_REPORT_IDLE": str(self.idle)}
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        stdin=subprocess.DEVNULL, env=environ, start_new_session=os.name == "posix")
        self.queue = queue
        deadline = time.monotonic() + min(self.timeout, 120)
        while time.monotonic() < deadline:
            if (queue / "ready").exists():
                return True
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        self._kill()
        self.usable = False
        return False

    def convert(self, items: list[Item]) -> dict[int, str | None] | None:
        """Converts the documents; their statuses, or None when this LibreOffice could not (the caller
        then converts them the one-shot way)."""
        if not self.usable or (self.process is None or self.process.poll() is not None) and not self._start():
            return None
        self.jobs += 1
        status = self.queue / f"{self.jobs}.status"
        job = self.queue / f"{self.jobs}.json"
        job.write_text(json.dumps({"documents": items, "status": str(status), "filter": PDF_FILTER}),
                       encoding="utf-8")
        job.replace(self.queue / f"{self.jobs}.job")  # whole before the server sees it
        done = self.queue / f"{self.jobs}.done"
        deadline = time.monotonic() + self.timeout
        while not done.exists():
            if time.monotonic() > deadline or self.process is None or self.process.poll() is not None:
                self._kill()
                return None
            time.sleep(0.01)
        return _statuses(status)

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            if os.name == "posix":
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except OSError:
                    pass
            else:
                self.process.kill()
            self.process.wait()
        self.process = None

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            (self.queue / "stop").touch()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self._kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def soffice_environ(environ) -> dict[str, str]:
    """The environment LibreOffice runs in: ours, less what points an embedded Python at another
    Python's library (a virtual environment's python3 found first on PATH, PYTHONHOME, PYTHONPATH):
    LibreOffice's own Python would load that library and crash."""
    clean = {k: v for k, v in environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    if "PATH" in clean:
        clean["PATH"] = os.pathsep.join(d for d in clean["PATH"].split(os.pathsep)
                                        if d and not (Path(d).parent / "pyvenv.cfg").is_file())
    return clean


def _detail(result: subprocess.CompletedProcess) -> str:
    lines = (result.stderr or result.stdout or b"").decode("utf-8", "replace").strip().splitlines()
    lines = [line for line in lines if "javaldx" not in line]
    return lines[-1] if lines else f"exit status {result.returncode}"


def convert(files: dict[str, bytes], soffice: Path, dates: dict[str, dt.date | None] | None = None,
            timeout: float = DEFAULT_TIMEOUT, font: str = "TH SarabunIT๙") -> Converted:
    """{name.docx: bytes} → the PDFs, in one LibreOffice run; documents that run did not convert are
    tried again one per run, so a document that fails or hangs costs only its own PDF. The PDFs are
    made reproducible: their dates are the given date, their IDs a digest."""
    from . import fonts, pdfcopy

    done = Converted()
    if not files:
        return done
    office = _warm_office(soffice, font, timeout)
    plan = office.plan if office is not None else fonts.plan(font)
    done.notes.append(Problem("pdf-font", plan.th, plan.en, severity="note"))
    from .. import thai

    if thai.word_breaks_marked("ไทย") is None:
        done.notes.append(Problem(
            "pdf-no-icu", "ไม่มี PyICU: ใน PDF บางบรรทัดอาจตัดกลางคำภาษาไทย (ติดตั้งในโฟลเดอร์ของโปรแกรมด้วย "
            'py -m pip install ".[pdf]" บน Windows หรือ .venv/bin/pip install ".[pdf]" บน Linux และ macOS)',
            "PyICU is not installed: some PDF lines may break inside Thai words (in the tool's folder: "
            'py -m pip install ".[pdf]" on Windows, .venv/bin/pip install ".[pdf]" on Linux and macOS).',
            severity="note"))
    names = list(files)
    with tempfile.TemporaryDirectory(prefix="ita-report-pdf-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        (work / "out").mkdir()
        environ = soffice_environ(os.environ)
        if plan.standin is not None:
            (work / "fonts.conf").write_text(fonts.fontconfig_file(plan.standin, work / "fccache"), encoding="utf-8")
            environ["FONTCONFIG_FILE"] = str(work / "fonts.conf")
        items: list[Item] = []
        for index, name in enumerate(names):
            copy, thai_numbers = pdfcopy.for_pdf(files[name])
            (work / "in" / f"{index:05d}.docx").write_bytes(copy)
            items.append({"docx": str(work / "in" / f"{index:05d}.docx"), "pdf": str(work / "out" / f"{index:05d}.pdf"),
                          "thai_page_numbers": thai_numbers})
        errors: dict[int, str] = {}
        scripted = True
        runs = 0

        def attempt(indexes: list[int]) -> None:
            nonlocal scripted, runs
            runs += 1
            run = _Run(work, runs, soffice, timeout, environ)
            chosen = [items[i] for i in indexes]
            try:
                if scripted:
                    reached, detail = run.scripted(chosen)
                    if not reached and not any(Path(item["pdf"]).is_file() for item in chosen):
                        scripted = False  # no Python in this LibreOffice: convert as it reads the files
                        done.notes.append(Problem(
                            "pdf-no-script", "LibreOffice ในเครื่องนี้รันสคริปต์ Python ไม่ได้ เลขหน้าใน PDF จึงเป็นเลขอารบิก "
                            "(Debian/Ubuntu: ติดตั้ง libreoffice-script-provider-python)",
                            "This LibreOffice cannot run Python scripts, so the PDF's page numbers are Arabic digits "
                            "(Debian/Ubuntu: install libreoffice-script-provider-python).", severity="note"))
                        detail = run.plain(chosen)
                    else:
                        for position, error in reached.items():
                            if error:
                                errors[indexes[position]] = error.strip().splitlines()[-1]
                else:
                    detail = run.plain(chosen)
            except subprocess.TimeoutExpired:
                detail = f"timeout {timeout:.0f} s"
                for i in indexes:
                    errors.setdefault(i, detail)
            for i in indexes:
                if _pdf_ok(items[i]):
                    errors.pop(i, None)
                else:
                    errors.setdefault(i, detail)

        try:
            statuses = office.convert(items) if office is not None else None
            if statuses is None:
                attempt(list(range(len(names))))
            else:
                for index, item in enumerate(items):
                    if statuses.get(index) is not None or not _pdf_ok(item):
                        errors[index] = (statuses.get(index) or "no PDF").strip().splitlines()[-1]
            if (len(names) > 1 or statuses is not None) and errors:
                for index in sorted(errors):
                    errors.pop(index)
                    attempt([index])
        except OSError as exc:
            for index, name in enumerate(names):
                done.failed[name] = _failed(f"เรียก LibreOffice ({display_path(soffice)}) ไม่ได้: {exc.strerror or exc}",
                                            f"Cannot run LibreOffice ({display_path(soffice)}): {exc.strerror or exc}")
            return done
        for index, name in enumerate(names):
            if index in errors:
                detail = errors[index]
                if detail.startswith("timeout"):
                    done.failed[name] = _failed(
                        f"LibreOffice ทำงานนานเกิน {timeout:.0f} วินาที จึงหยุดไว้ ให้ลองใหม่หรือเพิ่ม --pdf-timeout",
                        f"LibreOffice took longer than {timeout:.0f} s and was stopped: try again or raise --pdf-timeout.")
                else:
                    done.failed[name] = _failed(f"LibreOffice ไม่ได้สร้าง PDF ของ {name} ({detail})",
                                                f"LibreOffice made no PDF of {name} ({detail}).")
                continue
            data = Path(items[index]["pdf"]).read_bytes()
            done.pdfs[Path(name).stem + ".pdf"] = reproducible(data, (dates or {}).get(name))
    return done


_WARM: dict[tuple[str, str, float], Office] | None = None  # open while kept_warm() is


@contextlib.contextmanager
def kept_warm():
    """While open, conversions go to a warm LibreOffice (one per program, font and time limit) that
    stays running between them: --watch rebuilds a PDF without paying LibreOffice's start each time."""
    global _WARM
    _WARM = {}
    try:
        yield
    finally:
        offices, _WARM = _WARM, None
        for office in offices.values():
            office.close()


def _warm_office(soffice: Path, font: str, timeout: float) -> Office | None:
    if _WARM is None:
        return None
    key = (str(soffice), font, timeout)
    if key not in _WARM:
        _WARM[key] = Office(soffice, font, timeout)
    return _WARM[key] if _WARM[key].usable else None


def _pdf_ok(item: Item) -> bool:
    path = Path(item["pdf"])
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(5)
        handle.seek(max(0, path.stat().st_size - 64))
        tail = handle.read()
    return head == b"%PDF-" and b"%%EOF" in tail  # whole: not cut short by a killed run


_CREATION = re.compile(rb"(/CreationDate\(D:)\d{14}")
_ID = re.compile(rb"(/ID \[\s*<)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(>\s*\])")
_CHECKSUM = re.compile(rb"(/DocChecksum /)[0-9A-F]{32}")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


_ICC = re.compile(rb"\n(\d+) 0 obj\n<</N [134]/Length (\d+) 0 R/Filter/FlateDecode>>\nstream\n")
_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_STARTXREF = re.compile(rb"\nstartxref\n(\d+)\n%%EOF\s*$")


def _icc_dated(data: bytes, date: dt.date) -> bytes:
    """PDF/A's output intent carries an ICC colour profile that LibreOffice makes at export time, with
    the clock in its header. The profile gets the document's date instead; the stream's new length and
    every cross-reference offset after it are put right."""
    import struct
    import zlib

    found = _ICC.search(data)
    xref = _XREF.search(data)
    if not found or not xref:
        return data
    length = re.search(rb"\n%d 0 obj\n(\d+)\nendobj" % int(found.group(2)), data)
    if not length:
        return data
    start = found.end()
    try:
        profile = bytearray(zlib.decompress(data[start:start + int(length.group(1))]))
    except zlib.error:
        return data
    if profile[36:40] != b"acsp":  # not an ICC profile after all
        return data
    profile[24:36] = struct.pack(">6H", date.year, date.month, date.day, 0, 0, 0)
    stream = zlib.compress(bytes(profile), 9)
    edits = sorted([(start, int(length.group(1)), stream), (length.start(1), len(length.group(1)), str(len(stream)).encode())])

    def moved(offset: int) -> int:
        return offset + sum(len(new) - old for at, old, new in edits if at < offset)

    count = int(xref.group(1))
    table_start = xref.end()
    table = data[table_start:table_start + 20 * count]
    entries = [table[i:i + 20] for i in range(0, len(table), 20)]
    fixed = b"".join(b"%010d" % moved(int(e[:10])) + e[10:]
                     if e[17:18] == b"n" else e for e in entries)
    edits.append((table_start, len(table), fixed))
    tail = _STARTXREF.search(data)
    if tail:
        edits.append((tail.start(1), len(tail.group(1)), str(moved(int(tail.group(1)))).encode()))
    out, position = bytearray(), 0
    for at, old, new in sorted(edits):
        out += data[position:at] + new
        position = at + old
    return bytes(out + data[position:])


def reproducible(data: bytes, date: dt.date | None) -> bytes:
    """LibreOffice stamps each PDF with the clock and a random ID, and PDF/A's colour profile with the
    clock too; replacements (same length where they can be, offsets put right where they cannot) make
    the same document give the same bytes."""
    data = _icc_dated(data, date or dt.date(2000, 1, 1))
    stamp = (date or dt.date(2000, 1, 1)).strftime("%Y%m%d000000").encode()
    data = _CREATION.sub(lambda m: m.group(1) + stamp, data)
    xmp_stamp = (date or dt.date(2000, 1, 1)).strftime("%Y-%m-%dT00:00:00").encode()
    data = _XMP_DATE.sub(lambda m: m.group(1) + xmp_stamp, data)  # PDF/A's metadata says the same date

    def ids(value: bytes, text: bytes) -> bytes:
        text = _ID.sub(lambda m: m.group(1) + value + m.group(2) + value + m.group(3), text)
        return _CHECKSUM.sub(lambda m: m.group(1) + value, text)

    digest = hashlib.md5(ids(b"0" * 32, data)).hexdigest().upper().encode()
    return ids(digest, data)
