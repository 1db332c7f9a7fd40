"""A small record whose chart buckets, silences and pairs are worked out by hand in the tests."""

from datetime import date

from app.schemas import PeriodIn
from app.services.periods import create_period
from tests.factories import make_event

AUSTIN = {"name": "Lloyd Austin", "side": "US", "title": "Secretary of Defense"}
WEI = {"name": "Wei Fenghe", "side": "CN", "title": "Minister of National Defense"}
MILLEY = {"name": "Mark Milley", "side": "US", "title": "Chairman of the Joint Chiefs of Staff"}
LI = {"name": "Li Zuocheng", "side": "CN", "title": "Chief of the Joint Staff Department"}


def small_record(session) -> dict:
    """Held: 10 Jan 2021 (phone, Austin–Wei, US asked), 25 Jan 2021 (video, Austin–Wei),
    5 Mar 2021 (in person, Milley–Li, CN asked), 5 Jun 2022 (phone, Austin–Wei),
    15 Jan 2023 (in person, Austin–Wei); declined: 1 Jul 2022 (phone).
    Period: 5 Aug 2022 – 21 Dec 2022, between the last two held contacts."""
    events = {
        "e1": make_event(session, date="2021-01-10", medium="phone_call", title="Call one",
                         participants=[AUSTIN, WEI], topics=["Taiwan"], initiated_by="US"),
        "e2": make_event(session, date="2021-01-25", medium="video_conference",
                         title="Video one", participants=[AUSTIN, WEI], topics=["Taiwan", "Cyber"]),
        "e3": make_event(session, date="2021-03-05", medium="in_person_meeting",
                         title="Chiefs meet", participants=[MILLEY, LI], topics=[],
                         initiated_by="CN", category="defense"),
        "e4": make_event(session, date="2022-06-05", medium="phone_call", title="Call two",
                         participants=[AUSTIN, WEI], topics=["Taiwan"]),
        "declined": make_event(session, date="2022-07-01", medium="phone_call",
                               title="Refused call", status="declined",
                               participants=[AUSTIN, WEI], topics=[]),
        "e6": make_event(session, date="2023-01-15", medium="in_person_meeting",
                         title="Meeting", participants=[AUSTIN, WEI], topics=[],
                         category="leader"),
    }
    period = create_period(session=session, data=PeriodIn(
        name="China suspends military exchanges", start=date(2022, 8, 5), end=date(2022, 12, 21),
        summary="After the Pelosi visit.", source_url="https://example.org/p",
        source_publisher="MFA"))
    return {**events, "period": period}
