"""The shape of the input: pydantic models of report.yaml and of one measure file. Unknown keys are
refused everywhere, so a typo fails loudly. Titles and descriptions are in Thai: they become the JSON
Schema that editors show while a person types."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

import re
from pathlib import Path

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag,
                      ValidationInfo, WithJsonSchema, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from . import files, thai
from .load import CONTROL_RANGE

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
Text = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, min_length=1),
                 WithJsonSchema({"type": "string", "minLength": 1, "pattern": f"[^\\s{CONTROL_RANGE}]"})]
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


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


# A date that may be left blank ("" or no value), to be written by hand on paper.
OptionalDate = Annotated[ThaiDate | None, BeforeValidator(_blank_is_none)]
# A text that may be left blank: the document then leaves its place to be written by hand.
BlankText = Annotated[Text | None, BeforeValidator(_blank_is_none)]

# One text or a list of texts, each a line.
TextLines = Annotated[Union[Text, list[Text]], BeforeValidator(lambda v: [v] if isinstance(v, (str, int)) else v)]


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
                       json_schema_extra={"pattern": f"^{_FONT_NAME.pattern}$"})  # the editor says it too
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
    fiscal_year: int = Field(title="ปีงบประมาณ (พ.ศ.)", examples=[2565],
                             json_schema_extra={"minimum": FISCAL_YEARS[0], "maximum": FISCAL_YEARS[1]})
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

    @field_validator("fiscal_year", mode="before")
    @classmethod
    def _be_year(cls, value: object) -> object:
        if isinstance(value, str):
            value = thai.to_arabic_digits(value.strip())
            if not value.isdigit():
                raise PydanticCustomError("fiscal-year", "ปีงบประมาณต้องเป็นตัวเลขปี พ.ศ. เช่น 2565",
                                          {"en": "The fiscal year must be a BE year such as 2565."})
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and not FISCAL_YEARS[0] <= value <= FISCAL_YEARS[1]:
            hint = f" (ถ้าเป็น ค.ศ. {value} คือ พ.ศ. {value + 543})" if 1950 <= value <= 2200 else ""
            hint_en = f" (CE {value} is BE {value + 543})" if hint else ""
            raise PydanticCustomError("fiscal-year", f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2565{hint}",
                                      {"en": f"The fiscal year must be a BE year such as 2565{hint_en}."})
        return value


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



class Measure(Model):
    """measures/*.yaml: one measure (a row of the table) with its progress."""

    model_config = ConfigDict(title="มาตรการ/แนวทาง หนึ่งข้อ (measures/*.yaml)")

    order: int | None = Field(None, title="ลำดับของมาตรการในตาราง (ถ้าไม่ใส่ เรียงตามชื่อไฟล์)")
    title: Text = Field(title="มาตรการ/แนวทาง (ไม่ต้องใส่เลขข้อ)")
    steps: list[StepItem] = Field(default_factory=list, title="วิธีการดำเนินการ (เลขข้อให้อัตโนมัติ)")
    owners: TextLines = Field(default_factory=list, title="ผู้รับผิดชอบ")
    period: TextLines | None = Field(
        None, title="ระยะเวลาดำเนินการ/กำหนดการแล้วเสร็จ (ถ้าไม่ใส่ ใช้ ต.ค. – ก.ย. ของปีงบประมาณ)")
    results: Progress = Field(default_factory=Progress, title="ผลการดำเนินงาน แยกตามรอบ")
    suggestions: TextLines = Field(default_factory=list, title="ข้อเสนอแนะ")
