"""Writing report folders: `init` (a new folder from answers, the default measures and an
ita-results.yaml to fill in), `rollover` (next fiscal year's folder from this year's) and `import`
(from a Word file) all end here. The YAML
comes from templates/init/*.j2, with a Thai comment on every key and the schema line first, and is
read back through the loader and the models before anything is written: what this module writes
always passes `check`."""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from . import packages, thai
from .analysis import DEFAULT_LEVELS, DEFAULT_PASS_MARK, TOOLS
from .load import MEASURES_DIR, REPORT_FILE, RESULTS_FILE, load_folder
from .problems import Problem, UserError, display_path
from .resources import shipped_templates
from .schema import schema_texts
from .validate import ReportFolder, validate
from .write import scratch_folder, write_files

SCHEMAS_DIR = "schemas"


def _scalar(value: object) -> str:
    """A value as YAML text: plain where YAML reads it back as the same text, quoted where needed."""
    if value is None:
        return '""'
    if isinstance(value, bool) or isinstance(value, int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    text = yaml.safe_dump(str(value), allow_unicode=True, width=1 << 16)
    return text.removesuffix("\n...\n").removesuffix("\n")


def _flow_scalar(value: object) -> str:
    """A value inside a flow mapping ({number: 1, name: …}): quoted where a comma or bracket would end it."""
    text = _scalar(value)
    if any(mark in text for mark in ",[]{}") and not text.startswith(('"', "'")):
        text = json.dumps(str(value), ensure_ascii=False)
    return text


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _block(value: object, indent: int) -> str:
    """A list or mapping as a YAML block below its key (" []" when empty)."""
    if not value:
        return " []" if isinstance(value, list) or value is None else " {}"
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 16, indent=2,
                     default_flow_style=False)
    pad = " " * indent
    return "\n" + "\n".join(pad + line for line in text.rstrip("\n").splitlines())


@lru_cache(maxsize=1)  # one compile of each template, not one per measure file
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(shipped_templates() / "init")),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["y"] = _scalar
    env.filters["block"] = _block
    env.filters["flow"] = _flow_scalar
    return env


def date_text(value: dt.date | None) -> str:
    return thai.thai_date(value) if value else ""


def report_text(report: dict, schema: str) -> str:
    return _environment().get_template("report.yaml.j2").render(**{"settings": None, "round": None, "publication": None,
                                                                     **report, "schema": schema})


def measure_text(measure: dict, fiscal_year: int, schema: str) -> str:
    fields: dict[str, object] = {"order": None, "steps": [], "owners": [], "period": None, "round1": [], "round2": [], "suggestions": [],
              "indicators": []}
    return _environment().get_template("measure.yaml.j2").render(
        schema=schema, fiscal_year=fiscal_year, **{**fields, **measure})


TOOL_NAMES = {"IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
              "OIT": "แบบตรวจการเปิดเผยข้อมูลสาธารณะ"}


def results_text(results: dict, schema: str) -> str:
    """ita-results.yaml: `results` has fiscal_year, overall (None: blank), tools ({IIT: [{number, name,
    score}]}), settings (None: the defaults) and framework (a note on where the indicators come from)."""
    tools = [(tool, TOOL_NAMES[tool], results["tools"].get(tool, [])) for tool in TOOLS]
    return _environment().get_template("ita-results.yaml.j2").render(
        schema=schema, fiscal_year=results["fiscal_year"], overall=results.get("overall"), tools=tools,
        settings=results.get("settings"), framework=results.get("framework", ""))


def default_results(fiscal_year: int) -> dict:
    """A new folder's ita-results.yaml: last year's, the indicators of the shipped framework, no scores."""
    with open(shipped_templates() / "init" / "ita-indicators.yaml", encoding="utf-8") as handle:
        shipped = yaml.safe_load(handle)
    tools = {tool: [{"number": i["number"], "name": i["name"], "score": None} for i in items]
             for tool, items in shipped["tools"].items()}
    return {"fiscal_year": fiscal_year - 1, "overall": None, "tools": tools, "framework": shipped.get("framework", "")}


def default_measures() -> list[dict]:
    with open(shipped_templates() / "init" / "measures.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def folder_files(report: dict, measures: list[dict], results: dict | None = None) -> dict[str, bytes]:
    """Every file of a report folder: report.yaml, measures/*.yaml (each measure dict has its 'file'
    name), ita-results.yaml when `results` are given, and schemas/ for the editor."""
    files = {REPORT_FILE: report_text(report, f"{SCHEMAS_DIR}/report.schema.json").encode("utf-8")}
    if results is not None:
        files[RESULTS_FILE] = results_text(results, f"{SCHEMAS_DIR}/ita-results.schema.json").encode("utf-8")
    for measure in measures:
        name = measure["file"] if measure["file"].endswith((".yaml", ".yml")) else measure["file"] + ".yaml"
        body = {k: v for k, v in measure.items() if k != "file"}
        files[f"{MEASURES_DIR}/{name}"] = measure_text(body, report["fiscal_year"],
                                                         f"../{SCHEMAS_DIR}/measure.schema.json").encode("utf-8")
    for name, text in schema_texts().items():
        files[f"{SCHEMAS_DIR}/{name}"] = text.encode("utf-8")
    return files


def write_folder(folder: Path, files: dict[str, bytes], force: bool = False,
                 require_valid: bool = True) -> tuple[list[Path], list[Problem]]:
    """Writes a report folder after reading its YAML back through the loader and the models in a
    scratch folder. With require_valid, a folder that would not pass them is not written (the
    problems are raised); without, it is written and the problems returned, named at their real
    place, for the person to fix (import: what the Word file did not say). Never overwrites an
    existing report unless force."""
    if (folder / REPORT_FILE).exists() and not force:
        raise UserError([Problem("folder-exists", "โฟลเดอร์นี้มี report.yaml อยู่แล้ว จึงไม่เขียนทับ ให้ใช้โฟลเดอร์ใหม่ "
                                 "หรือสั่งพร้อม --force", "This folder already has a report.yaml: not overwritten. "
                                 "Use a new folder, or --force.", file=display_path(folder))])
    with scratch_folder() as scratch:
        trial = Path(scratch) / "report"
        write_files(trial, files, durable=False)
        try:
            checked = validate(load_folder(trial))
            problems = list(checked.warnings)
        except UserError as exc:
            problems = exc.problems
        problems = [_moved(p, trial, folder) for p in problems]
    if require_valid and any(p.severity == "error" for p in problems):
        raise UserError(problems)
    return write_files(folder, files), problems


def _moved(problem: Problem, trial: Path, folder: Path) -> Problem:
    from dataclasses import replace

    if problem.file and problem.file.startswith(display_path(trial)):
        return replace(problem, file=display_path(folder) + problem.file[len(display_path(trial)):])
    return problem


def next_year_text(text: str) -> str:
    """Years in a text moved on by one: "ต.ค. ๒๕๖๔ - ก.ย. ๒๕๖๕" → "ต.ค. ๒๕๖๕ - ก.ย. ๒๕๖๖" (BE years,
    Thai or Arabic digits, and two-digit years after a month abbreviation)."""
    def bump(match: re.Match) -> str:
        digits = match.group(0)
        thai_digits = digits != thai.to_arabic_digits(digits)
        value = str(int(thai.to_arabic_digits(digits)) + 1).zfill(len(digits))
        return thai.to_thai_digits(value) if thai_digits else value
    return re.sub(r"(?<![\d๐-๙])(?:25|๒๕)[\d๐-๙]{2}(?![\d๐-๙])", bump, text)


def shifted_date(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# ---------------------------------------------------------------- init

BLANK = "." * 40  # a name left to be written by hand, as on a paper form


def posts(org_name: str) -> dict[str, str]:
    """The usual posts of a local government by its kind: the permanent secretary (ปลัด) and the
    executive (นายก), as positions with the place name and as comment roles without it, and the
    office that writes the memo."""
    for kind, executive in (("องค์การบริหารส่วนจังหวัด", "นายกองค์การบริหารส่วนจังหวัด"),
                            ("องค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนตำบล"),
                            ("เทศบาล", "นายกเทศมนตรี")):
        if org_name.startswith(kind):
            place = org_name[len(kind):]
            exec_position = f"{executive}{place}" if kind != "เทศบาล" else f"นายกเทศมนตรี{place}"
            # the administrative office: สำนักปลัด in an อบต., named with its kind elsewhere
            department = "สำนักปลัด" if kind == "องค์การบริหารส่วนตำบล" else f"สำนักปลัด{kind}"
            return {"head_role": f"ปลัด{kind}", "head_position": f"ปลัด{org_name}",
                    "executive_role": executive, "executive_position": exec_position, "department": department}
    return {"head_role": "ปลัด", "head_position": f"ปลัด{org_name}", "executive_role": "ผู้บริหาร",
            "executive_position": f"ผู้บริหาร{org_name}", "department": "สำนักปลัด"}


def new_report(answers: dict[str, str]) -> tuple[dict, list[dict], dict]:
    """report.yaml's content, the default measures and the ita-results.yaml to fill in for a new
    folder, from init's answers (see `init_questions` for the keys)."""
    a = answers
    fiscal_year = int(a["fiscal_year"])
    report: dict[str, object] = {
        "org": {"name": a["organisation"], "short_name": a.get("short_name") or None, "district": a["district"],
                "province": a["province"]},
        "fiscal_year": fiscal_year,
        "memo": {
            "department": a["department"], "code": a["code"], "number": "", "date": "", "to": a["to"],
            "emblem": None,
            "writer": {"name": a["writer"], "position": a["writer_position"]},
            "reviewers": [
                {"role": a["head_role"], "name": a["head"], "position": a["head_position"]},
                {"role": a["executive_role"], "name": a["executive"], "position": a["executive_position"]},
            ],
        },
    }
    if a.get("publisher"):  # asked for the publication form: both parts written, to fill in
        report["publication"] = {"announcement": {"date": ""}, "form": {
            "date": "", "link": "", "publisher": {"name": a["publisher"], "position": a.get("publisher_position") or BLANK}}}
    return report, default_measures(), default_results(fiscal_year)


PLACE_QUESTIONS = (
    ("organisation", "ชื่อเต็มของหน่วยงาน (เช่น องค์การบริหารส่วนตำบลนาโสม ไม่ใช้ชื่อย่อ อบต.)"),
    ("district", "ชื่ออำเภอ ไม่ต้องพิมพ์คำว่า อำเภอ (เช่น บ้านหมี่)"),
    ("province", "ชื่อจังหวัด ไม่ต้องพิมพ์คำว่า จังหวัด (เช่น ลพบุรี)"),
)  # (key, Thai question) of init's required answers, asked first: the rest's defaults come from them


def init_questions(organisation: str, today: dt.date) -> list[tuple[str, str, str]]:
    """(key, Thai question, default) of init's optional answers, defaults from the organisation."""
    post = posts(organisation)
    return [
        ("fiscal_year", "ปีงบประมาณ (พ.ศ.)", str(thai.FiscalYear.of(today).be)),
        ("department", "ส่วนราชการที่ออกบันทึก", post["department"]),
        ("code", "รหัสหนังสือ (ที่)", "สป"),
        ("to", "เรียน", post["executive_position"]),
        ("writer", "ชื่อผู้จัดทำ", BLANK),
        ("writer_position", "ตำแหน่งผู้จัดทำ", "นักวิเคราะห์นโยบายและแผน"),
        ("head", "ชื่อปลัด (ผู้ให้ความเห็น)", BLANK),
        ("head_position", "ตำแหน่งปลัด", post["head_position"]),
        ("head_role", "ความเห็นของ (ปลัด)", post["head_role"]),
        ("executive", "ชื่อผู้บริหาร (นายก)", BLANK),
        ("executive_position", "ตำแหน่งผู้บริหาร", post["executive_position"]),
        ("executive_role", "ความเห็นของ (ผู้บริหาร)", post["executive_role"]),
        ("publisher", "ชื่อผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่ทางเว็บไซต์ (เว้นว่าง: ยังไม่ทำแบบฟอร์มขอเผยแพร่)", ""),
        ("publisher_position", "ตำแหน่งผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", "นักวิชาการคอมพิวเตอร์"),
    ]


# ---------------------------------------------------------------- rollover

def _step(step) -> object:
    """A step as YAML data, at any depth: its text, or its text and sub-steps. Not pydantic's dump,
    whose serializer misreads a step within a step within a step (the union of text and Step behind
    a forward reference) and prints a raw warning."""
    if isinstance(step, str):
        return step
    return {"text": step.text, "steps": [_step(s) for s in step.steps]} if step.steps else {"text": step.text}


def _signer(signer) -> dict:
    """A signer's keys in the order a person reads them: whose comment, who, what post, acting for."""
    data = signer.model_dump(exclude_none=True)
    order = ("role", "name", "position", "acting_for")
    return {key: data[key] for key in order if key in data}


def _publication(section) -> dict | None:
    """The publication section for next year: the same people, link and remarks; dates and the years
    in texts moved on by one."""
    if section is None:
        return None
    out: dict = {}
    if section.announcement is not None:
        signer = section.announcement.signer
        out["announcement"] = {"date": date_text(shifted_date(section.announcement.date)),
                               "signer": _signer(signer) if signer else None}
    if section.form is not None:
        form = section.form
        out["form"] = {"date": date_text(shifted_date(form.date)),
                       "subject": next_year_text(form.subject) if form.subject else None, "link": form.link,
                       "remarks": [next_year_text(r) for r in form.remarks],
                       **{key: _signer(getattr(form, key)) if getattr(form, key) else None
                          for key in ("provider", "approver", "publisher")}}
    return out or {"announcement": None, "form": None}


def rolled_over(folder: ReportFolder) -> tuple[dict, list[dict], dict[str, bytes]]:
    """Next fiscal year's report from this one: the same measures, steps, owners and people; the
    progress and suggestions emptied; the fiscal year, the memo's date and the years in the periods
    moved on by one; the round left to the calendar. Also the files to copy (own templates, emblem) and
    next year's ita-results.yaml: the same indicators and settings, the year moved on, the scores blank
    (init's when this year has none)."""
    report = folder.report
    memo = report.memo
    data = {
        "org": report.organisation.model_dump(exclude_none=True),
        "fiscal_year": report.fiscal_year + 1,
        "settings": report.settings.model_dump(exclude_defaults=True) or None,
        "memo": {
            "department": memo.department, "code": memo.code, "number": "",
            "date": date_text(shifted_date(memo.date)), "to": memo.to, "emblem": memo.emblem,
            "writer": _signer(memo.writer),
            "reviewers": [_signer(r) for r in memo.reviewers],
        },
        "publication": _publication(report.publication),
    }
    measures = []
    for item in folder.measures:
        measure = item.measure
        period = measure.period and [next_year_text(p) for p in measure.period]
        measures.append({"file": item.source.path.name, "order": measure.order, "title": measure.title,
                         "steps": [_step(s) for s in measure.steps], "owners": list(measure.owners),
                         "period": period or None, "indicators": list(measure.indicators)})
    results = results_text(_rolled_results(folder), f"{SCHEMAS_DIR}/ita-results.schema.json").encode("utf-8")
    return data, measures, {RESULTS_FILE: results, **_own_files(folder)}


def _own_files(folder: ReportFolder) -> dict[str, bytes]:
    """The emblem and the own templates to copy, under the same names relative to the folder (which
    validation keeps inside it). A file in the templates folder that is a link out of the report
    folder or not a regular file is refused, not copied."""
    import os

    from . import files
    from .sandbox import MAX_TEMPLATE_BYTES

    base, report = folder.path, folder.report
    found: list[Path] = [base / report.memo.emblem] if report.memo.emblem else []
    own = base / report.settings.templates if report.settings.templates else None
    if own is not None and own.resolve() == base.resolve():  # templates: . — the templates alone, not the folder
        found += [own / p.name for p in sorted(shipped_templates().iterdir()) if (own / p.name).is_file()]
    elif own is not None:
        for root, dirs, names in os.walk(own):  # links to folders not followed
            dirs.sort()
            found += [Path(root) / name for name in sorted(names)]
    extra: dict[str, bytes] = {}
    problems: list[Problem] = []
    for path in found:
        try:
            if not files.within(base, path):
                raise files.outside(path.relative_to(base).as_posix())
            limit = files.MAX_EMBLEM_BYTES if report.memo.emblem and path == base / report.memo.emblem else \
                max(MAX_TEMPLATE_BYTES, packages.MAX_FILE_BYTES)
            extra[path.relative_to(base).as_posix()] = files.read_regular(path, limit, path.name)
        except files.Refused as refused:
            problems.append(Problem(refused.code, refused.th, refused.en, file=display_path(path)))
    if problems:
        raise UserError(problems)
    return extra


def _rolled_results(folder: ReportFolder) -> dict:
    results = folder.results
    if results is None:
        return default_results(folder.report.fiscal_year + 1)
    settings: dict[str, int | float | dict[str, int | float]] = {}
    if results.settings.pass_mark != DEFAULT_PASS_MARK:
        settings["pass_mark"] = _number(results.settings.pass_mark)
    if results.settings.levels != DEFAULT_LEVELS:
        settings["levels"] = {name: _number(lowest) for name, lowest in results.settings.levels.items()}
    tools = {tool: [{"number": i.number, "name": i.name, "score": None} for i in getattr(results.tools, tool)]
             for tool in TOOLS}
    return {"fiscal_year": folder.report.fiscal_year, "overall": None, "tools": tools, "settings": settings or None}


def _number(value) -> int | float:
    """A Decimal as YAML writes a number: 85, 84.5."""
    return int(value) if value == value.to_integral_value() else float(value)
