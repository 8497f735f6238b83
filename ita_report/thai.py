"""Thai language facts as pure functions: digits, Buddhist-era dates, month names, fiscal years
and report rounds. Nothing here reads files or knows about documents."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

BE_OFFSET = 543

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = tuple(zip("0123456789", THAI_DIGITS))
_TO_ARABIC = tuple(zip(THAI_DIGITS, "0123456789"))


def _digits_replaced(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """Each digit of `pairs` replaced by its twin. (str.translate does the same ten times slower on
    Thai text: it looks every character up in a table; a report converts hundreds of thousands.)"""
    for digit, twin in pairs:
        if digit in text:
            text = text.replace(digit, twin)
    return text

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)


def to_thai_digits(text: str) -> str:
    """Every Arabic digit as a Thai digit (no exceptions: see `thai_digits_in_text`)."""
    return _digits_replaced(text, _TO_THAI)


def to_arabic_digits(text: str) -> str:
    return _digits_replaced(text, _TO_ARABIC)


# Illegal in XML, so never allowed into a document; they come in by copy and paste from Word or PDF,
# or from escapes in double-quoted YAML ("\x01", "\ud800": a lone surrogate cannot even be saved).
CONTROL_RANGE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff"  # as escapes: Python and JSON Schema read them alike
CONTROL_CHARS = re.compile(f"[{CONTROL_RANGE}]")

# Digits that stay Arabic in running text: inside a URL or an e-mail address, and inside a Latin
# word (COVID-19, H2O, 4G). A dimension such as 1.2x2.4 is numbers, not a word.
_URL_OR_MAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")
_DIMENSION = re.compile(r"[0-9.]+(?:[xX][0-9.]+)+")


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ARABIC_DIGIT = re.compile(r"[0-9]")


def _kept_spans(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    # each kind looked for only where the text can hold it (most Thai text holds none)
    spans = [(m.start(), m.end()) for p in keep if p and p in text for m in re.finditer(re.escape(p), text)]
    if "@" in text or "www." in text or "://" in text:
        spans += [(m.start(), m.end()) for m in _URL_OR_MAIL.finditer(text)]
    if not _LATIN_LETTER.search(text):
        return sorted(spans)
    for m in _LATIN_TOKEN.finditer(text):
        token = m.group()
        if _LATIN_LETTER.search(token) and _ARABIC_DIGIT.search(token) and not _DIMENSION.fullmatch(token):
            spans.append((m.start(), m.end()))
    return sorted(spans)


def thai_digits_in_text(text: str, keep: tuple[str, ...] = ()) -> str:
    """Arabic digits in Thai running text become Thai digits, except in URLs, e-mail addresses,
    Latin words (COVID-19) and the phrases in `keep` (e.g. "ISO 9001")."""
    if not _ARABIC_DIGIT.search(text):
        return text
    out, pos = [], 0
    for start, end in _kept_spans(text, keep):
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(to_thai_digits(text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(to_thai_digits(text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------- place names

DISTRICT_WORDS = ("อำเภอ", "อ.")
PROVINCE_WORDS = ("จังหวัด", "จ.")


def without_place_word(name: str, words: tuple[str, ...]) -> tuple[str, str | None]:
    """A district or province name without the word the documents print before it ("อำเภอบ้านหมี่",
    "อ.บ้านหมี่" → "บ้านหมี่"), and the word taken off (None when there was none)."""
    text = name.strip()
    for word in words:
        if text.startswith(word) and text[len(word):].strip():
            return text[len(word):].strip(), word
    return text, None


# The kinds of local government and how they are abbreviated; documents use the full name.
ORGANISATION_KINDS = {"อบต.": "องค์การบริหารส่วนตำบล", "อบจ.": "องค์การบริหารส่วนจังหวัด", "ทต.": "เทศบาลตำบล",
                      "ทม.": "เทศบาลเมือง", "ทน.": "เทศบาลนคร"}
_ABBREVIATED = re.compile(r"\s*(อบต|อบจ|ทต\.|ทม\.|ทน\.)\.?\s*(?=[\u0e01-\u0e2e])")


def full_organisation_name(name: str) -> tuple[str, str] | None:
    """An organisation's name typed with its kind abbreviated ("อบต.นาโสม", "ทต. บ้านหมี่"): the
    abbreviation and the full name ("องค์การบริหารส่วนตำบลนาโสม"); None for a full name."""
    match = _ABBREVIATED.match(name)
    if not match:
        return None
    short = match.group(1).rstrip(".") + "."
    return name.strip(), ORGANISATION_KINDS[short] + name[match.end():].strip()


# ---------------------------------------------------------------- years and dates

def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def thai_date(day: dt.date, *, thai_digits: bool = True) -> str:
    """"๑๑ มกราคม ๒๕๖๕": day, full month name, BE year, no "พ.ศ." (official letters)."""
    text = f"{day.day} {MONTHS[day.month - 1]} {be_year(day.year)}"
    return to_thai_digits(text) if thai_digits else text


def thai_month_year(day: dt.date, *, thai_digits: bool = True) -> str:
    """"ตุลาคม ๒๕๖๔"."""
    text = f"{MONTHS[day.month - 1]} {be_year(day.year)}"
    return to_thai_digits(text) if thai_digits else text


def thai_short_month_year(day: dt.date, *, thai_digits: bool = True) -> str:
    """"ต.ค. ๒๕๖๔"."""
    text = f"{MONTHS_SHORT[day.month - 1]} {be_year(day.year)}"
    return to_thai_digits(text) if thai_digits else text


# A year of 2400 or more is Buddhist Era; one from 1900 to 2399 is Common Era; two digits are BE 25xx.
BE_THRESHOLD = 2400


class DateFormatError(ValueError):
    """A date that cannot be read: the message (Thai) and `en` say which forms are accepted."""

    def __init__(self, th: str, en: str):
        super().__init__(th)
        self.en = en


class ReadDate(dt.date):
    """A date read from text, remembering whether its year was written in the Common Era in a Thai
    form (20 เมษายน 2022, 20/4/2022), where a Buddhist-Era year is expected: a finding for `check`,
    which sees the models and never the text as typed. (In ISO form a CE year is normal.)"""

    __slots__ = ("written_ce",)  # no __dict__: a large report holds tens of thousands of dates
    written_ce: bool

    def __new__(cls, year: int, month: int, day: int, written_ce: bool = False) -> "ReadDate":
        self = super().__new__(cls, year, month, day)
        self.written_ce = written_ce
        return self

    def __reduce__(self):  # pickled whole (batch workers send dates back), not as date's bytes
        return (ReadDate, (self.year, self.month, self.day, self.written_ce))


ACCEPTED_FORMS = "2565-04-20, 2022-04-20, 20/4/2565, 20 เมษายน 2565, 20 เม.ย. 65"


def _full_year(year_text: str) -> int:
    year = int(year_text)
    if len(year_text) <= 2:
        return ce_year(2500 + year)
    if year >= BE_THRESHOLD:
        return ce_year(year)
    if 1900 <= year < BE_THRESHOLD:
        return year
    raise DateFormatError(f"ปี {year_text} ไม่ใช่ปี พ.ศ. (เช่น 2565) หรือ ค.ศ. (เช่น 2022)",
                          f"the year {year_text} is neither BE (like 2565) nor CE (like 2022)")


# A month's name as written (spaces and the last dot taken off) → its number; and without any dot
_MONTH_KEYS = {**{short.rstrip("."): i for i, short in enumerate(MONTHS_SHORT, 1)},
               **{full: i for i, full in enumerate(MONTHS, 1)}}
_MONTH_DOTLESS = {short.replace(".", ""): i for i, short in enumerate(MONTHS_SHORT, 1)}


def _month_number(name: str) -> int | None:
    key = name.replace(" ", "").rstrip(".")
    return _MONTH_KEYS.get(key) or _MONTH_DOTLESS.get(key.replace(".", ""))


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_WORDS = re.compile(r"(?:วันที่\s*)?(\d{1,2})\s*([ก-๏.]+?)\s*(?:พ\.\s?ศ\.\s*)?(\d{2}|\d{4})")


def _date_pattern() -> str:
    """What `parse_date` reads (or a blank, left to write by hand), as one regular expression in the
    dialect JSON Schema uses, so that an editor underlines a date the tool cannot read. Only the
    calendar (31 February) is left to the tool."""
    d = "[0-9๐-๙]"
    year4 = f"(?:[1๑][9๙]|[2-9๒-๙]{d}){d}{{2}}"  # 1900–9999
    year = f"(?:{d}{{2}}|{year4})"
    months = [f"{full}\\.*" for full in MONTHS]
    months += ["\\.*" + "\\.*".join(short.replace(".", "")) + "\\.*" for short in MONTHS_SHORT]
    words = (f"(?:วันที่\\s*)?{d}{{1,2}}\\s*(?:{'|'.join(months)})\\s*(?:พ\\.\\s*ศ\\.\\s*)?{year}")
    forms = [f"{year4}-{d}{{1,2}}-{d}{{1,2}}", f"{d}{{1,2}}/{d}{{1,2}}/{year}", words]
    return f"^\\s*(?:{'|'.join(forms)})?\\s*$"


def parse_date(text: str) -> ReadDate:
    """Reads a date written the ways Thai officials write them, with Thai or Arabic digits:
    ISO (a year of 2400 or more is BE: 2565-04-20 is 20 April 2022), 20/4/2565, 20 เมษายน 2565,
    20 เม.ย. 65. Returns the date in the Common Era; raises DateFormatError."""
    raw = " ".join(to_arabic_digits(str(text)).split())
    written = ""  # the year as written, in the forms where Thai dates have a BE year
    if m := _ISO.fullmatch(raw):
        year, month, day = _full_year(m[1]), int(m[2]), int(m[3])
    elif m := _SLASHED.fullmatch(raw):
        day, month, year, written = int(m[1]), int(m[2]), _full_year(m[3]), m[3]
    elif m := _WORDS.fullmatch(raw):
        number = _month_number(m[2])
        if number is None:
            raise DateFormatError(f"ไม่รู้จักชื่อเดือน “{m[2]}” ให้ใช้ชื่อเต็ม (เมษายน) หรือชื่อย่อ (เม.ย.)",
                                  f"unknown month name '{m[2]}': use the full (เมษายน) or short (เม.ย.) name")
        day, month, year, written = int(m[1]), number, _full_year(m[3]), m[3]
    else:
        raise DateFormatError(f"อ่านวันที่ “{text}” ไม่ได้ ให้เขียนแบบ {ACCEPTED_FORMS}",
                              f"cannot read the date '{text}': write it like {ACCEPTED_FORMS}")
    try:
        return ReadDate(year, month, day, written_ce=len(written) == 4 and int(written) < BE_THRESHOLD)
    except ValueError:
        raise _no_such_day(day, month, year) from None


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December")  # not calendar.month_name, which follows the locale


def _no_such_day(day: int, month: int, year: int) -> DateFormatError:
    """Why a day is not in the calendar, as a Thai reader writes dates (๓๑ กุมภาพันธ์ ๒๕๖๕) and with the
    month's length, so the fix is plain."""
    import calendar

    be = be_year(year)
    if not 1 <= month <= 12:
        return DateFormatError(f"ไม่มีเดือนที่ {to_thai_digits(str(month))} ในปฏิทิน (เดือนมีเลข ๑ ถึง ๑๒) ตรวจวันที่นี้",
                               f"there is no month {month}: months are 1 to 12; check this date")
    if not 1 <= year <= 9999:
        return DateFormatError(f"ปี พ.ศ. {to_thai_digits(str(be))} ไม่ใช่ปีที่ใช้ได้ ตรวจปีของวันที่นี้",
                               f"BE {be} is not a usable year; check this date's year")
    days = calendar.monthrange(year, month)[1]
    name, english = MONTHS[month - 1], _ENGLISH_MONTHS[month - 1]
    return DateFormatError(
        f"ไม่มีวันที่ {to_thai_digits(str(day))} {name} {to_thai_digits(str(be))} ในปฏิทิน "
        f"(เดือน{name} {to_thai_digits(str(be))} มี {to_thai_digits(str(days))} วัน) ตรวจวันที่นี้",
        f"there is no {day} {english} {be} BE in the calendar ({english} {be} has {days} days); check this date")


DATE_PATTERN = _date_pattern()

_MONTH_NAMES = sorted({*MONTHS, *MONTHS_SHORT}, key=len, reverse=True)
_IN_TEXT = re.compile(
    r"(?<!\d)(\d{1,2})\s*(" + "|".join(re.escape(m).replace(r"\.", r"\.?\s*") for m in _MONTH_NAMES)
    + r")\s*(?:พ\.\s?ศ\.\s*)?(\d{4}|\d{2})(?!\d)")


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """The dates written in a text ("๕ เมษายน ๒๕๖๕", "20 เม.ย. 65"), with where each starts and ends.
    Words that look like a date but are not one in the calendar are left out."""
    found: list[tuple[dt.date, int, int]] = []
    for m in _IN_TEXT.finditer(to_arabic_digits(text)):
        try:
            found.append((parse_date(m.group(0)), m.start(), m.end()))
        except DateFormatError:
            continue
    return found


# ---------------------------------------------------------------- phrases kept on one line

NO_BREAK_SPACE = "\u00a0"
_DIGIT = "[0-9๐-๙]"
_MONTH = "(?:" + "|".join(re.escape(m).removesuffix("\\.") + r"\.?" * m.endswith(".") for m in _MONTH_NAMES) + ")"
_NOT_IN_A_WORD = "(?<![\u0e01-\u0e4f.])"  # a month name or a place word standing on its own
# What a phrase below can start with: a digit, a month name's first letter, พ/ค (พ.ศ., ค.ศ.), อ/จ/ต.
_STARTS = "(?=[0-9๐-๙" + "".join(sorted({m[0] for m in _MONTH_NAMES} | set("พคอจต"))) + "])"
_TOGETHER = re.compile(
    # the lookahead first: a position that cannot start any of the four (most of them) fails at once
    _STARTS + "(?:"
    rf"(?<!{_DIGIT})({_DIGIT}{{1,2}}) +(?={_MONTH})"  # ๒๐ | เมษายน
    rf"|{_NOT_IN_A_WORD}({_MONTH}) +(?=(?:พ\.\s?ศ\.\s*)?{_DIGIT}{{2,4}}(?!{_DIGIT}))"  # เมษายน | ๒๕๖๕, ต.ค. | ๒๕๖๔
    rf"|(พ\.\s?ศ\.|ค\.\s?ศ\.) +(?={_DIGIT})"  # พ.ศ. | ๒๕๖๙
    rf"|(อำเภอ|จังหวัด|ตำบล|{_NOT_IN_A_WORD}อ\.|{_NOT_IN_A_WORD}จ\.|{_NOT_IN_A_WORD}ต\.) +(?=[\u0e01-\u0e2e])"  # อำเภอ | บ้านหมี่
    ")")


def keep_together(text: str) -> str:
    """The spaces inside a phrase that must not be split over two lines made no-break spaces: a
    date's day, month and year ("๒๐ เมษายน ๒๕๖๕", "ต.ค. ๒๕๖๔"), "พ.ศ. ๒๕๖๙", and อำเภอ/จังหวัด/ตำบล
    with the name after it. The text reads and searches the same (a no-break space is a space)."""
    return _TOGETHER.sub(lambda m: next(g for g in m.groups() if g) + NO_BREAK_SPACE, text)


# ---------------------------------------------------------------- fiscal year and rounds

@dataclass(frozen=True)
class FiscalYear:
    """Thai government fiscal year N (BE): 1 October N-1 to 30 September N."""

    be: int

    @property
    def start(self) -> dt.date:
        return dt.date(ce_year(self.be) - 1, 10, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(ce_year(self.be), 9, 30)

    @classmethod
    def of(cls, day: dt.date) -> "FiscalYear":
        return cls(be_year(day.year) + (1 if day.month >= 10 else 0))

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Round:
    """A report round of a fiscal year: 1 covers October–March (6 months, reported in April),
    2 covers October–September (12 months, reported in October of the next fiscal year)."""

    fiscal_year: FiscalYear
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2):
            raise ValueError(f"round must be 1 or 2, not {self.number}")

    @property
    def months(self) -> int:
        return 6 if self.number == 1 else 12

    @property
    def start(self) -> dt.date:
        return self.fiscal_year.start

    @property
    def end(self) -> dt.date:
        return dt.date(ce_year(self.fiscal_year.be), 3, 31) if self.number == 1 else self.fiscal_year.end

    @property
    def own_start(self) -> dt.date:
        """The first day of the progress filed under this round (round 2 adds April–September)."""
        return self.start if self.number == 1 else dt.date(ce_year(self.fiscal_year.be), 4, 1)

    def __contains__(self, day: dt.date) -> bool:
        return self.own_start <= day <= self.end

    @classmethod
    def due_on(cls, day: dt.date) -> "Round":
        """The report due around this day: from April to September the 6-month report of the current
        fiscal year; from October to March the 12-month report of the fiscal year that just ended."""
        year = FiscalYear.of(day)
        return cls(year, 1) if 4 <= day.month <= 9 else cls(FiscalYear(year.be - 1), 2)


# ---------------------------------------------------------------- line breaks between words
ZERO_WIDTH_SPACE = "\u200b"  # a place a line may break
WORD_JOINER = "\u2060"  # a place a line may not break
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4f]")  # letters, vowels and marks; not Thai digits


def _is_thai_letter(char: str) -> bool:
    return bool(_THAI_LETTER.match(char))


def _icu_boundaries(text: str, iterator) -> set[int]:
    """The boundaries an ICU break iterator finds in a text, as Python's code-point indexes (ICU counts
    in UTF-16 units)."""
    import icu

    units = icu.UnicodeString(text)
    iterator.setText(units)
    to_index = {}
    unit = 0
    for index, char in enumerate(text):
        to_index[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    to_index[unit] = len(text)
    return {to_index[b] for b in iterator if b in to_index}


def word_breaks_marked(text: str) -> str | None:
    """Thai text written for a layout engine that breaks lines inside Thai words: a zero-width space
    between two Thai words (by ICU's dictionary), a word joiner between the letter clusters of one
    word, so a line breaks between words only. None where ICU (PyICU) is not installed. The marks are
    for layout alone: they are not to be kept in text a person reads or searches."""
    try:
        import icu
    except ImportError:
        return None
    if not any(_is_thai_letter(c) for c in text):
        return text
    word_ends = _icu_boundaries(text, icu.BreakIterator.createWordInstance(icu.Locale("th")))
    cluster_ends = _icu_boundaries(text, icu.BreakIterator.createCharacterInstance(icu.Locale("th")))
    out = []
    for index, char in enumerate(text):
        if index and _is_thai_letter(text[index - 1]) and _is_thai_letter(char) and index in cluster_ends:
            out.append(ZERO_WIDTH_SPACE if index in word_ends else WORD_JOINER)
        out.append(char)
    return "".join(out)


# ---------------------------------------------------------------- cutting text short

# Marks written above or below the letter before them (ั ิ ี ึ ื ุ ู ฺ ็ ่ ้ ๊ ๋ ์ ํ ๎) and sara am (ำ), which
# belongs to the letter before it: a text is never cut before one of them.
_THAI_MARK = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")
_LEADING_VOWELS = "เแโใไ"  # written before the consonant they follow in speech


def _cluster_ends(text: str) -> set[int]:
    """Where a user-perceived character (grapheme cluster) ends: by ICU where PyICU is installed, else
    after every character not followed by a Thai or other combining mark."""
    try:
        import icu
    except ImportError:
        import unicodedata

        return {i for i in range(1, len(text) + 1) if i == len(text) or not (
            _THAI_MARK.match(text[i]) or unicodedata.category(text[i]) in ("Mn", "Mc", "Me"))}
    return _icu_boundaries(text, icu.BreakIterator.createCharacterInstance(icu.Locale("th")))


def clip(text: str, limit: int) -> str:
    """At most `limit` characters of a text, cut only between whole letters with their marks (a
    grapheme cluster: never "ที" of "ที่") and never right after a leading vowel (เ แ โ ใ ไ): a
    quoted value reads as Thai, only shorter."""
    if len(text) <= limit:
        return text
    ends = _cluster_ends(text)
    cut = max((i for i in ends if i <= limit), default=0)
    while cut and text[cut - 1] in _LEADING_VOWELS:
        cut -= 1
    return text[:cut]
