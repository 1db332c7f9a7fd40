"""The vocabulary of the record: allowed values and how people read them."""

from enum import StrEnum


class Medium(StrEnum):
    phone_call = "phone_call"
    video_conference = "video_conference"
    in_person_meeting = "in_person_meeting"
    written = "written"
    other = "other"


class Status(StrEnum):
    held = "held"
    planned = "planned"
    requested = "requested"
    declined = "declined"
    postponed = "postponed"
    cancelled = "cancelled"


class Category(StrEnum):
    defense = "defense"
    leader = "leader"
    diplomatic = "diplomatic"


class Precision(StrEnum):
    day = "day"
    month = "month"
    year = "year"


class Side(StrEnum):
    US = "US"
    CN = "CN"


class Initiator(StrEnum):
    US = "US"
    CN = "CN"
    unknown = "unknown"


class SourceKind(StrEnum):
    us_readout = "us_readout"
    cn_readout = "cn_readout"
    press = "press"


LABELS: dict[str, dict[str, str]] = {
    "medium": {
        "phone_call": "Phone call",
        "video_conference": "Video conference",
        "in_person_meeting": "In person",
        "written": "Written",
        "other": "Other",
    },
    "status": {
        "held": "Held",
        "planned": "Planned",
        "requested": "Requested",
        "declined": "Declined",
        "postponed": "Postponed",
        "cancelled": "Cancelled",
    },
    "category": {"defense": "Defence", "leader": "Leader", "diplomatic": "Diplomatic"},
    "precision": {"day": "Day", "month": "Month", "year": "Year"},
    "side": {"US": "United States", "CN": "China"},
    "initiator": {"US": "United States", "CN": "China", "unknown": "Unknown"},
    "source_kind": {"us_readout": "US readout", "cn_readout": "Chinese readout", "press": "Press"},
}


def label(kind: str, value: str | None) -> str:
    if value is None:
        return ""
    return LABELS[kind].get(value, value)
