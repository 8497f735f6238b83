"""Word files (.docx) to import, written by others, opened with bounds. A .docx is a zip of parts; a
small file can declare, or really hold, parts of gigabytes (a 1.4 MB zip bomb took 8 GB to import).
Before python-docx sees anything, every part's declared size and the bytes it really unpacks to are
held to a limit (packages.inflate, as for a folder's own templates), and only the XML parts are
unpacked at all: pictures and other media are handed on empty, since nothing here reads them."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .packages import inflate
from .problems import Problem, UserError, display_path

MAX_PARTS = 2000  # a report with its pictures has tens
# One XML part unpacked: a report of tens of pages is 1–2 MB, 16 MB is a book of a thousand pages.
# python-docx's tree of a part takes about 15 times its size in memory.
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_XML_BYTES = 32 * 1024 * 1024  # all XML parts unpacked together
_XML = (".xml", ".rels")


def _problem(code: str, th: str, en: str, path: Path, part: str | None = None) -> UserError:
    return UserError([Problem(code, th, en, file=display_path(path), field=part)])


def _unreadable(prefix: str, path: Path, detail: object) -> UserError:
    return _problem(f"{prefix}-unreadable", f"เปิดไฟล์ Word นี้ไม่ได้ ต้องเป็นไฟล์ .docx (ถ้าเป็น .doc ให้เปิดใน Word "
                    f"แล้วบันทึกเป็น .docx) ({detail})", f"Cannot open this Word file: it must be a .docx (save a "
                    f".doc as .docx in Word first) ({detail}).", path)


def _too_large(prefix: str, path: Path, part: str, size: int, limit: int) -> UserError:
    return _problem(f"{prefix}-part-too-large", f"ส่วน {part} ในไฟล์ Word นี้ใหญ่เกินไป ({size:,} ไบต์ขึ้นไป "
                    f"รับได้ไม่เกิน {limit:,}) ไฟล์อาจเสียหายหรือถูกสร้างมาเพื่อให้โปรแกรมค้าง ให้บันทึกไฟล์ใหม่จาก Word",
                    f"The part {part} of this Word file is too large ({size:,} bytes or more; at most {limit:,}): "
                    "the file is damaged or made to stall programs. Save it again from Word.", path, part)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, prefix: str, path: Path) -> bytes:
    """A part's bytes, refused by its declared size, or as it unpacks past `limit`."""
    if info.file_size > limit:
        raise _too_large(prefix, path, info.filename, info.file_size, limit)
    data = inflate(archive, info, limit)
    if data is None:
        raise _too_large(prefix, path, info.filename, limit + 1, limit)
    return data


def bounded_copy(path: Path, prefix: str) -> bytes:
    """The .docx at `path` as a new zip holding its XML parts (each checked against the limits) and
    its other parts empty. Raises UserError, its codes starting with `prefix`, for a file that is not
    a zip, is damaged, or holds too many or too large parts."""
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(path) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _problem(f"{prefix}-too-many-parts", f"ไฟล์ Word นี้มีส่วนประกอบ {len(infos):,} ส่วน เกิน "
                               f"{MAX_PARTS:,} ส่วนที่รับได้ ให้บันทึกไฟล์ใหม่จาก Word", f"This Word file has "
                               f"{len(infos):,} parts, more than the {MAX_PARTS:,} allowed: save it again from Word.", path)
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                if not info.filename.lower().endswith(_XML):
                    copy.writestr(info.filename, b"")
                    continue
                data = _read_part(archive, info, MAX_PART_BYTES, prefix, path)
                total += len(data)
                if total > MAX_XML_BYTES:
                    raise _too_large(prefix, path, "XML", total, MAX_XML_BYTES)
                copy.writestr(info.filename, data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
        raise _unreadable(prefix, path, exc) from None  # not a zip, damaged, encrypted, unknown compression
    except OSError as exc:
        raise _unreadable(prefix, path, exc.strerror or exc) from None
    return out.getvalue()


def open_document(path: Path, prefix: str):
    """A python-docx Document of the .docx at `path`, read within the limits above: a file that
    cannot be read as a Word document gives a UserError naming it, never a traceback."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from .ooxml import qn

    data = bounded_copy(path, prefix)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise _unreadable(prefix, path, exc) from None
    if document.element.tag != qn("w:document") or document.element.find(qn("w:body")) is None:
        raise _unreadable(prefix, path, f"word/document.xml: <{etree.QName(document.element).localname}>, "
                                        "not <w:document> with a <w:body>")
    return document


def picture_part(path: Path, name: str, limit: int) -> bytes:
    """One picture of the .docx at `path` (bounded_copy hands pictures on empty), by its name in the
    zip, unpacked no further than `limit` whatever its header declares. files.Refused when it is
    larger, missing or damaged."""
    from .files import Refused, too_large

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(name)
            if info.file_size > limit:
                raise too_large(name, info.file_size, limit)
            data = inflate(archive, info, limit)
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
            ValueError, OSError) as exc:
        raise Refused("import-emblem-unusable", f"อ่านรูป {name} ในไฟล์ Word ไม่ได้ ({exc})",
                      f"Cannot read the picture {name} in the Word file ({exc}).") from None
    if data is None:
        raise too_large(name, limit + 1, limit)
    return data
