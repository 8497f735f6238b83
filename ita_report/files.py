"""Files a report folder names (report.yaml, measure files, the emblem, its own templates) come from
whoever wrote the folder. Each is taken only from inside the report folder (no absolute path, no
"..", no symbolic link that leads out), only as a regular file (never a FIFO, a device or /proc),
and only up to a size, before a single byte of it is read. The emblem must be a whole PNG or JPEG
image of a sensible size in pixels."""
from __future__ import annotations

import os
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

MAX_EMBLEM_BYTES = 5 * 1024 * 1024
MAX_EMBLEM_SIDE = 6000  # pixels
MAX_EMBLEM_PIXELS = 25_000_000  # about 100 MB once decoded by Word or LibreOffice


@dataclass(frozen=True)
class Refused(Exception):
    """Why a file named by the folder is not used, in Thai and in English, with a problem code."""

    code: str
    th: str
    en: str


def outside(name: str) -> Refused:
    return Refused("path-outside", f"“{name}” อยู่นอกโฟลเดอร์รายงาน ให้ระบุไฟล์ที่อยู่ในโฟลเดอร์รายงาน "
                   "โดยเขียนตำแหน่งเทียบกับโฟลเดอร์รายงาน เช่น garuda.png",
                   f"'{name}' lies outside the report folder: name a file inside it, relative to the folder "
                   "(e.g. garuda.png).")


def inside(base: Path, name: str) -> Path:
    """`name`, as written in the YAML, as a path inside `base`; Refused when it is absolute, climbs
    out with "..", or passes through a symbolic link that leads out of `base`."""
    if not name.strip() or "\x00" in name:
        raise Refused("path-empty", "ต้องระบุชื่อไฟล์", "A file name is needed.")
    windows = PureWindowsPath(name)
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or windows.drive or windows.root or name.startswith("~"):
        raise Refused("path-absolute", f"“{name}” เป็นตำแหน่งเต็ม (absolute path) ให้เขียนตำแหน่งเทียบกับโฟลเดอร์รายงาน "
                      "และอยู่ในโฟลเดอร์รายงาน เช่น garuda.png",
                      f"'{name}' is an absolute path: write it relative to the report folder, inside it "
                      "(e.g. garuda.png).")
    if ".." in posix.parts:
        raise outside(name)
    path = base.joinpath(*posix.parts)
    if not within(base, path):
        raise Refused("path-link-outside", f"“{name}” เป็นลิงก์ (symbolic link) ที่ชี้ออกไปนอกโฟลเดอร์รายงาน "
                      "ให้คัดลอกไฟล์จริงมาไว้ในโฟลเดอร์รายงานแทน",
                      f"'{name}' is a symbolic link leading out of the report folder: copy the real file "
                      "into the report folder instead.")
    return path


def within(base: Path, path: Path) -> bool:
    """Where `path` really leads (links followed) lies inside `base`."""
    try:
        return path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def _not_regular(name: str) -> Refused:
    return Refused("not-a-file", f"“{name}” ไม่ใช่ไฟล์ปกติ (เป็น FIFO อุปกรณ์ หรือลิงก์ที่ชี้ไปยังไฟล์ที่ไม่มีอยู่) "
                   "ให้ใช้ไฟล์ปกติ", f"'{name}' is not a regular file (a FIFO, a device, or a link to nothing): "
                   "use a plain file.")


def regular_file(path: Path, name: str) -> os.stat_result:
    """The file's status when it is a regular file; Refused for a FIFO, a device, a folder or a
    dangling link; FileNotFoundError when there is nothing there at all."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise _not_regular(name) from None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(name)
    return info


def read_regular(path: Path, limit: int, name: str | None = None) -> bytes:
    """A regular file's bytes, at most `limit` of them. Opened without blocking and checked on the
    open handle, so a FIFO put in a file's place never hangs the run; too large is Refused before
    anything is read (a sparse file of gigabytes takes no memory)."""
    name = name or path.name
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if path.is_symlink():
            raise _not_regular(name) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(name)
        if info.st_size > limit:
            raise too_large(name, info.st_size, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(name, len(data), limit)
    return data


def too_large(name: str, size: int, limit: int) -> Refused:
    return Refused("file-too-large", f"ไฟล์ “{name}” ใหญ่เกินไป ({size:,} ไบต์ รับได้ไม่เกิน {limit:,})",
                   f"The file '{name}' is too large ({size:,} bytes; at most {limit:,}).")


# ---------------------------------------------------------------- the emblem

def image_kind(data: bytes) -> str | None:
    """The image's real type by its first bytes (never by its name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _broken(name: str, what: str, what_en: str) -> Refused:
    return Refused("emblem-broken", f"รูปตราครุฑ “{name}” ใช้ไม่ได้: {what} ให้บันทึกรูปใหม่เป็น .png หรือ .jpg",
                   f"The emblem image '{name}' cannot be used: {what_en}. Save it again as .png or .jpg.")


def _check_size(name: str, width: int, height: int) -> None:
    if not (0 < width <= MAX_EMBLEM_SIDE and 0 < height <= MAX_EMBLEM_SIDE and width * height <= MAX_EMBLEM_PIXELS):
        raise _broken(name, f"ขนาด {width:,}×{height:,} จุด ใหญ่เกิน (ไม่เกิน {MAX_EMBLEM_SIDE:,} จุดต่อด้าน)",
                      f"it is {width:,}×{height:,} pixels (at most {MAX_EMBLEM_SIDE:,} a side)")


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _png(data: bytes, name: str) -> tuple[int, int]:
    """Every chunk whole with a right checksum, IHDR first and IEND last, and the image data inflating
    to exactly the size its dimensions say (streamed: never more than a chunk of it in memory)."""
    at, chunks, idat = 8, [], []
    while at < len(data):
        if at + 12 > len(data):
            raise _broken(name, "ไฟล์ขาดตอน", "the file is cut short")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if len(body) != length or at + 12 + length > len(data):
            raise _broken(name, "ไฟล์ขาดตอน", "the file is cut short")
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise _broken(name, "ข้อมูลเสีย (checksum ไม่ตรง)", "its data is damaged (bad checksum)")
        chunks.append(kind)
        if kind == b"IDAT":
            idat.append(body)
        at += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0] != b"IHDR" or chunks[-1] != b"IEND" or not idat:
        raise _broken(name, "ไฟล์ไม่ครบ", "the file is incomplete")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    _check_size(name, width, height)
    if colour not in _PNG_CHANNELS or depth not in (1, 2, 4, 8, 16):
        raise _broken(name, "ชนิดสีไม่ถูกต้อง", "its colour type is not valid")
    bits = depth * _PNG_CHANNELS[colour]
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    expected = 0
    for x0, y0, dx, dy in passes:
        w, h = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if w > 0 and h > 0:
            expected += h * (1 + -(-w * bits // 8))
    inflate, got = zlib.decompressobj(), 0
    try:
        for part in idat:
            pending = part
            while pending and got <= expected:
                got += len(inflate.decompress(pending, 1 << 16))
                pending = inflate.unconsumed_tail
            if got > expected:
                break
        got += len(inflate.flush())
    except zlib.error:
        raise _broken(name, "ข้อมูลภาพเสีย", "its image data is damaged") from None
    if got != expected or not inflate.eof:
        raise _broken(name, "ข้อมูลภาพไม่ตรงกับขนาดของภาพ", "its image data does not match its size")
    return width, height


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(data: bytes, name: str) -> tuple[int, int]:
    """The segments up to the scan are whole, a frame header gives the size, and the image ends."""
    at, size = 2, None
    while True:
        while at < len(data) and data[at] == 0xFF and at + 1 < len(data) and data[at + 1] == 0xFF:
            at += 1  # fill bytes
        if at + 4 > len(data) or data[at] != 0xFF:
            raise _broken(name, "ไฟล์ขาดตอนหรือไม่ใช่ JPEG", "the file is cut short or not a JPEG")
        marker = data[at + 1]
        if marker in (0x01, *range(0xD0, 0xD8)):
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if length < 2 or at + 2 + length > len(data):
            raise _broken(name, "ไฟล์ขาดตอน", "the file is cut short")
        if marker in _SOF and length >= 7:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            size = (width, height)
        if marker == 0xDA:  # the scan: the image data runs to the end marker
            break
        at += 2 + length
    if size is None:
        raise _broken(name, "ไม่มีข้อมูลขนาดของภาพ", "it says nothing of its size")
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise _broken(name, "ไฟล์ขาดตอน", "the file is cut short")
    _check_size(name, *size)
    return size


def check_image(data: bytes, name: str) -> str:
    """The image's MIME type when it is a whole PNG or JPEG of a bounded size; Refused otherwise."""
    kind = image_kind(data)
    if kind is None:
        raise Refused("emblem-not-image", f"“{name}” ไม่ใช่รูป PNG หรือ JPEG ให้ใช้ไฟล์ .png หรือ .jpg",
                      f"'{name}' is not a PNG or JPEG image: use a .png or .jpg file.")
    (_png if kind == "image/png" else _jpeg)(data, name)
    return kind


def emblem(base: Path, name: str) -> Path:
    """The emblem named in report.yaml, inside the report folder, a regular file, bounded and a real
    image; Refused (or "emblem-missing") otherwise."""
    path = inside(base, name)
    try:
        data = read_regular(path, MAX_EMBLEM_BYTES, name)
    except FileNotFoundError:
        raise Refused("no-emblem", f"ไม่พบไฟล์ตราครุฑ “{name}” (ตำแหน่งเทียบกับโฟลเดอร์รายงาน)",
                      f"Emblem file '{name}' not found (relative to the report folder).") from None
    except IsADirectoryError:
        raise _not_regular(name) from None
    except OSError as exc:
        raise Refused("file-unreadable", f"อ่านไฟล์ “{name}” ไม่ได้: {exc.strerror}",
                      f"Cannot read '{name}': {exc.strerror}") from None
    check_image(data, name)
    return path


def templates_folder(base: Path, name: str) -> Path:
    """The report's own templates folder, inside the report folder; Refused otherwise."""
    path = inside(base, name)
    if not path.is_dir():
        raise Refused("no-templates-folder", f"ไม่พบโฟลเดอร์แม่แบบ “{name}” (ตำแหน่งเทียบกับโฟลเดอร์รายงาน)",
                      f"Templates folder '{name}' not found (relative to the report folder).")
    return path
