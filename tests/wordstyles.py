"""Word's run and paragraph properties as Word resolves them (defaults → style chain → direct), for
tests that check what a reader of a built .docx sees: the Thai font in the complex-script slot."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from conftest import q, xml_part

THAI = re.compile("[\u0e01-\u0e5b]")


class Styles:
    """Run and paragraph properties as Word resolves them: defaults → style chain → direct."""

    def __init__(self, docx: Path):
        root = xml_part(docx, "word/styles.xml")
        self.defaults = self.run_props(root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}"))
        self.styles = {s.get(q("w:styleId")): s for s in root.findall(q("w:style"))}
        self.default_para = next(s.get(q("w:styleId")) for s in root.findall(q("w:style"))
                                 if s.get(q("w:type")) == "paragraph" and s.get(q("w:default")) == "1")

    @staticmethod
    def run_props(rpr) -> dict:
        out = {}
        if rpr is None:
            return out
        fonts = rpr.find(q("w:rFonts"))
        if fonts is not None:
            for slot in ("ascii", "hAnsi", "cs", "cstheme", "asciiTheme"):
                if fonts.get(q(f"w:{slot}")) is not None:
                    out[slot] = fonts.get(q(f"w:{slot}"))
        for tag in ("sz", "szCs"):
            if rpr.find(q(f"w:{tag}")) is not None:
                out[tag] = rpr.find(q(f"w:{tag}")).get(q("w:val"))
        for tag in ("b", "bCs", "noProof"):
            el = rpr.find(q(f"w:{tag}"))
            if el is not None:
                out[tag] = el.get(q("w:val"), "1") not in ("0", "false")
        lang = rpr.find(q("w:lang"))
        if lang is not None and lang.get(q("w:bidi")):
            out["bidi"] = lang.get(q("w:bidi"))
        return out

    def chain(self, sid, part: str):
        found = []
        while sid in self.styles:
            style = self.styles[sid]
            found.append(style.find(q(f"w:{part}")))
            based = style.find(q("w:basedOn"))
            sid = based.get(q("w:val")) if based is not None else None
        return list(reversed(found))

    def effective_run(self, paragraph, run) -> dict:
        ppr = paragraph.find(q("w:pPr"))
        pstyle = ppr.find(q("w:pStyle")).get(q("w:val")) if ppr is not None and ppr.find(q("w:pStyle")) is not None \
            else self.default_para
        rpr = run.find(q("w:rPr"))
        rstyle = rpr.find(q("w:rStyle")).get(q("w:val")) if rpr is not None and rpr.find(q("w:rStyle")) is not None \
            else None
        eff = dict(self.defaults)
        for el in self.chain(pstyle, "rPr") + self.chain(rstyle, "rPr") + [rpr]:
            eff.update(self.run_props(el))
        return eff

    def paragraph_value(self, paragraph, tag: str, attr: str):
        ppr = paragraph.find(q("w:pPr"))
        pstyle = ppr.find(q("w:pStyle")).get(q("w:val")) if ppr is not None and ppr.find(q("w:pStyle")) is not None \
            else self.default_para
        value = None
        for el in self.chain(pstyle, "pPr") + [ppr]:
            if el is not None and el.find(q(f"w:{tag}")) is not None:
                value = el.find(q(f"w:{tag}")).get(q(f"w:{attr}"), value)
        return value


def thai_runs(docx: Path):
    styles = Styles(docx)
    with zipfile.ZipFile(docx) as z:
        parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*)\.xml$", n)]
    for part in parts:
        for p in xml_part(docx, part).iter(q("w:p")):
            for r in p.iter(q("w:r")):
                text = "".join(t.text or "" for t in r.iter(q("w:t")))
                if THAI.search(text):
                    yield text, styles.effective_run(p, r)


def assert_thai_runs(docx: Path, at_least: int) -> None:
    """Every Thai run in the Thai font's complex-script slot, with its size, bold and language."""
    runs = list(thai_runs(docx))
    assert len(runs) > at_least
    for text, eff in runs:
        assert eff.get("cs") == "TH SarabunIT๙" and "cstheme" not in eff, text
        assert eff.get("szCs") == eff.get("sz") and eff.get("sz"), text
        assert not eff.get("b") or eff.get("bCs"), text
        assert not eff.get("noProof"), text
        assert eff.get("bidi") == "th-TH", text
