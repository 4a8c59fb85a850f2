"""R-ONCE-2: the one-time notice not given on the spot is due within 3 calendar days (002
一次性告知制: 最长不超过3日), the enquiry's day not counted, the last day ending at 24:00 China time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from intake.enquiries.rules import contact_problems, new_enquiry_no, notice_due_at

CHINA = ZoneInfo("Asia/Shanghai")


def test_r_once_2_the_notice_is_due_at_24_00_china_time_of_the_third_calendar_day_after():
    monday_morning = datetime(2026, 11, 23, 9, 0, tzinfo=CHINA)
    assert notice_due_at(monday_morning, CHINA) == datetime(2026, 11, 27, 0, 0, tzinfo=CHINA)
    assert notice_due_at(monday_morning, CHINA).tzinfo == UTC


def test_r_once_2_weekends_and_holidays_count_calendar_days_not_working_days():
    friday_evening = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)  # 17:30 in China
    assert notice_due_at(friday_evening, CHINA) == datetime(2026, 12, 8, 0, 0, tzinfo=CHINA)
    national_day = datetime(2026, 10, 1, 10, 0, tzinfo=CHINA)
    assert notice_due_at(national_day, CHINA) == datetime(2026, 10, 5, 0, 0, tzinfo=CHINA)


def test_r_once_2_the_day_is_china_times_even_late_in_the_utc_evening():
    utc_late = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # already Tuesday 01:00 in China
    assert notice_due_at(utc_late, CHINA) == datetime(2026, 11, 28, 0, 0, tzinfo=CHINA)


def test_r_once_2_a_phone_or_an_email_is_needed_to_send_it():
    assert contact_problems("13900000001", None) == []
    assert contact_problems(None, "a@example.cn") == []
    assert [field for field, _ in contact_problems(None, None)] == ["enquirer_phone", "enquirer_email"]
    assert new_enquiry_no(datetime(2026, 11, 23).date()).startswith("ENQ-20261123-")
