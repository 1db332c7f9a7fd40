"""Ingest: an article in, the contacts it reports out, each matched against the record.

The extractor (app.extract) stays pure: this module stores the article, runs the extractor on
the stored text, resolves the candidates' participants to officials (gazetteer names and
aliases, through the Official and alias tables) and looks for the live event each candidate
may already be. A candidate matches an event of the same medium, within a day of its dates
(talks over several days count each day; a month- or year-only date must be the same month or
year at the same precision), that shares at least one official with it.

Saving a candidate creates an event (the normal create path, with its revision) whose source
links the stored article; saving a matching candidate adds the article as a source of the
event instead. The web review (app/web/ingest.py) and `contacts ingest` both come here.
"""

from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError
from sqlmodel import Session

from app.extract.pipeline import extract_events
from app.extract.schema import CandidateEvent
from app.limits import MAX_LONG_TEXT, MAX_SHORT_TEXT
from app.models import Article, Official
from app.schemas import EventCreate, EventPublic, SourceIn
from app.services.articles import (
    ArticleInput,
    Stored,
    clean_text,
    find_article,
    new_article,
    store_article,
)
from app.services.event_titles import make_title
from app.services.events import add_sources, create_event, find_similar_events
from app.services.officials import find_official
from app.services.revisions import Editor
from app.services.seed import parse_date, source_kind
from app.validation import error_message

# Saving without review (`contacts ingest --yes`, `contacts seed`) takes the candidates the
# extractor is at least this sure of; the others wait for an editor in /ingest.
SAVE_WITHOUT_REVIEW = 0.7
QUOTE_JOINER = " … "


@dataclass(frozen=True)
class Person:
    """A candidate's participant with the official it resolves to (None: not on record)."""

    name: str
    side: str | None
    title: str | None
    mention: str
    official: Official | None

    @property
    def on_record(self) -> bool:
        return self.official is not None


@dataclass
class Candidate:
    index: int  # its place in the extractor's list: what the review pages carry
    event: CandidateEvent
    people: list[Person]
    matches: list[EventPublic] = field(default_factory=list)

    def side(self, side: str) -> list[Person]:
        return [p for p in self.people if p.side == side]

    @property
    def unsided(self) -> list[Person]:
        return [p for p in self.people if p.side not in ("US", "CN")]


def candidates(session: Session, article: Article) -> list[Candidate]:
    """The contacts the stored (or about to be stored) article reports, matched."""
    result = extract_events(article.text, published=article.published,
                            publisher=article.publisher, url=article.url)
    found = []
    for index, event in enumerate(result.events):
        people = [_resolve(session, p.name, p.side, p.title, p.mention) for p in event.participants]
        candidate = Candidate(index, event, people)
        candidate.matches = matching_events(session, candidate)
        found.append(candidate)
    return found


def candidate_at(session: Session, article: Article, index: int) -> Candidate | None:
    found = candidates(session, article)
    return found[index] if 0 <= index < len(found) else None


def _resolve(session: Session, name: str, side: str | None, title: str | None,
             mention: str) -> Person:
    official = find_official(session, name) if name else None
    if official is not None and side not in ("US", "CN"):
        side = official.country
    return Person(name=official.name if official else name, side=side, title=title,
                  mention=mention, official=official)


def candidate_dates(event: CandidateEvent) -> tuple[date, str, date | None]:
    """(first day, precision, last day or None) of a candidate's "2021-03"-style date."""
    day, precision = parse_date(event.date)
    end = date.fromisoformat(event.end_date) if event.end_date else None
    return day, precision.value, end


def matching_events(session: Session, candidate: Candidate) -> list[EventPublic]:
    """Live events this candidate may be: the rule in this module's docstring."""
    names = [p.official.name for p in candidate.people if p.official is not None]
    if not names:
        return []
    day, precision, end = candidate_dates(candidate.event)
    near = find_similar_events(session=session, date=day, end_date=end, names=names,
                               medium=candidate.event.medium)
    if precision == "day":
        return [e for e in near if e.date_precision == "day"]
    return [e for e in near if e.date_precision == precision and e.date == day]


# --- what saving writes --------------------------------------------------------------------


def article_source(article: Article, candidate: Candidate) -> dict:
    """The source row a saved candidate gets: the article's metadata, the evidence as quote."""
    quote = QUOTE_JOINER.join(e.text.strip() for e in candidate.event.evidence)
    if len(quote) > MAX_LONG_TEXT:
        quote = quote[:MAX_LONG_TEXT - 1].rstrip() + "…"
    return {"publisher": article.publisher or "", "published": article.published,
            "url": article.url, "headline": article.title[:MAX_SHORT_TEXT] or None,
            "quote": quote, "kind": source_kind(article.publisher or ""),
            "article_id": article.id}


def event_payload(article: Article, candidate: Candidate) -> dict:
    """The candidate as an EventCreate payload (not validated: the review form shows what is
    wrong with it). Known officials by their record names; others as written, to be created."""
    event = candidate.event
    day, precision, end = candidate_dates(event)
    people = [{"name": p.name, "side": p.side or "", "title": (p.title or "")[:MAX_SHORT_TEXT]}
              for p in candidate.people]
    sided = [p for p in people if p["side"]]
    return {
        "date": day, "date_precision": precision, "end_date": end, "medium": event.medium,
        "channel": event.channel, "status": event.status, "category": event.category,
        "title": make_title(participants=[_TitlePerson(**p) for p in sided],
                            medium=event.medium, status=event.status, location=event.location,
                            channel=event.channel),
        "summary": "", "location": event.location, "duration_minutes": event.duration_minutes,
        "initiated_by": event.initiated_by or "unknown", "uncertain_reason": None,
        "participants": people, "topics": list(event.topics),
        "sources": [article_source(article, candidate)],
    }


@dataclass(frozen=True)
class _TitlePerson:
    name: str
    side: str
    title: str


class CandidateRefused(ValueError):
    """A candidate that cannot be saved as it stands (it needs review): why."""


def event_command(article: Article, candidate: Candidate) -> EventCreate:
    """The validated create command of a candidate; CandidateRefused says what is missing."""
    payload = event_payload(article, candidate)
    payload["participants"] = [p for p in payload["participants"] if p["side"]]
    try:
        return EventCreate.model_validate(payload)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["loc"][:1] == ("sources",) and error["loc"][-1] == "publisher":
            raise CandidateRefused("its source needs the article's publisher") from exc
        where = ".".join(str(x) for x in error["loc"])
        raise CandidateRefused(f"{where}: {error_message(error)}") from exc


def add_article_to_event(session: Session, *, event_id: int, article: Article,
                         candidate: Candidate, editor: Editor | None = None,
                         commit: bool = True) -> EventPublic:
    """Add the article (with the candidate's evidence) as a source of an existing event; an
    event that already cites the article is left as it is. EventNotFound, EventDeleted."""
    try:
        source = SourceIn.model_validate(article_source(article, candidate))
    except ValidationError as exc:
        raise CandidateRefused(error_message(exc.errors()[0])) from exc
    return add_sources(session=session, event_id=event_id, sources=[source], editor=editor,
                       commit=commit)


# --- ingesting without review (the terminal, the seed) -------------------------------------

CREATE, ADD_SOURCE, ALREADY, SKIP = "create", "add_source", "already", "skip"


@dataclass(frozen=True)
class Outcome:
    candidate: Candidate
    action: str  # CREATE | ADD_SOURCE | ALREADY | SKIP
    event_id: int | None = None  # the event created or added to (None in a dry run's create)
    title: str = ""  # that event's title
    reason: str = ""  # why it was skipped


@dataclass(frozen=True)
class ArticleSummary:
    """What a report says of the article (plain values: they outlive the session)."""

    id: int | None  # None: a new article in a dry run, not stored
    publisher: str | None
    published: date | None
    title: str

    @classmethod
    def of(cls, article: Article) -> "ArticleSummary":
        return cls(article.id, article.publisher, article.published, article.title)


@dataclass
class IngestReport:
    article: ArticleSummary
    stored_before: bool
    saved: bool  # False: a dry run, nothing written
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)


def ingest_article(session: Session, item: ArticleInput, *, save: bool,
                   editor: Editor | None = None, min_confidence: float = SAVE_WITHOUT_REVIEW,
                   commit: bool = True) -> IngestReport:
    """Store the article once, create its new candidates and add it as a source of the events
    its matching candidates are. With `save=False` nothing is written: the report says what
    would be done. Idempotent: a second run finds the stored article and the events citing it.
    Commits once at the end (unless `commit=False`: the caller's transaction goes on)."""
    text = clean_text(item.text)
    article = find_article(session, text)
    stored_before = article is not None
    if article is None:
        if save:
            article = _store(session, item, text)
        else:
            article = new_article(text, publisher=item.publisher, url=item.url,
                                  published=item.published, title=item.title)
    report = IngestReport(ArticleSummary.of(article), stored_before, saved=save)
    for candidate in candidates(session, article):
        report.outcomes.append(_apply(session, article, candidate, save=save, editor=editor,
                                      min_confidence=min_confidence))
    if save and commit:
        session.commit()
    return report


def _store(session: Session, item: ArticleInput, text: str) -> Article:
    stored: Stored = store_article(session, text=text, publisher=item.publisher, url=item.url,
                                   published=item.published, title=item.title, commit=False)
    return stored.article


def _cited_by(event: EventPublic, article: Article) -> bool:
    return article.id is not None and any(s.article_id == article.id for s in event.sources)


def _apply(session: Session, article: Article, candidate: Candidate, *, save: bool,
           editor: Editor | None, min_confidence: float) -> Outcome:
    if candidate.matches:
        target = next((e for e in candidate.matches if _cited_by(e, article)), None)
        if target is not None:
            return Outcome(candidate, ALREADY, target.id, target.title)
        target = candidate.matches[0]
        if save:
            try:
                add_article_to_event(session, event_id=target.id, article=article,
                                     candidate=candidate, editor=editor, commit=False)
            except CandidateRefused as exc:
                return Outcome(candidate, SKIP, target.id, target.title, str(exc))
        return Outcome(candidate, ADD_SOURCE, target.id, target.title)
    if candidate.event.confidence < min_confidence:
        return Outcome(candidate, SKIP, reason=f"confidence {candidate.event.confidence:.2f} is "
                                               f"below {min_confidence:.2f}: review it in /ingest")
    try:
        command = event_command(article, candidate)
    except CandidateRefused as exc:
        return Outcome(candidate, SKIP, reason=f"{exc} (review it in /ingest)")
    if not save:
        return Outcome(candidate, CREATE, None, command.title)
    created = create_event(session=session, data=command, editor=editor, commit=False)
    return Outcome(candidate, CREATE, created.id, created.title)

