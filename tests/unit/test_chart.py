"""The chart's geometry: stacked segments, links per period, shaded ranges, text alternative."""

from datetime import date

from app.schemas import PeriodPublic
from app.services.rhythm import bucket_counts
from app.web.chart import HEADROOM, HEIGHT, SLOT, bar_title, build_chart


def test_bars_stack_by_medium_and_link_to_their_period():
    rhythm = bucket_counts({(2021, 1): {"phone_call": 1, "video_conference": 1},
                            (2021, 3): {"in_person_meeting": 1}})
    chart = build_chart(rhythm, [], url_for=lambda b: f"/?from={b.start}&to={b.end}")
    assert [b.bucket.label for b in chart.bars] == ["Jan 2021", "Mar 2021"]  # Feb: no bar
    jan = chart.bars[0]
    assert [s.medium for s in jan.segments] == ["phone_call", "video_conference"]
    scale = (HEIGHT - HEADROOM) / 2
    assert [(round(s.y, 3), round(s.height, 3)) for s in jan.segments] == [
        (round(HEIGHT - scale, 3), round(scale, 3)),
        (round(HEIGHT - 2 * scale, 3), round(scale, 3))]
    assert jan.url == "/?from=2021-01-01&to=2021-01-31"
    assert chart.bars[1].x > 2 * SLOT  # the third slot
    assert jan.title == "Jan 2021: 2 contacts (1 phone call, 1 video conference)"
    assert chart.summary == ("Contacts per month, Jan 2021 to Mar 2021: 3 contacts in all; the "
                             "most in Jan 2021 (2); 1 month without any.")
    assert chart.media == ["phone_call", "video_conference", "in_person_meeting"]


def test_periods_shade_the_range_they_cover():
    rhythm = bucket_counts({(2020, 1): {"other": 1}, (2023, 12): {"other": 1}})  # 4 years
    assert rhythm.unit == "year"
    period = PeriodPublic(id=1, name="Suspension", start=date(2022, 1, 1), end=date(2022, 12, 31))
    outside = PeriodPublic(id=2, name="Long ago", start=date(2010, 1, 1), end=date(2011, 1, 1))
    chart = build_chart(rhythm, [period, outside], url_for=lambda b: "/")
    assert len(chart.shades) == 1
    shade = chart.shades[0]
    assert shade.number == 1 and shade.label == "Suspension, Jan 2022 – Dec 2022"
    # Four years in the middle of twelve slots: 2022 is the third, so slot 4 + 2.
    assert round(shade.x, 3) == 6 * SLOT and round(shade.left_pct) == 50
    assert 0.99 * SLOT < shade.width < 1.05 * SLOT


def test_bar_title_of_one_medium():
    rhythm = bucket_counts({(2022, 4): {"phone_call": 1}})
    assert bar_title(rhythm.buckets[0]) == "Apr 2022: 1 contact (1 phone call)"


def test_a_few_buckets_sit_in_the_middle():
    rhythm = bucket_counts({(2023, 11): {"in_person_meeting": 1}})
    chart = build_chart(rhythm, [], url_for=lambda b: "/")
    assert chart.width == 12 * SLOT  # MIN_SLOTS wide, not one stretched bar
    assert chart.bars[0].x == 5.5 * SLOT + (SLOT - 7.0) / 2
    assert chart.ticks[0].left_pct == 50
    assert chart.summary == "Contacts per month, Nov 2023: 1 contact in all."
