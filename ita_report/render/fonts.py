"""Which font the PDF is drawn with, and a stand-in of the right size when the document's font is not
installed.

The government's fonts (TH SarabunIT๙, TH SarabunPSK) are not in Linux distributions. fonts-thai-tlwg's
Laksaman is drawn from TH SarabunPSK's outlines but at about 1.5 times its size; fontconfig's own rule
(89-tlwg-laksaman-synthetic.conf) scales it to 0.66 for "TH Sarabun", a scale LibreOffice ignores. So
for a LibreOffice run we make a copy of Laksaman whose em is 1/0.66 of Laksaman's (every outline, advance
and line metric shrinks with it), name its family after the document's font, and show it to that run
alone through a fontconfig file of its own. Its PostScript name says what it is (Laksaman-SarabunSize),
so `pdffonts` tells a reader. The copies are made once and kept in the user's cache folder.

Where fontconfig is not what LibreOffice uses (Windows, macOS), LibreOffice chooses as it always does."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

# Laksaman's glyphs against TH Sarabun's at the same point size (fonts-tlwg's own figure)
SARABUN_SCALE = 0.66
STYLES = {"Regular": "", "Bold": "-Bold", "Italic": "-Italic", "Bold Italic": "-BoldItalic"}
_VERSION = "1"  # bump when the way copies are made changes, so that old cached copies are not used


@dataclass(frozen=True)
class FontPlan:
    """What a LibreOffice run is shown, and the one line that tells the user."""

    th: str
    en: str
    standin: Path | None = None  # a folder of stand-in fonts to show the run (through fontconfig_file)


def _fc(*args: str) -> str | None:
    program = shutil.which(args[0])
    if program is None:
        return None
    try:
        result = subprocess.run([program, *args[1:]], capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def _families(listing: str) -> set[str]:
    return {name.strip().casefold() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def installed(family: str) -> bool | None:
    """Whether fontconfig knows a font of this family (None where LibreOffice does not use fontconfig)."""
    if sys.platform in ("win32", "darwin"):
        return None
    listing = _fc("fc-list", "--format", "%{family}\n")
    return None if listing is None else family.casefold() in _families(listing)


def laksaman_files() -> dict[str, Path]:
    """Laksaman's files by style, as fontconfig lists them ({} when it is not installed)."""
    listing = _fc("fc-list", "--format", "%{file}|%{style[0]}|%{fontformat}\n", "Laksaman") or ""
    found: dict[str, Path] = {}
    for line in sorted(listing.splitlines()):
        path, _, rest = line.partition("|")
        style, _, kind = rest.partition("|")
        if style in STYLES and kind.strip() == "TrueType" and style not in found:
            found[style] = Path(path)
    return found


def cache_root(environ=None) -> Path:
    environ = os.environ if environ is None else environ
    if environ.get("ITA_REPORT_CACHE"):
        return Path(environ["ITA_REPORT_CACHE"])
    if sys.platform == "win32" and environ.get("LOCALAPPDATA"):
        return Path(environ["LOCALAPPDATA"]) / "ita-report" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ita-report"
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ita-report"


def scaled_copy(source: Path, family: str, style: str, scale: float) -> bytes:
    """One style of Laksaman drawn at `scale` of its size, under the document's family name. Hinting
    is left out: it was made for Laksaman's em, and a PDF does not use it."""
    import io

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables import ttProgram

    font = TTFont(str(source))
    font["head"].unitsPerEm = round(font["head"].unitsPerEm / scale)
    for tag in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "FFTM"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for name in glyf.keys():
        glyph = glyf[name]
        if hasattr(glyph, "program"):
            glyph.program = ttProgram.Program()
            glyph.program.fromBytecode(b"")
    postscript = "Laksaman-SarabunSize" + STYLES[style]
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, text in ((1, family), (2, style), (3, f"ita-report {postscript} {_VERSION}"),
                          (4, f"Laksaman at TH Sarabun size {style}"), (6, postscript), (16, family), (17, style)):
        names.setName(text, name_id, 3, 1, 0x409)
    font["OS/2"].fsType = 0  # installable embedding, as Laksaman's licence (GPL with the font exception) allows
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def standin_folder(family: str, sources: dict[str, Path], scale: float = SARABUN_SCALE, root: Path | None = None) -> Path:
    """The cached folder of stand-in fonts for `family`, made (atomically) when missing. The folder's
    name is a digest of the sources, the family, the scale and this code's version."""
    digest = hashlib.sha256()
    for style in sorted(sources):
        digest.update(style.encode() + b"\0" + sources[style].read_bytes())
    digest.update(f"{family}\0{scale}\0{_VERSION}".encode())
    root = (root or cache_root()) / "fonts"
    folder = root / digest.hexdigest()[:24]
    if (folder / "done").is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".making-", dir=root))
    try:
        for style, source in sorted(sources.items()):
            (scratch / f"Laksaman-SarabunSize{STYLES[style]}.ttf").write_bytes(scaled_copy(source, family, style, scale))
        (scratch / "done").write_text("ok\n", encoding="ascii")
        try:
            scratch.rename(folder)
        except OSError:  # another run made it first
            if not (folder / "done").is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def fontconfig_file(fonts: Path, cache: Path, environ=None) -> str:
    """A fontconfig file: the system's configuration, plus the stand-in folder."""
    environ = os.environ if environ is None else environ
    system = environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    return ("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
            f"  <include ignore_missing=\"yes\">{escape(system)}</include>\n"
            f"  <dir>{escape(str(fonts))}</dir>\n  <cachedir>{escape(str(cache))}</cachedir>\n</fontconfig>\n")


def plan(family: str) -> FontPlan:
    """How the PDF of a document set in `family` is drawn on this machine."""
    state = installed(family)
    if state is None:
        return FontPlan(f"PDF ใช้ฟอนต์ {family} ถ้าติดตั้งไว้ในเครื่องนี้ (ถ้าไม่มี LibreOffice จะเลือกฟอนต์อื่นแทน)",
                        f"PDF font: {family} if this computer has it (else LibreOffice picks another).")
    if state:
        return FontPlan(f"PDF ใช้ฟอนต์ {family} ที่ติดตั้งไว้", f"PDF font: {family}, installed.")
    if "sarabun" in family.casefold():
        sources = laksaman_files()
        if "Regular" in sources:
            try:
                folder = standin_folder(family, sources)
            except Exception as exc:  # fontTools missing, a damaged font, a cache not writable: say so, go on
                return FontPlan(f"PDF: ไม่มีฟอนต์ {family} และทำฟอนต์แทนขนาดเท่ากันไม่ได้ ({exc}) ตัวอักษรจะใหญ่กว่าใน Word",
                                f"PDF: {family} is not installed and no same-size stand-in could be made ({exc}): "
                                "text will be larger than Word prints it.")
            return FontPlan(
                f"PDF: ไม่มีฟอนต์ {family} ในเครื่องนี้ ใช้ Laksaman ย่อเป็นขนาดของ TH Sarabun ({SARABUN_SCALE}) แทน "
                f"หน้ากระดาษและการตัดบรรทัดใกล้เคียงกับที่ Word พิมพ์ (ติดตั้ง {family} เพื่อให้ตรงทุกตัวอักษร)",
                f"PDF font: {family} is not installed; drawn with Laksaman scaled to TH Sarabun's size ({SARABUN_SCALE}), "
                f"so pages and line breaks come close to Word's (install {family} for the exact glyphs).",
                standin=folder)
    fallback = (_fc("fc-match", "--format", "%{family[0]}", family) or "").strip() or "?"
    return FontPlan(f"PDF: ไม่มีฟอนต์ {family} ในเครื่องนี้ LibreOffice ใช้ {fallback} แทน ขนาดและการตัดบรรทัดอาจต่างจาก Word",
                    f"PDF font: {family} is not installed; LibreOffice draws {fallback} instead, so sizes and line "
                    "breaks may differ from Word's.")
