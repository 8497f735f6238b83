"""The memo's Garuda: found in the memo's part of the document (or its page header), read safely from
the package, and named in the new folder without overwriting a file there."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import files, thai
from ..ooxml import qn
from ..problems import Problem, display_path
from .table import paragraph_text


# ---------------------------------------------------------------- the memo's Garuda

_VML = "{urn:schemas-microsoft-com:vml}"
_OFFICE = "{urn:schemas-microsoft-com:office:office}"
MEMO_TITLE = "บันทึกข้อความ"
EMBLEM_NAME = "emblem"


@dataclass
class Picture:
    """The memo's Garuda as the Word file holds it: its bytes and its real format ("png", "emf"...)."""

    data: bytes
    extension: str

    @property
    def usable(self) -> bool:
        """The tool puts PNG and JPEG on the memo (files.check_image)."""
        return self.extension in ("png", "jpg")


def picture_format(data: bytes) -> str | None:
    """An image's format by its first bytes, never by its name: the extension to save it under."""
    kind = files.image_kind(data)
    if kind:
        return {"image/png": "png", "image/jpeg": "jpg"}[kind]
    signatures = ((b"GIF87a", "gif"), (b"GIF89a", "gif"), (b"BM", "bmp"), (b"II*\0", "tif"), (b"MM\0*", "tif"),
                  (b"\xd7\xcd\xc6\x9a", "wmf"), (b"\x01\x00\x09\x00", "wmf"), (b"\x02\x00\x09\x00", "wmf"))
    if data[40:44] == b" EMF" and data.startswith(b"\x01\0\0\0"):
        return "emf"
    return next((ext for mark, ext in signatures if data.startswith(mark)), None)


def _pictures(element):
    """(relationship id, link) of each picture in `element`, in document order: DrawingML's a:blip
    (r:embed: link None; r:link, a picture linked to a file outside: link "") and VML's v:imagedata
    (r:id; or only o:href, a link written in place: None and the link). A picture both linked and
    saved in the file is read from the file."""
    for node in element.iter(qn("a:blip"), f"{_VML}imagedata"):
        if node.tag == qn("a:blip"):
            embed, link, href = node.get(qn("r:embed")), node.get(qn("r:link")), None
        else:
            embed, link, href = node.get(qn("r:id")), None, node.get(f"{_OFFICE}href")
        if embed:
            yield embed, None
        elif link:
            yield link, ""
        elif href:
            yield None, href


def _memo_place(body, tables: list):
    """The body's top-level elements around the memo (between the measure tables read, the memo's
    title or first field among them) and the section properties of its page, or None without a memo."""
    read = set(map(id, tables))
    children = [child for child in body if child.tag != qn("w:sectPr")]
    title = field_at = None  # where the memo's title is, else its first field (ส่วนราชการ)
    for i, child in enumerate(children):
        if id(child) in read:
            continue
        for paragraph in child.iter(qn("w:p")):
            text = re.sub(r"\s", "", paragraph_text(paragraph))
            if text.startswith(MEMO_TITLE):
                title = i
                break
            if field_at is None and text.startswith("ส่วนราชการ"):
                field_at = i
        if title is not None:
            break
    at = title if title is not None else field_at
    if at is None:
        return None
    start, end = at, at + 1
    while start > 0 and id(children[start - 1]) not in read:
        start -= 1
    while end < len(children) and id(children[end]) not in read:
        end += 1
    section = next((c.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for c in children[at:]
                    if c.tag == qn("w:p") and c.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None),
                   body.find(qn("w:sectPr")))
    return children[start:end], section


def _headers(document, section) -> list:
    """The header parts of a section, the first page's first when it has its own."""
    if section is None:
        return []
    kinds = ("first", "default", "even") if section.find(qn("w:titlePg")) is not None else ("default", "first", "even")
    references = {ref.get(qn("w:type"), "default"): ref.get(qn("r:id")) for ref in section.findall(qn("w:headerReference"))}
    parts = []
    for kind in kinds:
        rel = document.part.rels.get(references.get(kind, ""))
        if rel is not None and not rel.is_external:
            parts.append(rel.target_part)
    return parts


def read_emblem(document, path: Path, tables: list) -> tuple[Picture | None, list[Problem]]:
    """The memo's Garuda: the first picture of the memo's part of the body, else of its page's
    header. A picture linked to a file outside the .docx is never fetched; one too large or damaged
    is left behind; each is said. None, and nothing said, when the file has no memo or no picture."""
    from ..wordfile import picture_part

    source = display_path(path)
    place = _memo_place(document.element.body, tables)
    if place is None:
        return None, []
    elements, section = place
    owners = [(document.part, element) for element in elements]
    owners += [(part, part.element) for part in _headers(document, section)]
    for part, element in owners:
        for rid, link in _pictures(element):
            rel = part.rels.get(rid) if rid is not None else None
            if rel is None and rid is not None:  # a reference to nothing: not a picture after all
                continue
            if rel is None or link is not None or rel.is_external:
                target = thai.clip(link if rel is None else rel.target_ref, 80)
                return None, [Problem(
                    "import-emblem-linked", f"รูปตราครุฑในบันทึกข้อความเป็นรูปที่ลิงก์ไปยังไฟล์ภายนอก “{target}” ไม่ได้อยู่ในไฟล์ Word "
                    "จึงไม่ได้ดึงมา ให้นำไฟล์รูปตราครุฑ (.png หรือ .jpg) มาไว้ในโฟลเดอร์รายงาน แล้วระบุที่ memo.emblem ใน report.yaml",
                    f"The memo's Garuda is a picture linked to '{target}' outside the Word file, so it was not fetched: "
                    "put the Garuda image (.png or .jpg) in the report folder and name it in memo.emblem in report.yaml.",
                    file=source, severity="warning")]
            name = str(rel.target_part.partname).lstrip("/")
            try:
                data = picture_part(path, name, files.MAX_EMBLEM_BYTES)
                extension = picture_format(data)
                if extension in ("png", "jpg"):
                    files.check_image(data, name)
            except files.Refused as refused:
                return None, [Problem(
                    "import-emblem-unusable", f"ไม่ได้นำรูปตราครุฑในบันทึกข้อความมาด้วย: {refused.th} ให้นำไฟล์รูปตราครุฑ "
                    "(.png หรือ .jpg) มาไว้ในโฟลเดอร์รายงาน แล้วระบุที่ memo.emblem ใน report.yaml",
                    f"The memo's Garuda was not brought along: {refused.en} Put the Garuda image (.png or .jpg) in the "
                    "report folder and name it in memo.emblem in report.yaml.", file=source, severity="warning")]
            if extension is None:
                return None, [Problem(
                    "import-emblem-unusable", "ไม่ได้นำรูปตราครุฑในบันทึกข้อความมาด้วย: ไม่รู้จักชนิดของรูป ให้บันทึกรูปจาก Word "
                    "เป็น .png แล้วนำมาไว้ในโฟลเดอร์รายงาน และระบุที่ memo.emblem ใน report.yaml",
                    "The memo's Garuda was not brought along: its image format is unknown. Save the picture from Word "
                    "as .png into the report folder and name it in memo.emblem in report.yaml.", file=source,
                    severity="warning")]
            return Picture(data, extension), []
    return None, []


def _free_name(folder: Path | None, picture: Picture) -> str | None:
    """A name for the picture in `folder` that replaces no other file: emblem.png, else emblem-2.png...
    (a file already there with the same bytes keeps its name)."""
    for n in range(1, 100):
        name = f"{EMBLEM_NAME}{'' if n == 1 else f'-{n}'}.{picture.extension}"
        path = folder / name if folder is not None else None
        if path is None or not os.path.lexists(path):
            return name
        try:
            if not path.is_symlink() and files.read_regular(path, len(picture.data)) == picture.data:
                return name
        except (files.Refused, OSError):
            pass
    return None


def emblem_placed(picture: Picture, folder: Path | None, source: str) -> tuple[str | None, dict[str, bytes], Problem]:
    """memo.emblem, the file to write and what to say of it."""
    name = _free_name(folder, picture)
    if name is None:
        return None, {}, Problem(
            "import-emblem-unusable", f"ไม่ได้นำรูปตราครุฑในบันทึกข้อความมาด้วย: ในโฟลเดอร์มีไฟล์ชื่อ {EMBLEM_NAME}-*.{picture.extension} "
            "เต็มแล้ว ให้ใช้โฟลเดอร์ใหม่", f"The memo's Garuda was not brought along: the folder is full of "
            f"{EMBLEM_NAME}-*.{picture.extension} files. Use a new folder.", file=source, severity="warning")
    if not picture.usable:
        return None, {name: picture.data}, Problem(
            "import-emblem-format", f"รูปตราครุฑในบันทึกข้อความเป็นรูปชนิด {picture.extension.upper()} ซึ่งโปรแกรมใส่ในบันทึกไม่ได้ "
            f"จึงบันทึกไว้เป็น {name} ให้เปิดแล้วบันทึกใหม่เป็น .png แล้วระบุชื่อไฟล์ที่ memo.emblem ใน report.yaml",
            f"The memo's Garuda is a {picture.extension.upper()} picture, which the tool cannot put on the memo: it "
            f"is saved as {name}. Open it, save it as .png, and name that file in memo.emblem in report.yaml.",
            file=source, severity="warning")
    return name, {name: picture.data}, Problem(
        "import-emblem", f"นำรูปตราครุฑในบันทึกข้อความมาไว้เป็น {name} และระบุที่ memo.emblem แล้ว",
        f"The memo's Garuda is saved as {name} and named in memo.emblem.", file=source, severity="note")
