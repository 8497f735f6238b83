"""The library's entry point for one report: `build` a report folder into files, the same way the
command does. The stages themselves and the single-report build it shares with `batch` live in
`stages` (below both: this module and `batch` import it, it imports neither); their names are
available here too, as callers of the library know them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from .problems import Problem, UserError
from .stages import (DEFAULT_REPORT_TIMEOUT, FORMATS, PDFs, Options, Outcome, Prepared, Rendered,  # noqa: F401
                     ReportTimeout, build_documents, build_one, choose_round, output_names, prepare, render,
                     render_report, report_stem, templates_of, time_limit, to_pdf)


def build(path: Path, round_number: int | str | None, out: Path | None, formats: Iterable[str] = ("docx",),
          soffice: str | None = None, timeout: float | None = None,
          today: dt.date | None = None, own_templates: bool = True,
          documents: tuple[str, ...] | None = None) -> tuple[list[Path], list[Problem]]:
    """One report folder to files in `out` (default REPORT_DIR/out), by the same path as the command
    (stages.build_one, which a batch runs for each report), raising UserError on failure. When the PDF
    cannot be made, the other formats are still written and the UserError says which were (its `written`)."""
    options = Options(round_number, tuple(formats), soffice, timeout, today, own_templates=own_templates,
                      documents=documents)
    outcome = build_one(path, out or path / "out", options, defer_pdf=False)
    if outcome.failed:
        raise UserError(outcome.problems, outcome.written)
    return outcome.written, outcome.problems
