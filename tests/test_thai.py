import datetime as dt

import pytest
from hypothesis import given, strategies as st

from ita_report import thai
from ita_report.thai import FiscalYear, Round, parse_date

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))


def test_thai_digits_both_ways():
    assert thai.to_thai_digits("2565 10.2") == "๒๕๖๕ ๑๐.๒"
    assert thai.to_arabic_digits("๒๕๖๕") == "2565"


@pytest.mark.parametrize("text, expected", [
    ("ทั้ง 14 หมู่บ้าน", "ทั้ง ๑๔ หมู่บ้าน"),
    ("ป้ายไวนิลขนาด 1.2x2.4", "ป้ายไวนิลขนาด ๑.๒x๒.๔"),
    ("สถานการณ์ COVID-19 ปี 2565", "สถานการณ์ COVID-19 ปี ๒๕๖๕"),
    ("ดู https://www.nasom.go.th/ita2565 ครั้งที่ 2", "ดู https://www.nasom.go.th/ita2565 ครั้งที่ ๒"),
    ("ส่ง saraban1@nasom.go.th 3 ฉบับ", "ส่ง saraban1@nasom.go.th ๓ ฉบับ"),
    ("เครือข่าย 4G", "เครือข่าย 4G"),
])
def test_digits_in_running_text_keep_urls_mail_and_latin_words(text, expected):
    assert thai.thai_digits_in_text(text) == expected


def test_phrases_the_user_keeps_arabic():
    assert thai.thai_digits_in_text("มาตรฐาน ISO 9001 ปี 2565", ("ISO 9001",)) == "มาตรฐาน ISO 9001 ปี ๒๕๖๕"


@given(st.text(alphabet="0123456789 กขค.-/ab:@x", max_size=40))
def test_digit_conversion_changes_only_digits(text):
    out = thai.thai_digits_in_text(text)
    assert len(out) == len(text)
    assert thai.to_arabic_digits(out) == text


@pytest.mark.parametrize("text", [
    "2022-04-20", "2565-04-20", "๒๕๖๕-๐๔-๒๐", "20/4/2565", "20/04/65", "๒๐ เมษายน ๒๕๖๕", "20 เม.ย. 65",
    "20 เม.ย. 2565", "20 เมย 65", "วันที่ ๒๐ เมษายน พ.ศ. ๒๕๖๕", " 20  เมษายน 2565 ",
])
def test_parse_the_ways_officials_write_a_date(text):
    assert parse_date(text) == dt.date(2022, 4, 20)


def test_an_iso_year_of_2400_or_more_is_buddhist_era():
    assert parse_date("2565-10-01") == dt.date(2022, 10, 1)
    assert parse_date("2022-10-01") == dt.date(2022, 10, 1)


@pytest.mark.parametrize("text, words", [
    ("31 กุมภาพันธ์ 2565", "ไม่มีวันที่"), ("20 ธันวา 2565x", "อ่านวันที่"), ("20 ตุลาฯ 2565", "ชื่อเดือน"),
    ("2565/04/20", "อ่านวันที่"), ("20/4/1800", "ไม่ใช่ปี"), ("", "อ่านวันที่"),
])
def test_unreadable_dates_say_why_in_thai_and_english(text, words):
    with pytest.raises(thai.DateFormatError) as err:
        parse_date(text)
    assert words in str(err.value) and err.value.en


@given(dates)
def test_thai_date_reads_back(day):
    assert parse_date(thai.thai_date(day)) == day
    assert parse_date(thai.thai_date(day, thai_digits=False)) == day
    assert parse_date(f"{thai.be_year(day.year)}-{day.month:02}-{day.day:02}") == day


def test_official_date_form():
    assert thai.thai_date(dt.date(2022, 1, 11)) == "๑๑ มกราคม ๒๕๖๕"
    assert thai.thai_month_year(dt.date(2021, 10, 1)) == "ตุลาคม ๒๕๖๔"
    assert thai.thai_short_month_year(dt.date(2022, 9, 30)) == "ก.ย. ๒๕๖๕"


def test_fiscal_year_2565_runs_october_2021_to_september_2022():
    fy = FiscalYear(2565)
    assert (fy.start, fy.end) == (dt.date(2021, 10, 1), dt.date(2022, 9, 30))
    assert FiscalYear.of(dt.date(2021, 10, 1)) == fy
    assert FiscalYear.of(dt.date(2021, 9, 30)) == FiscalYear(2564)


@given(dates)
def test_every_day_lies_in_its_fiscal_year(day):
    fy = FiscalYear.of(day)
    assert day in fy
    assert (fy.end - fy.start).days in (364, 365)
    assert FiscalYear(fy.be + 1).start == fy.end + dt.timedelta(days=1)


def test_rounds():
    first, whole = Round(FiscalYear(2565), 1), Round(FiscalYear(2565), 2)
    assert (first.start, first.end, first.months) == (dt.date(2021, 10, 1), dt.date(2022, 3, 31), 6)
    assert (whole.start, whole.end, whole.months) == (dt.date(2021, 10, 1), dt.date(2022, 9, 30), 12)
    assert dt.date(2022, 3, 31) in first and dt.date(2022, 4, 1) not in first
    assert dt.date(2022, 4, 1) in whole and dt.date(2022, 3, 31) not in whole  # its own half
    with pytest.raises(ValueError):
        Round(FiscalYear(2565), 3)


def test_a_read_date_remembers_a_ce_year_written_in_a_thai_form():
    import pickle

    assert parse_date("20 เมษายน 2022").written_ce and parse_date("20/4/2022").written_ce
    assert not parse_date("20 เมษายน 2565").written_ce and not parse_date("2022-04-20").written_ce
    assert not parse_date("20 เม.ย. 65").written_ce
    day = parse_date("๒๐ เมษายน 2022")
    again = pickle.loads(pickle.dumps(day))  # batch workers send dates back to the parent
    assert again == dt.date(2022, 4, 20) and again.written_ce
    assert day.replace(year=2023) == dt.date(2023, 4, 20)


_date_pieces = st.lists(st.sampled_from(
    ["1", "2", "0", "9", "๒", "๕", "๖", "-", "/", " ", ".", "วันที่", "พ.ศ.", "พ. ศ.", "ก", *thai.MONTHS,
     *thai.MONTHS_SHORT, "เมษา", "2565", "2022", "1800", "65"]), max_size=8).map("".join)


@given(_date_pieces)
def test_the_schema_date_pattern_accepts_what_the_tool_reads_and_little_else(text):
    """The JSON Schema underlines in the editor only dates the tool cannot read; what it lets
    through the tool reads, but for days not in the calendar."""
    import re

    matches = re.search(thai.DATE_PATTERN, text) is not None
    try:
        parse_date(text)
        read = True
    except thai.DateFormatError as exc:
        read = False
        calendar = str(exc).startswith("ไม่มีวันที่")
    if not text.strip():
        assert matches
    elif read:
        assert matches
    else:
        assert not matches or calendar, str(exc)


@pytest.mark.parametrize("text, th, en", [
    ("31 กุมภาพันธ์ 2565", "ไม่มีวันที่ ๓๑ กุมภาพันธ์ ๒๕๖๕ ในปฏิทิน (เดือนกุมภาพันธ์ ๒๕๖๕ มี ๒๘ วัน)",
     "there is no 31 February 2565 BE in the calendar (February 2565 has 28 days)"),
    ("2567-02-30", "ไม่มีวันที่ ๓๐ กุมภาพันธ์ ๒๕๖๗ ในปฏิทิน (เดือนกุมภาพันธ์ ๒๕๖๗ มี ๒๙ วัน)",
     "there is no 30 February 2567 BE in the calendar (February 2567 has 29 days)"),
    ("๓๑/๔/๖๕", "ไม่มีวันที่ ๓๑ เมษายน ๒๕๖๕ ในปฏิทิน (เดือนเมษายน ๒๕๖๕ มี ๓๐ วัน)", "there is no 31 April 2565 BE"),
    ("2565-13-01", "ไม่มีเดือนที่ ๑๓ ในปฏิทิน", "there is no month 13: months are 1 to 12"),
])
def test_a_day_not_in_the_calendar_is_said_as_a_thai_date_with_the_months_length(text, th, en):
    with pytest.raises(thai.DateFormatError) as caught:
        thai.parse_date(text)
    assert str(caught.value).startswith(th) and caught.value.en.startswith(en)
    assert not any(c in "0123456789" for c in str(caught.value))  # Thai digits only in the Thai message
