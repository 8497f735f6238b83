"""The shape of the input: pydantic models of report.yaml and of one measure file. Unknown keys are
refused everywhere, so a typo fails loudly. Titles and descriptions are in Thai: they become the JSON
Schema that editors show while a person types."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Annotated, Literal, Union

import re
from pathlib import Path

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      ValidationInfo, WithJsonSchema, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from . import files, thai
from .analysis import DEFAULT_LEVELS, DEFAULT_PASS_MARK, TOOLS

DEFAULT_FONT = "TH SarabunIT๙"
FISCAL_YEARS = (2500, 2700)  # the BE years a fiscal year may be


def _read_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (str, int)):
        try:
            return thai.parse_date(str(value))
        except thai.DateFormatError as exc:
            raise PydanticCustomError("date", str(exc), {"en": exc.en}) from None
    return value


def _as_text(value: object) -> object:
    """Numbers typed where text is meant (a document number, a year in a phrase) are kept as text."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


# Text that is not blank once its spaces (and the control characters the loader takes out) are gone:
# the schema says so too, for the editor.
# (The length is its own constraint after the strip: pydantic 2.14 checks a combined
# StringConstraints(strip_whitespace=True, min_length=1) before stripping once a BeforeValidator runs.)
Text = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True), StringConstraints(min_length=1),
                 WithJsonSchema({"type": "string", "minLength": 1, "pattern": f"[^\\s{thai.CONTROL_RANGE}]"})]
OptionalText = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True)]
ThaiDate = Annotated[
    dt.date,
    BeforeValidator(_read_date),
    WithJsonSchema({
        "type": "string",
        "description": "วันที่ เช่น ๒๐ เมษายน ๒๕๖๕, 20 เม.ย. 65, 20/4/2565 หรือ 2565-04-20 (ปี พ.ศ.)",
        "examples": ["๒๐ เมษายน ๒๕๖๕", "2565-04-20"],
        "pattern": thai.DATE_PATTERN,
    }),
]


def _typed_whole_number(value: object) -> object:
    """A whole number typed as text ("๙", " 12 ") as the number; any other value as it is. Six digits at
    most: a number of thousands is a slip, and int() of it refuses in Python's own English."""
    if isinstance(value, str):
        digits = thai.to_arabic_digits(value.strip())
        if digits.isdigit() and len(digits) <= 6:
            return int(digits)
    return value


def _read_be_year(value: object) -> object:
    """A Buddhist-era year: 2565, "๒๕๖๕"; a CE year is refused with its BE twin named."""
    value = _typed_whole_number(value)
    if isinstance(value, (bool, str)):  # YAML's yes is not a year (pydantic would read it as 1); text, no number
        raise PydanticCustomError("fiscal-year", "ปีงบประมาณต้องเป็นตัวเลขปี พ.ศ. เช่น 2565",
                                  {"en": "The fiscal year must be a BE year such as 2565."})
    if isinstance(value, int) and not isinstance(value, bool) and not FISCAL_YEARS[0] <= value <= FISCAL_YEARS[1]:
        hint = f" (ถ้าเป็น ค.ศ. {value} คือ พ.ศ. {value + 543})" if 1950 <= value <= 2200 else ""
        hint_en = f" (CE {value} is BE {value + 543})" if hint else ""
        raise PydanticCustomError("fiscal-year", f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2565{hint}",
                                  {"en": f"The fiscal year must be a BE year such as 2565{hint_en}."})
    return value


# As the tool reads it: a number 2500–2700, or the same year written as text in Thai or Arabic digits
# ("๒๕๖๙"), so that an editor's schema check and the tool agree on every value.
_BE_YEAR_TEXT = r"^\s*(?:[2๒][56๕๖][0-9๐-๙]{2}|[2๒][7๗][0๐]{2})\s*$"
BEYear = Annotated[int, BeforeValidator(_read_be_year), WithJsonSchema({"anyOf": [
    {"type": "integer", "minimum": FISCAL_YEARS[0], "maximum": FISCAL_YEARS[1]},
    {"type": "string", "pattern": _BE_YEAR_TEXT}]})]


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


# A date that may be left blank ("" or no value), to be written by hand on paper.
OptionalDate = Annotated[ThaiDate | None, BeforeValidator(_blank_is_none)]
# A text that may be left blank: the document then leaves its place to be written by hand.
BlankText = Annotated[Text | None, BeforeValidator(_blank_is_none)]

# One text or a list of texts, each a line: always a list once read (the schema takes either, as the tool does).
TextLines = Annotated[list[Text], BeforeValidator(lambda v: [v] if isinstance(v, (str, int)) else v,
                                                  json_schema_input_type=Union[Text, list[Text]])]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _in_folder(check, value: str | None, info: ValidationInfo) -> str | None:
    """A path from the YAML checked against the report folder (the validation context's "folder"),
    as RenderCV's ExistingPathRelativeToInput does: so `check` names a bad path at its line."""
    folder = (info.context or {}).get("folder")
    if value is None or folder is None:
        return value
    try:
        check(Path(folder), value)
    except files.Refused as refused:
        raise PydanticCustomError(refused.code, refused.th,
                                  {"en": refused.en}) from None
    return value


# A font name goes into Word's XML and into the web page's CSS: letters (Thai too), digits, spaces
# and a few marks, never a quote, a semicolon, a brace or a line break.
_FONT_NAME = re.compile(r"[\w\u0e00-\u0e7f .\-+&'()]{1,64}")


# ---------------------------------------------------------------- report.yaml

def _place(words: tuple[str, ...]):
    """The word อำเภอ/จังหวัด typed before the name is taken off (the documents print it; `check` says so)."""
    return BeforeValidator(lambda v: thai.without_place_word(v, words)[0] if isinstance(v, str) else v)


class Organisation(Model):
    name: Text = Field(title="ชื่อเต็มของหน่วยงาน", examples=["องค์การบริหารส่วนตำบลนาโสม"])
    short_name: Text | None = Field(None, title="ชื่อย่อ", examples=["อบต.นาโสม"])
    district: Annotated[Text, _place(thai.DISTRICT_WORDS)] = Field(
        title="อำเภอ (ไม่ต้องพิมพ์คำว่าอำเภอ)", examples=["ชัยบาดาล"])
    province: Annotated[Text, _place(thai.PROVINCE_WORDS)] = Field(
        title="จังหวัด (ไม่ต้องพิมพ์คำว่าจังหวัด)", examples=["ลพบุรี"])


class Settings(Model):
    font: Text = Field(DEFAULT_FONT, title="แบบอักษรภาษาไทย",
                       # the editor says it too; a name of spaces only is none (the tool trims text)
                       json_schema_extra={"pattern": f"^(?=.*[^ ]){_FONT_NAME.pattern}$"})
    digits: Literal["thai", "arabic"] = Field("thai", title="ตัวเลข: thai = เลขไทย, arabic = เลขอารบิก")
    keep_arabic: list[Text] = Field(
        default_factory=list, title="ข้อความที่ให้คงเลขอารบิกไว้", examples=[["ISO 9001"]])
    templates: Text | None = Field(
        None, title="โฟลเดอร์แม่แบบของหน่วยงานเอง (เทียบกับโฟลเดอร์รายงาน)", examples=["templates"])

    @field_validator("font")
    @classmethod
    def _font_name(cls, value: str) -> str:
        if not _FONT_NAME.fullmatch(value):
            raise PydanticCustomError(
                "font-name", "ชื่อแบบอักษรมีได้เฉพาะตัวอักษร ตัวเลข ช่องว่าง และ . - + & ' ( ) ไม่เกิน ๖๔ ตัว "
                "เช่น TH SarabunIT๙", {"en": "A font name holds only letters, digits, spaces and . - + & ' ( ), "
                                            "at most 64 of them, e.g. TH SarabunIT๙."})
        return value

    @field_validator("templates")
    @classmethod
    def _templates_inside(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _in_folder(files.templates_folder, value, info)


class Signer(Model):
    name: Text = Field(title="ชื่อ-สกุล (ไม่ต้องใส่วงเล็บ)", examples=["นางสาวดารารพร โพนเงิน"])
    position: Text = Field(title="ตำแหน่ง", examples=["นักวิเคราะห์นโยบายและแผน"])
    acting_for: Text | None = Field(None, title="รักษาการแทน (ถ้ามี)", examples=["หัวหน้าสำนักปลัด"])


class Reviewer(Signer):
    role: Text | None = Field(
        None, title="ความเห็นของ... (ถ้าไม่ใส่ ใช้ตำแหน่งที่รักษาการแทน หรือตำแหน่ง)",
        examples=["ปลัดองค์การบริหารส่วนตำบล"])

    @property
    def comment_role(self) -> str:
        return self.role or self.acting_for or self.position


class Memo(Model):
    department: Text = Field(title="ส่วนราชการ (กอง/สำนักที่ออกบันทึก)", examples=["สำนักปลัด"])
    code: OptionalText = Field("", title="ที่: รหัสตัวอักษรของส่วนราชการ", examples=["สป"])
    number: OptionalText = Field("", title="ที่: เลขทะเบียนหนังสือ (เว้นว่างไว้เขียนด้วยมือได้)")
    date: OptionalDate = Field(None, title="วันที่ของบันทึก (เว้นว่างไว้เขียนด้วยมือได้)")
    to: Text = Field(title="เรียน", examples=["นายกองค์การบริหารส่วนตำบลนาโสม"])
    emblem: Text | None = Field(None, title="ไฟล์รูปตราครุฑ (.png/.jpg) เทียบกับโฟลเดอร์รายงาน")
    writer: Signer = Field(title="ผู้จัดทำ (ลงนามท้ายบันทึก)")
    reviewers: list[Reviewer] = Field(
        default_factory=list, title="ผู้ให้ความเห็นตามลำดับ จนถึงผู้บริหาร")

    @field_validator("emblem")
    @classmethod
    def _emblem_inside(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _in_folder(files.emblem, value, info)


# ---------------------------------------------------------------- report.yaml: publication (optional)

def _written_is_asked(data: object, keys: tuple[str, ...]) -> object:
    """A key written with nothing after it (`form:`) asks for that part with its defaults."""
    if isinstance(data, dict):
        return {k: ({} if k in keys and v is None else v) for k, v in data.items()}
    return data


class Announcement(Model):
    date: OptionalDate = Field(
        None, title="ประกาศ ณ วันที่ (ต้นปีงบประมาณ ต.ค. – มี.ค.; เว้นว่างไว้เขียนด้วยมือได้)",
        examples=["๒๐ ตุลาคม ๒๕๖๔"])
    signer: Signer | None = Field(
        None, title="ผู้ลงนามในประกาศ (ถ้าไม่ใส่ ใช้ผู้ให้ความเห็นคนสุดท้ายของบันทึก คือผู้บริหาร)")


class PublicationForm(Model):
    date: OptionalDate = Field(
        None, title="วัน/เดือน/ปี ของแบบฟอร์ม (ไม่ก่อนวันที่ของบันทึกหรือประกาศ; เว้นว่างไว้เขียนด้วยมือได้)")
    subject: BlankText = Field(None, title="หัวข้อ (ถ้าไม่ใส่ ใช้เรื่องของเอกสารที่สร้างในครั้งนั้น)")
    link: BlankText = Field(None, title="Link ภายนอก: ที่อยู่หน้าเว็บที่เผยแพร่ (เว้นว่างไว้เขียนด้วยมือได้)",
                              examples=["https://www.example.go.th/ita"])
    remarks: TextLines = Field(default_factory=list, title="หมายเหตุ")
    provider: Signer | None = Field(None, title="ผู้รับผิดชอบการให้ข้อมูล (ถ้าไม่ใส่ ใช้ผู้จัดทำบันทึก)")
    approver: Signer | None = Field(
        None, title="ผู้อนุมัติรับรอง (ถ้าไม่ใส่ ใช้ผู้ให้ความเห็นคนสุดท้ายของบันทึก คือผู้บริหาร)")
    publisher: Signer | None = Field(
        None, title="ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่ (ถ้าไม่ใส่ เว้นจุดไว้เขียนด้วยมือ)")


class Publication(Model):
    announcement: Announcement | None = Field(
        None, title="ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใสประจำปี (ita-report build --document announcement)")
    form: PublicationForm | None = Field(
        None, title="แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน (ถ้ามีหัวข้อนี้ สร้างพร้อมเอกสารทุกครั้งที่ build)")

    @model_validator(mode="before")
    @classmethod
    def _asked(cls, data: object) -> object:
        return _written_is_asked(data, ("announcement", "form"))


class Report(Model):
    """report.yaml: the organisation, the fiscal year and the cover memo."""

    model_config = ConfigDict(title="report.yaml: รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส")

    organisation: Organisation = Field(title="หน่วยงาน")
    fiscal_year: BEYear = Field(title="ปีงบประมาณ (พ.ศ.)", examples=[2565])
    round: Literal[1, 2] | None = Field(
        None, title="รอบรายงาน: 1 = รอบ ๖ เดือน, 2 = รอบ ๑๒ เดือน (ถ้าไม่ใส่ เลือกตามวันที่สั่ง build: เม.ย.–ก.ย. รอบ 1, ต.ค.–มี.ค. รอบ 2)")
    settings: Settings = Field(default_factory=Settings, title="การตั้งค่า")
    memo: Memo = Field(title="บันทึกข้อความนำส่ง")
    publication: Publication | None = Field(
        None, title="ประกาศมาตรการประจำปี และแบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ (ไม่บังคับ)")

    @model_validator(mode="before")
    @classmethod
    def _asked(cls, data: object) -> object:
        return _written_is_asked(data, ("publication",))


# ---------------------------------------------------------------- measures/*.yaml

def _text_or_mapping(value: object) -> str:
    """Which form of a list item: a mapping in the YAML (or its model, when the model is written
    out again, as rollover does), else text."""
    return "mapping" if isinstance(value, (dict, BaseModel)) else "text"


class Step(Model):
    text: Text = Field(title="ขั้นตอน")
    steps: list[StepItem] = Field(default_factory=list, title="ขั้นตอนย่อย (เลขข้อย่อย ๓.๑ ๓.๒ ให้อัตโนมัติ)")


StepItem = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[Step, Tag("mapping")]],
    Discriminator(_text_or_mapping),
]


class Result(Model):
    text: Text = Field(title="ผลการดำเนินงาน")
    date: OptionalDate = Field(
        None, title="วันที่ดำเนินการ (ต่อท้ายว่า เมื่อวันที่ … ถ้าข้อความยังไม่ได้ระบุวันนั้น)")
    items: list[Text] = Field(default_factory=list, title="รายการย่อย (ลำดับเลข ๑. ๒. ให้อัตโนมัติ)")


ResultItem = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[Result, Tag("mapping")]],
    Discriminator(_text_or_mapping),
]


class Progress(Model):
    round1: list[ResultItem] = Field(default_factory=list, title="ผลรอบ ๖ เดือน (ต.ค. – มี.ค.)")
    round2: list[ResultItem] = Field(default_factory=list, title="ผลเพิ่มเติมรอบ ๑๒ เดือน (เม.ย. – ก.ย.)")


def _read_indicator_number(value: object) -> object:
    """An indicator's number: a whole number from 1, also typed in Thai digits ("๙")."""
    value = _typed_whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PydanticCustomError("indicator-number", "เลขตัวชี้วัดต้องเป็นจำนวนเต็มตั้งแต่ 1 เช่น 9",
                                  {"en": "An indicator number must be a whole number from 1, such as 9."})
    return value


MAX_ORDER = 999  # far more measures than a table has; a number people can read in a message


def _read_order(value: object) -> object:
    """A measure's place in the table: a whole number 1–999 (also typed in Thai digits); YAML's yes is
    not 1, and a number of hundreds of digits is a slip, not a place."""
    value = _typed_whole_number(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ORDER:
        raise PydanticCustomError("order", f"order ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {MAX_ORDER} (ลำดับของมาตรการในตาราง) "
                                  "หรือลบออกเพื่อเรียงตามชื่อไฟล์",
                                  {"en": f"order must be a whole number from 1 to {MAX_ORDER} (the measure's place in "
                                         "the table), or leave it out to follow the file names."})
    return value


Order = Annotated[int, BeforeValidator(_read_order),
                  WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_ORDER})]


IndicatorNumber = Annotated[int, BeforeValidator(_read_indicator_number),
                            WithJsonSchema({"type": "integer", "minimum": 1, "title": "เลขตัวชี้วัด"})]


class Measure(Model):
    """measures/*.yaml: one measure (a row of the table) with its progress."""

    model_config = ConfigDict(title="มาตรการ/แนวทาง หนึ่งข้อ (measures/*.yaml)")

    order: Order | None = Field(None, title="ลำดับของมาตรการในตาราง (ถ้าไม่ใส่ เรียงตามชื่อไฟล์)")
    title: Text = Field(title="มาตรการ/แนวทาง (ไม่ต้องใส่เลขข้อ)")
    steps: list[StepItem] = Field(default_factory=list, title="วิธีการดำเนินการ (เลขข้อให้อัตโนมัติ)")
    owners: TextLines = Field(default_factory=list, title="ผู้รับผิดชอบ")
    period: TextLines | None = Field(
        None, title="ระยะเวลาดำเนินการ/กำหนดการแล้วเสร็จ (ถ้าไม่ใส่ ใช้ ต.ค. – ก.ย. ของปีงบประมาณ)")
    results: Progress = Field(default_factory=Progress, title="ผลการดำเนินงาน แยกตามรอบ")
    suggestions: TextLines = Field(default_factory=list, title="ข้อเสนอแนะ")
    indicators: list[IndicatorNumber] = Field(
        default_factory=list, title="ตัวชี้วัด ITA ที่มาตรการนี้มุ่งแก้ (เลขตัวชี้วัดใน ita-results.yaml) เช่น [7, 9]",
        examples=[[7, 9]])


# ---------------------------------------------------------------- ita-results.yaml

def _read_score(value: object) -> object:
    """A score out of 100 with at most two decimals, as the result sheet prints it; Thai digits too."""
    if isinstance(value, str) and value.strip():
        value = thai.to_arabic_digits(value.strip())
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PydanticCustomError("score", "คะแนนต้องเป็นตัวเลข ๐ ถึง ๑๐๐ เช่น 84.99",
                                  {"en": "A score must be a number from 0 to 100, such as 84.99."})
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        raise PydanticCustomError("score", "คะแนนต้องเป็นตัวเลข ๐ ถึง ๑๐๐ เช่น 84.99",
                                  {"en": "A score must be a number from 0 to 100, such as 84.99."}) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise PydanticCustomError("score", "คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
                                  {"en": "A score must lie between 0 and 100."})
    if score != score.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
        raise PydanticCustomError("score", "คะแนนมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง ตามที่แสดงในผลการประเมิน เช่น 84.99",
                                  {"en": "A score has at most two decimals, as the result sheet shows it (84.99)."})
    return score.quantize(Decimal("0.01"))


_SCORE_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 100},
                           {"type": "string", "pattern": "^[0-9๐-๙]{1,3}([.][0-9๐-๙]{1,2})?$"}],
                 "description": "คะแนนเต็ม ๑๐๐ ทศนิยมไม่เกิน ๒ ตำแหน่ง เช่น 84.99"}
Score = Annotated[Decimal, BeforeValidator(_read_score), WithJsonSchema(_SCORE_SCHEMA)]
# A score not yet filled in ("score:" left blank): `check` warns; the analysis cannot be built.
OptionalScore = Annotated[Score | None, BeforeValidator(lambda v: None if isinstance(v, str) and not v.strip() else v),
                          WithJsonSchema({"anyOf": [_SCORE_SCHEMA, {"type": "null"}],
                                          "description": "คะแนนเต็ม ๑๐๐ เว้นว่างไว้ถ้ายังไม่ได้กรอก"})]


class Indicator(Model):
    number: IndicatorNumber = Field(title="ตัวชี้วัดที่ (เลขตามผลการประเมิน)", examples=[9])
    name: Text = Field(title="ชื่อตัวชี้วัด (ตามผลการประเมิน)", examples=["การเปิดเผยข้อมูล"])
    score: OptionalScore = Field(None, title="คะแนนของตัวชี้วัด (เต็ม ๑๐๐)", examples=[84.99])


class Tools(Model):
    """The indicators by the assessment's tool, in the order of the result sheet."""

    IIT: list[Indicator] = Field(
        default_factory=list, title="IIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency Assessment)")
    EIT: list[Indicator] = Field(
        default_factory=list, title="EIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity and Transparency Assessment)")
    OIT: list[Indicator] = Field(
        default_factory=list, title="OIT แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment)")

    @model_validator(mode="before")
    @classmethod
    def _tool_names_in_capitals(cls, value: object) -> object:
        """iit: is IIT."""
        if isinstance(value, dict):
            return {k.upper() if isinstance(k, str) and k.upper() in cls.model_fields else k: v for k, v in value.items()}
        return value


class Grading(Model):
    pass_mark: Score = Field(DEFAULT_PASS_MARK, json_schema_extra={"default": 85}, title="เกณฑ์ผ่าน: ตัวชี้วัดที่ได้คะแนนต่ำกว่านี้เป็นจุดอ่อน (ค่าเริ่มต้น ๘๕)")
    levels: dict[Text, Score] = Field(
        default_factory=lambda: dict(DEFAULT_LEVELS),
        title="ระดับผลการประเมิน: ชื่อระดับ และคะแนนต่ำสุดของระดับ (ค่าเริ่มต้น AA 95, A 85, B 75, C 65, D 55, E 50, F 0)",
        examples=[{"AA": 95, "A": 85, "B": 75, "C": 65, "D": 55, "E": 50, "F": 0}])

    @field_validator("levels")
    @classmethod
    def _bands_cover_every_score(cls, levels: dict[str, Decimal]) -> dict[str, Decimal]:
        if not levels or min(levels.values()) != 0:
            raise PydanticCustomError(
                "levels", "ระดับต่ำสุดต้องเริ่มที่ 0 คะแนน (เช่น F: 0) เพื่อให้ทุกคะแนนมีระดับ",
                {"en": "The lowest level must start at 0 (e.g. F: 0), so that every score has a level."})
        if len(set(levels.values())) != len(levels):
            raise PydanticCustomError(
                "levels", "ระดับสองระดับเริ่มที่คะแนนเดียวกัน ให้แต่ละระดับมีคะแนนต่ำสุดไม่ซ้ำกัน",
                {"en": "Two levels start at the same score: give each level its own lowest score."})
        return levels


class ItaResults(Model):
    """ita-results.yaml: last year's ITA results, as the agency's result sheet shows them."""

    model_config = ConfigDict(title="ita-results.yaml: ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของปีที่ผ่านมา")

    fiscal_year: BEYear = Field(
        title="ปีงบประมาณที่ได้รับการประเมิน (พ.ศ.) ปกติคือปีก่อนปีงบประมาณของรายงาน", examples=[2564])
    overall: OptionalScore = Field(None, title="คะแนนรวม (เต็ม ๑๐๐) ตามผลการประเมิน", examples=[81.37])
    tools: Tools = Field(title="คะแนนรายตัวชี้วัด แยกตามเครื่องมือการประเมิน IIT, EIT, OIT")
    settings: Grading = Field(default_factory=Grading, title="เกณฑ์ผ่านและระดับผลการประเมิน")

    @property
    def indicators(self) -> list[tuple[str, int, Indicator]]:
        """Every indicator with its tool and its index in that tool's list, in the sheet's order."""
        return [(tool, i, ind) for tool in TOOLS for i, ind in enumerate(getattr(self.tools, tool))]
