"""A report folder's own Word templates (memo.docx, table.docx) are zip packages written by others.
Before Word's parser (python-docx) reads one, its every part is bounded in size, declared and actual
(a zip bomb stops at the bound, never in memory), and what would reach the published files and
LibreOffice is refused: a relationship to anything outside the package (TargetMode="External":
linked pictures, attached templates, hyperlinks), parts that are not a document's text, styles,
headers, footers, notes or pictures (macros, embedded objects, ActiveX, imported documents), and
fields that fetch (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE)."""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from .files import Refused

MAX_PART_BYTES = 20 * 1024 * 1024
MAX_PACKAGE_BYTES = 60 * 1024 * 1024  # all parts together, uncompressed
MAX_PARTS = 1000
MAX_FILE_BYTES = 30 * 1024 * 1024

_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships/"
_MS = "http://schemas.microsoft.com/office/2007/relationships/"
_MS11 = "http://schemas.microsoft.com/office/2011/relationships/"
# What a Word document's parts may be to each other; anything else (oleObject, package, activeX,
# vbaProject, aFChunk, subDocument, attachedTemplate, frame, control...) is refused.
ALLOWED = {
    _OFFICE + name for name in (
        "officeDocument", "styles", "settings", "webSettings", "fontTable", "theme", "numbering", "header",
        "footer", "footnotes", "endnotes", "image", "extended-properties", "custom-properties", "customXml",
        "customXmlProps", "comments", "glossaryDocument")
} | {_PACKAGE + "metadata/core-properties", _PACKAGE + "metadata/thumbnail", _MS + "stylesWithEffects",
     _MS + "commentsExtended", _MS11 + "people", _MS11 + "commentsExtended", _MS + "hdphoto",
     "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
     "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
     "http://schemas.microsoft.com/office/2017/06/relationships/rdRichValue"}
_FETCHING_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b", re.IGNORECASE)


def _refused(name: str, th: str, en: str) -> Refused:
    return Refused("template-package", f"แม่แบบ Word “{name}” ใช้ไม่ได้: {th}",
                   f"The Word template '{name}' cannot be used: {en}")


def inflate(package: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """A part's bytes, unpacked no further than `limit` whatever its header declares: None the moment
    it inflates past it (a zip bomb never reaches memory). Used for templates and imported files."""
    out, total = [], 0
    with package.open(info) as stream:
        while chunk := stream.read(1 << 16):
            total += len(chunk)
            if total > limit:
                return None
            out.append(chunk)
    return b"".join(out)


def _read(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """A part's bytes, refused the moment it inflates past the bound (whatever its header says)."""
    data = inflate(package, info, MAX_PART_BYTES)
    if data is None:
        raise _refused(name, f"ส่วน {info.filename} ใหญ่เกิน {MAX_PART_BYTES:,} ไบต์เมื่อคลายการบีบอัด",
                       f"its part {info.filename} inflates past {MAX_PART_BYTES:,} bytes.")
    return data


def _source_of(rels_name: str) -> str:
    """The folder a .rels part's relative targets start from: word/_rels/document.xml.rels → word."""
    folder = posixpath.dirname(posixpath.dirname(rels_name))
    return folder


def check_docx(path: Path) -> None:
    """Refused unless the .docx at `path` is a bounded package with only a document's own parts."""
    name = path.name
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _refused(name, f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES:,} ไบต์", f"the file is over {MAX_FILE_BYTES:,} bytes.")
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refused(name, f"ไม่ใช่ไฟล์ .docx ({exc})", f"it is not a .docx file ({exc}).") from None
    with package:
        infos = package.infolist()
        if len(infos) > MAX_PARTS:
            raise _refused(name, f"มีส่วนย่อยเกิน {MAX_PARTS:,} ส่วน", f"it has over {MAX_PARTS:,} parts.")
        declared = sum(i.file_size for i in infos)
        big = [i.filename for i in infos if i.file_size > MAX_PART_BYTES]
        if big or declared > MAX_PACKAGE_BYTES:
            raise _refused(name, f"ส่วน {', '.join(big) or 'ทั้งหมด'} ใหญ่เกินเมื่อคลายการบีบอัด (ไม่เกิน {MAX_PART_BYTES:,} ไบต์ต่อส่วน)",
                           f"{', '.join(big) or 'its parts'} inflate too large (at most {MAX_PART_BYTES:,} bytes a part).")
        total = 0
        for info in infos:
            try:
                data = _read(package, info, name)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
                raise _refused(name, f"ส่วน {info.filename} เสีย ({exc})", f"its part {info.filename} is damaged ({exc}).") from None
            total += len(data)
            if total > MAX_PACKAGE_BYTES:
                raise _refused(name, f"ใหญ่เกิน {MAX_PACKAGE_BYTES:,} ไบต์เมื่อคลายการบีบอัด",
                               f"it inflates past {MAX_PACKAGE_BYTES:,} bytes.")
            if info.filename.endswith(".rels"):
                _check_relationships(data, info.filename, name)
            elif info.filename.endswith(".xml") and info.filename.startswith("word/"):
                _check_fields(data, info.filename, name)


def _xml(data: bytes, part: str, name: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _refused(name, f"ส่วน {part} เขียนไม่ถูกต้อง ({exc})", f"its part {part} is not valid XML ({exc}).") from None


def _check_relationships(data: bytes, part: str, name: str) -> None:
    from .ooxml import qn  # (here, not above: it brings python-docx, which init, reading the bounds only, does not need)

    for rel in _xml(data, part, name).iter(qn("pr:Relationship")):
        target, kind = rel.get("Target", ""), rel.get("Type", "")
        if rel.get("TargetMode") == "External" or "://" in target or target.startswith(("\\\\", "file:")):
            raise _refused(name, f"มีลิงก์ไปยังที่อยู่ภายนอก “{target}” (TargetMode=\"External\") ซึ่งอาจทำให้โปรแกรมดึงข้อมูลจากเครือข่าย "
                           "ให้ลบลิงก์ รูปที่ลิงก์ไว้ หรือแม่แบบที่แนบไว้ออก",
                           f"it links to '{target}' outside the file (TargetMode=\"External\"), which could make "
                           "a program fetch it: remove the link, linked picture or attached template.")
        if kind not in ALLOWED:
            raise _refused(name, f"มีส่วน {posixpath.normpath(posixpath.join(_source_of(part), target))} ชนิด "
                           f"{kind.rsplit('/', 1)[-1]} ที่ไม่ใช่ส่วนของเอกสารทั่วไป (เช่น มาโคร วัตถุฝัง เอกสารนำเข้า) ให้ลบออก",
                           f"it has a part {target} of kind {kind.rsplit('/', 1)[-1]} that a plain document does "
                           "not need (macros, embedded objects, imported documents): remove it.")


def _check_fields(data: bytes, part: str, name: str) -> None:
    if b"instr" not in data:
        return
    from .ooxml import qn

    root = _xml(data, part, name)
    codes = [el.get(qn("w:instr"), "") for el in root.iter(qn("w:fldSimple"))]
    for paragraph in root.iter(qn("w:p")):
        codes.append("".join(t.text or "" for t in paragraph.iter(qn("w:instrText"))))
    for code in codes:
        match = _FETCHING_FIELD.match(code)
        if match:
            raise _refused(name, f"มีฟิลด์ {match.group(1).upper()} ที่ดึงไฟล์หรือข้อมูลจากที่อื่น ให้ลบฟิลด์นั้นออก",
                           f"it has a {match.group(1).upper()} field, which fetches a file or data from elsewhere: "
                           "remove the field.")
