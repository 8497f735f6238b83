"""Stage 3 for the analysis of last year's ITA results: from ita-results.yaml (scored by analysis.py),
the measures and the wording template analysis.j2, the document's paragraphs, the table of every
indicator (grouped by tool, then the overall score) and the bar chart's data, as final Thai text.
Renderers only lay this out and draw the chart."""
from __future__ import annotations

from decimal import Decimal

from . import analysis
from .analysis import Assessment, mark_text, score_text
from .content import Bar, Chart, Derived, Document, Line, Row
from .derive import Digits, Macros, render_blocks, wording, wording_context
from .resources import Templates, run
from .validate import ReportFolder

ANALYSIS_KINDS = ("heading", "body", "subheading", "item", "detail", "space", "table", "chart")
# The cells of the indicator table: an indicator's row, a tool's group row, the overall score's row
ANALYSIS_COLUMNS = ("number", "indicator", "score", "level", "group", "total")
TICKS = tuple(Decimal(v) for v in range(0, 101, 20))  # the score axis: 0 to 100


def _levels(levels: dict[str, Decimal]) -> list[dict]:
    """The bands from the highest, as the text states them: AA 95–100, …, F below 50."""
    ordered = sorted(levels.items(), key=lambda band: -band[1])
    out = []
    for i, (name, lowest) in enumerate(ordered):
        if i == len(ordered) - 1 and len(ordered) > 1:
            out.append({"name": name, "below": mark_text(ordered[i - 1][1]), "low": "0", "high": ""})
        else:
            high = "100" if i == 0 else score_text(ordered[i - 1][1] - Decimal("0.01"))
            out.append({"name": name, "below": "", "low": mark_text(lowest), "high": high})
    return out


def _rows(assessment: Assessment, tools: dict, overall_label: str, digits) -> tuple[Row, ...]:
    rows: list[Row] = []
    for tool in analysis.TOOLS:
        members = [i for i in assessment.indicators if i.tool == tool]
        if not members:
            continue
        rows.append(Row({"group": (Line(digits(str(tools.get(tool, tool)))),)}, "group"))
        rows += [Row({"number": (Line(digits(str(i.number))),), "indicator": (Line(digits(i.name)),),
                      "score": (Line(digits(score_text(i.score))),), "level": (Line(i.level),)})
                 for i in members]
    rows.append(Row({"total": (Line(digits(overall_label)),), "score": (Line(digits(score_text(assessment.overall))),),
                     "level": (Line(assessment.overall_level),)}, "total"))
    return tuple(rows)


def _chart(assessment: Assessment, macros: Macros, digits, font: str, thai_digits: bool) -> Chart:
    text = lambda macro: digits(" ".join(macro().split()))  # noqa: E731
    bars = tuple(Bar(digits(str(i.number)), digits(i.name), i.score, digits(score_text(i.score)),
                     i.score < assessment.pass_mark) for i in assessment.indicators)
    return Chart(text(macros.chart_title), bars, assessment.pass_mark,
                 tuple((tick, digits(mark_text(tick))) for tick in TICKS), text(macros.chart_categories),
                 text(macros.chart_values), text(macros.chart_passed), text(macros.chart_weak),
                 text(macros.chart_pass_mark), text(macros.chart_description), font, thai_digits)


def derive_analysis(folder: ReportFolder, derived: Derived, templates: Templates) -> Document | None:
    """The analysis document (documents.ANALYSIS); None without ita-results.yaml or while a score in it
    is blank (its findings then stop the build and say which)."""
    if folder.results is None:
        return None
    digits = Digits(folder.report)
    context = wording_context(folder.report, derived.round)
    measures = folder.measures
    assessment = analysis.assess_results(folder.results, [m.measure.indicators for m in measures])
    if assessment is None:
        return None
    scored = lambda i: {"tool": i.tool, "number": i.number, "name": i.name,  # noqa: E731
                        "score": score_text(i.score), "level": i.level}
    context = {
        **context,
        "year": assessment.year,
        "overall": {"score": score_text(assessment.overall), "level": assessment.overall_level},
        "pass_mark": mark_text(assessment.pass_mark),
        "levels": _levels(folder.results.settings.levels),
        "indicators": [scored(i) for i in assessment.indicators],
        "weak": [{**scored(w.indicator), "rank": w.rank,
                  "measures": [{"number": n, "title": measures[n - 1].measure.title} for n in w.measures]}
                 for w in assessment.weak],
    }
    template = wording(templates, "analysis.j2")
    blocks = tuple(digits.block(b) for b in render_blocks(template, context, ANALYSIS_KINDS))
    report = folder.report
    heading = next((b for b in blocks if b.kind == "heading"), None)
    macros = Macros(template, context)
    tools = run(template, getattr, macros.module, "tools", {})  # the tools' names (a dict in analysis.j2)
    rows = _rows(assessment, tools if isinstance(tools, dict) else {}, macros.overall_label(), digits)
    chart = _chart(assessment, macros, digits, report.settings.font, report.settings.digits == "thai")
    return Document("analysis", blocks, rows, font=report.settings.font,
                    title=" ".join(heading.parts) if heading else "", date=report.memo.date,
                    columns=ANALYSIS_COLUMNS, chart=chart)
