"""The event form's fields <-> the EventCreate/EventUpdate payload, and Pydantic errors -> fields.

Pure: no request, no database. Repeated rows use indexed names (`participants-0-name`,
`sources-2-quote`); rows left empty are dropped before validation, so the form can always show
spare blank rows. Every value stays a string exactly as typed, so a failed save re-renders it.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from app.domain import LABELS, Precision, Side
from app.limits import MAX_PARTICIPANTS, MAX_SOURCES
from app.schemas import EVENT_FIELDS, EventCreate, EventPublic
from app.services.revisions import FIELD_LABELS as EVENT_FIELD_LABELS
from app.validation import DATE_ERROR, MODEL_ERRORS, bare, error_message

SCALAR_FIELDS = EVENT_FIELDS
DATE_FIELDS = ("date", "date_precision", "end_date")
PARTICIPANT_FIELDS = ("side", "name", "title")
SOURCE_FIELDS = ("url", "publisher", "published", "kind", "headline", "quote", "article_id")
ROW_FIELDS = {"participants": PARTICIPANT_FIELDS, "sources": SOURCE_FIELDS}
ROW_LIMITS = {"participants": MAX_PARTICIPANTS, "sources": MAX_SOURCES}
# Fields that a blank row may still carry (a select always sends a value; a source from a
# stored article keeps its hidden article id when the editor empties the row to drop it).
ROW_DEFAULTS = {"participants": {"side"}, "sources": {"kind", "article_id"}}
_ROW_NAME = re.compile(r"^(participants|sources)-(\d{1,3})-([a-z_]+)$", re.ASCII)
_TOPIC_SPLIT = re.compile(r"[,;\n]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
PRECISION_ORDER = [Precision.day.value, Precision.month.value, Precision.year.value]

DATE_HINT = "YYYY-MM-DD"
EVENT_DATE_HINT = "YYYY-MM-DD; or YYYY-MM or YYYY when only the month or the year is known."
EVENT_DATE_ERROR = "Enter a real date as YYYY-MM-DD (or YYYY-MM, or YYYY), such as 2022-04-20."

FIELD_LABELS = {**EVENT_FIELD_LABELS, "new_topics": "New topics", "version": "Version",
                "form": "Form"}
ROW_FIELD_LABELS = {
    "side": "Side", "name": "Name", "title": "Title", "url": "Web address (URL)",
    "publisher": "Publisher", "published": "Published", "kind": "Kind", "headline": "Headline",
    "quote": "Quote",
}
ROW_NOUNS = {"participants": "Participant", "sources": "Source"}

def options(kind: str) -> list[tuple[str, str]]:
    """(value, label) pairs for a select, in the order app.domain lists them."""
    return list(LABELS[kind].items())


def field_label(key: str) -> str:
    """'participants-1-name' -> 'Participant 2: Name'."""
    parts = key.split("-")
    if len(parts) >= 2 and parts[0] in ROW_NOUNS and parts[1].isdecimal():
        row = f"{ROW_NOUNS[parts[0]]} {int(parts[1]) + 1}"
        return f"{row}: {ROW_FIELD_LABELS.get(parts[2], parts[2])}" if len(parts) == 3 else row
    return FIELD_LABELS.get(key, key)


def display_date(value: date | None, precision: str = "day") -> str:
    """A stored date as the form shows it: only as much as the precision claims."""
    if value is None:
        return ""
    if precision == Precision.year:
        return f"{value:%Y}"
    if precision == Precision.month:
        return f"{value:%Y-%m}"
    return value.isoformat()


def blank_participant(side: str = Side.US.value) -> dict[str, str]:
    return {"side": side, "name": "", "title": ""}


def blank_source() -> dict[str, str]:
    return {"url": "", "publisher": "", "published": "", "kind": "press", "headline": "",
            "quote": "", "article_id": ""}


def _is_blank(kind: str, row: Mapping[str, str]) -> bool:
    return all(not row.get(f, "").strip() for f in ROW_FIELDS[kind] if f not in ROW_DEFAULTS[kind])


def _split_topics(text: str) -> list[str]:
    return [t.strip() for t in _TOPIC_SPLIT.split(text) if t.strip()]


@dataclass
class EventForm:
    """What the form shows: every value as a string, the rows, and the errors by field name."""

    values: dict[str, str] = field(default_factory=dict)
    participants: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # existing topics ticked
    new_topics: str = ""
    version: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    # --- building -------------------------------------------------------------------------

    @classmethod
    def blank(cls) -> "EventForm":
        return cls(
            values={"date_precision": "day", "status": "held", "category": "defense",
                    "initiated_by": "unknown"},
            participants=[blank_participant(Side.US.value), blank_participant(Side.CN.value)],
            sources=[blank_source()],
        )

    @classmethod
    def from_event(cls, event: EventPublic) -> "EventForm":
        form = cls.from_payload(event.model_dump())
        form.version = str(event.version)
        form.add_row("participants")
        form.add_row("sources")
        return form

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> "EventForm":
        """From an event's contents as EventCreate takes them (dates as dates): a stored
        event's, or an extracted candidate's that an editor reviews."""
        values = {name: _cell(data.get(name)) for name in SCALAR_FIELDS}
        values["date"] = display_date(data.get("date"), str(data.get("date_precision") or "day"))
        values["end_date"] = display_date(data.get("end_date"))
        return cls(
            values=values,
            participants=[{f: _cell(p.get(f)) for f in PARTICIPANT_FIELDS}
                          for p in data.get("participants", [])],
            sources=[{**{f: _cell(s.get(f)) for f in SOURCE_FIELDS},
                      "published": display_date(s.get("published")),
                      "kind": _cell(s.get("kind")) or "press"} for s in data.get("sources", [])],
            topics=list(data.get("topics", [])),
        )

    @classmethod
    def from_post(cls, data: Any) -> "EventForm":
        """From posted form data (a Starlette FormData or any multi-dict with getlist)."""
        values = {name: _text(data.get(name)) for name in SCALAR_FIELDS
                  if data.get(name) is not None}
        rows: dict[str, dict[int, dict[str, str]]] = {"participants": {}, "sources": {}}
        for key in data.keys():
            match = _ROW_NAME.match(key)
            if match and match[3] in ROW_FIELDS[match[1]]:
                rows[match[1]].setdefault(int(match[2]), {})[match[3]] = _text(data.get(key))
        participants = [{**blank_participant(), **rows["participants"][i]}
                        for i in sorted(rows["participants"])]
        sources = [{**blank_source(), **rows["sources"][i]} for i in sorted(rows["sources"])]
        return cls(values=values, participants=participants, sources=sources,
                   topics=[_text(t) for t in data.getlist("topics") if _text(t).strip()],
                   new_topics=_text(data.get("new_topics")), version=_text(data.get("version")))

    def add_row(self, kind: str) -> None:
        rows = self.participants if kind == "participants" else self.sources
        if len(rows) >= ROW_LIMITS[kind]:
            return
        if kind == "participants":
            # Alternate sides so a fresh pair reads US, China.
            last = rows[-1]["side"] if rows else Side.CN.value
            side = Side.CN if last == Side.US.value else Side.US
            rows.append(blank_participant(side.value))
        else:
            rows.append(blank_source())

    def can_add(self, kind: str) -> bool:
        return len(self.participants if kind == "participants" else self.sources) < ROW_LIMITS[kind]

    # --- validating ---------------------------------------------------------------------------

    def _kept(self, kind: str) -> list[int]:
        rows = self.participants if kind == "participants" else self.sources
        return [i for i, row in enumerate(rows) if not _is_blank(kind, row)]

    def all_topics(self) -> list[str]:
        seen: set[str] = set()
        names = []
        for name in [*self.topics, *_split_topics(self.new_topics)]:
            if name.strip().casefold() not in seen:
                seen.add(name.strip().casefold())
                names.append(name)
        return names

    def participant_names(self) -> list[str]:
        return [self.participants[i]["name"] for i in self._kept("participants")
                if self.participants[i]["name"].strip()]

    def payload(self, *, with_version: bool = False) -> dict[str, Any]:
        """The dict EventCreate/EventUpdate validate; empty strings left out (defaults apply)."""
        payload: dict[str, Any] = {k: v for k, v in self.values.items() if v.strip()}
        precision = payload.get("date_precision", Precision.day.value)
        if "date" in payload:
            payload["date"], coarser = _partial_date(payload["date"].strip())
            if coarser and precision in PRECISION_ORDER and \
                    PRECISION_ORDER.index(coarser) > PRECISION_ORDER.index(precision):
                payload["date_precision"] = coarser
        payload["participants"] = [
            {k: v for k, v in self.participants[i].items() if v.strip()}
            for i in self._kept("participants")
        ]
        payload["sources"] = [
            {k: v for k, v in self.sources[i].items() if v.strip()} for i in self._kept("sources")
        ]
        payload["topics"] = self.all_topics()
        if with_version:
            payload["version"] = self.version
        return payload

    def validate(self, model: type[BaseModel]) -> BaseModel | None:
        """The validated command, or None with `errors` filled (field name -> messages)."""
        self.errors = {}
        payload = self.payload(with_version="version" in model.model_fields)
        strict = set(self._strict_dates())
        for key in strict:
            self._add_error(key, EVENT_DATE_ERROR if key == "date" else DATE_ERROR)
        try:
            command = model.model_validate(payload)
        except ValidationError as exc:
            for error in exc.errors():
                key, message = self._locate(error)
                if key not in strict:
                    self._add_error(key, message)
            return None
        return None if self.errors else command

    def validate_dates(self) -> None:
        """Only the date rules, for the inline check: the other required fields get stand-ins
        so that the schema's cross-field checks (end not before start) still run."""
        dates = EventForm(values={k: v for k, v in self.values.items() if k in DATE_FIELDS}
                          | {"title": "-", "medium": "other"})
        dates.validate(EventCreate)
        self.errors = {k: v for k, v in dates.errors.items() if k in DATE_FIELDS}

    def field_errors(self, name: str) -> list[str]:
        return self.errors.get(name, [])

    def _add_error(self, key: str, message: str) -> None:
        messages = self.errors.setdefault(key, [])
        if message not in messages:
            messages.append(message)

    def _strict_dates(self) -> Iterable[str]:
        """Dates Pydantic would accept but no one means (a bare number reads as a timestamp)."""
        event_date = self.values.get("date", "").strip()
        if event_date and not (_ISO_DATE.match(event_date) or _YEAR_MONTH.match(event_date)
                               or _YEAR.match(event_date)):
            yield "date"
        end_date = self.values.get("end_date", "").strip()
        if end_date and not _ISO_DATE.match(end_date):
            yield "end_date"
        for i in self._kept("sources"):
            published = self.sources[i]["published"].strip()
            if published and not _ISO_DATE.match(published):
                yield f"sources-{i}-published"

    def _locate(self, error: dict) -> tuple[str, str]:
        loc = error["loc"]
        message = error_message(error)
        if not loc:
            return MODEL_ERRORS.get(bare(error["msg"]), ("form",))[0] or "form", message
        head = loc[0]
        if head == "date" and message == DATE_ERROR:
            return "date", EVENT_DATE_ERROR
        if head in ROW_FIELDS:
            if len(loc) == 1:
                return head, message
            row = self._kept(head)[loc[1]]
            return "-".join(map(str, [head, row, *loc[2:3]])), message
        if head == "topics":
            if len(loc) == 1:
                return "topics", message
            return ("topics" if loc[1] < len(self.topics) else "new_topics"), message
        return str(head), message


def _cell(value: Any) -> str:
    """A stored value as a form field shows it ("" for none; an enum as its value)."""
    return "" if value is None else str(value)


def _text(value: Any) -> str:
    # An uploaded file where text belongs is not text: treat it as empty.
    return value if isinstance(value, str) else ""


def _partial_date(text: str) -> tuple[str, str | None]:
    """'2021-03' -> ('2021-03-01', 'month'); '2021' -> ('2021-01-01', 'year')."""
    if _YEAR.match(text):
        return f"{text}-01-01", Precision.year.value
    if _YEAR_MONTH.match(text):
        return f"{text}-01", Precision.month.value
    return text, None
