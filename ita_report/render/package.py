"""A .docx file as the tool writes it: the package python-docx saved, its parts in their order with
fixed times and attributes (the same content gives the same bytes), parts replaced where the whole
report joined two documents, and a table's rows streamed in, a chunk at a time, where their mark
stands — so that neither the rows' tree nor their XML text is ever whole in memory."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from docx.oxml.parser import OxmlElement
from lxml import etree

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ROWS_MARK = "ita-report-rows"  # a processing instruction where the rows go, until the file is written


class Chunks(Protocol):
    """A table's rows, laid out a few at a time (word.py's rows)."""

    def chunks(self) -> Iterable[list[etree._Element]]: ...


def saved(doc) -> bytes:
    """A python-docx Document as its package's bytes (to be made stable by _files)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _inner(container) -> bytes:
    """The serialised children of an element, without its own start and end tags (the namespaces it
    declares are declared again by the document's root). lxml writes ">" in attribute values as
    "&gt;", so the start tag ends at the first ">"."""
    data = etree.tostring(container, encoding="UTF-8", xml_declaration=False)
    return data[data.index(b">") + 1:data.rindex(b"</")]


def _fixed(name: str) -> zipfile.ZipInfo:
    """A part's entry with a fixed time and attributes: the same content gives the same bytes."""
    info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


@dataclass
class Package:
    """A saved package, its document root's namespaces, and parts whose bytes replace the saved ones."""

    data: bytes
    nsmap: dict
    parts: dict[str, bytes] = field(default_factory=dict)


def files(packages: list[Package], rows: Chunks | None = None) -> list[bytes]:
    """Each package as the file to write: parts in
    their order, with fixed times (byte-identical for identical content), and the rows written where
    the ROWS_MARK stands in its document part. The rows are laid out once, a chunk at a time, and
    written into every package at once, so that neither the rows' tree nor their XML text is ever
    whole in memory; each chunk is serialised under each document's own root namespaces (once when
    those are the same)."""
    mark = etree.tostring(etree.ProcessingInstruction(ROWS_MARK))  # as lxml writes it
    outs, open_parts = [], []  # open_parts: (its zip, the part being written, what follows the mark, the parts after, nsmap)
    for package in packages:
        out = io.BytesIO()
        outs.append(out)
        dst = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
        with zipfile.ZipFile(io.BytesIO(package.data)) as src:
            parts = [(info.filename, package.parts.get(info.filename) or src.read(info.filename))
                     for info in src.infolist()]
        nsmap = package.nsmap
        for i, (name, part) in enumerate(parts):
            if rows is not None and mark in part:
                before, after = part.split(mark, 1)
                stream = dst.open(_fixed(name), "w")
                stream.write(before)
                open_parts.append((dst, stream, after, parts[i + 1:], nsmap))
                break
            dst.writestr(_fixed(name), part)
        else:
            dst.close()
    if rows is not None and not open_parts:  # the mark always reaches a part: anything else is a bug
        raise RuntimeError(f"the table's rows have no place marked ({ROWS_MARK}) in the document")
    if rows is not None and open_parts:
        for chunk in rows.chunks():
            serialised: dict = {}
            for _, stream, _, _, nsmap in open_parts:
                key = tuple(sorted((k or "", v) for k, v in nsmap.items()))
                if key not in serialised:
                    container = OxmlElement("w:tbl", nsdecls=nsmap)
                    container.extend(chunk)  # the rows' own declarations of these namespaces drop out
                    serialised[key] = _inner(container)
                stream.write(serialised[key])
    for dst, stream, after, rest, _ in open_parts:
        stream.write(after)
        stream.close()
        for name, part in rest:
            dst.writestr(_fixed(name), part)
        dst.close()
    return [out.getvalue() for out in outs]
