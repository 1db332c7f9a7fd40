"""The rhythm chart's geometry: stacked bars by medium, shaded periods, axis labels.

Pure. The bars are drawn in an SVG whose viewBox is stretched to the width of the page
(preserveAspectRatio="none"), so every coordinate here is in slots of SLOT units; the text (axis
labels, period names) is HTML placed by percentages, so it stays legible on a phone.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil

from app.domain import label
from app.schemas import PeriodPublic
from app.services.rhythm import MEDIA, Bucket, Rhythm
from app.web.grouping import Band

SLOT = 10.0
BAR = 7.0
HEIGHT = 100.0
HEADROOM = 12.0  # units kept free above the tallest bar, for the periods' numbers
MAX_TICKS = 8
MIN_SLOTS = 12  # fewer buckets sit in the middle of this many slots, not stretched across


@dataclass(frozen=True)
class Segment:
    medium: str
    y: float
    height: float
    count: int


@dataclass(frozen=True)
class Bar:
    bucket: Bucket
    x: float
    segments: list[Segment]
    title: str
    url: str

    @property
    def slot_x(self) -> float:
        """Where the bar's slot starts: all of it takes a click (a finger on a phone)."""
        return self.x - (SLOT - BAR) / 2


@dataclass(frozen=True)
class Shade:
    period: PeriodPublic
    number: int  # what the shaded range shows; the legend gives the name
    x: float
    width: float
    left_pct: float
    width_pct: float
    label: str  # "China suspends military exchanges, Aug 2022 – Dec 2023"


@dataclass(frozen=True)
class Tick:
    label: str
    left_pct: float
    minor: bool  # hidden on narrow screens


@dataclass(frozen=True)
class Chart:
    rhythm: Rhythm
    bars: list[Bar]  # only the buckets with contacts
    shades: list[Shade]
    ticks: list[Tick]
    gridlines: list[tuple[int, float]]  # (value, bottom %) of the horizontal lines
    width: float
    summary: str
    media: list[str]  # the media that appear, for the legend and the table

    @property
    def bar_width(self) -> float:
        return BAR

    @property
    def height(self) -> float:
        return HEIGHT

    @property
    def slot(self) -> float:
        return SLOT


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def bar_title(bucket: Bucket) -> str:
    """'2022: 5 contacts (3 phone call, 2 in person)'."""
    parts = [f"{n} {label('medium', m).lower()}" for m, n in bucket.counts.items() if n]
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"{bucket.label}: {_plural(bucket.total, 'contact')}{detail}"


def _layout(n: int) -> tuple[int, float]:
    """(slots the chart is wide, the slot the first bucket starts at)."""
    span = max(n, MIN_SLOTS)
    return span, (span - n) / 2


def _position(buckets: Sequence[Bucket], day: date) -> float:
    """Where a day falls along the buckets, in slots (0 at the first bucket's start)."""
    if day <= buckets[0].start:
        return 0.0
    for i, b in enumerate(buckets):
        if b.start <= day <= b.end:
            return i + (day - b.start).days / ((b.end - b.start).days + 1)
    return float(len(buckets))


def _shades(rhythm: Rhythm, periods: Sequence[PeriodPublic]) -> list[Shade]:
    n = len(rhythm.buckets)
    span, offset = _layout(n)
    out = []
    for p in periods:
        if p.start > rhythm.end or (p.end is not None and p.end < rhythm.start):
            continue
        start = _position(rhythm.buckets, p.start)
        end = n if p.end is None else _position(rhythm.buckets, p.end) + 1 / 31
        end = min(max(end, start + 0.15), n)  # a period of a few days still shows
        out.append(Shade(p, len(out) + 1, (offset + start) * SLOT, (end - start) * SLOT,
                         100 * (offset + start) / span, 100 * (end - start) / span,
                         Band(p).label))
    return out


def _ticks(buckets: Sequence[Bucket]) -> list[Tick]:
    n = len(buckets)
    span, offset = _layout(n)
    step = max(1, ceil(n / MAX_TICKS))
    return [
        Tick(b.label, 100 * (offset + i + 0.5) / span, minor=(i // step) % 2 == 1)
        for i, b in enumerate(buckets)
        if i % step == 0
    ]


def _summary(rhythm: Rhythm) -> str:
    unit = rhythm.unit
    busiest = max(rhythm.buckets, key=lambda b: b.total)
    empty = sum(1 for b in rhythm.buckets if not b.total)
    span = (f"{rhythm.buckets[0].label} to {rhythm.buckets[-1].label}"
            if len(rhythm.buckets) > 1 else rhythm.buckets[0].label)
    text = f"Contacts per {unit}, {span}: {_plural(rhythm.total, 'contact')} in all"
    if rhythm.total and len(rhythm.buckets) > 1:
        text += f"; the most in {busiest.label} ({busiest.total})"
    if empty:
        text += f"; {_plural(empty, unit)} without any"
    return text + "."


def build_chart(
    rhythm: Rhythm, periods: Sequence[PeriodPublic], *, url_for: Callable[[Bucket], str]
) -> Chart:
    top = max(rhythm.max_total, 1)
    scale = (HEIGHT - HEADROOM) / top
    span, offset = _layout(len(rhythm.buckets))
    bars = []
    for i, bucket in enumerate(rhythm.buckets):
        if not bucket.total:
            continue
        y = HEIGHT
        segments = []
        for medium in MEDIA:
            n = bucket.counts.get(medium, 0)
            if n:
                y -= n * scale
                segments.append(Segment(medium, y, n * scale, n))
        bars.append(Bar(bucket, (offset + i) * SLOT + (SLOT - BAR) / 2, segments,
                        bar_title(bucket), url_for(bucket)))
    lines = [top] + ([top // 2] if top >= 4 else [])
    gridlines = [(v, 100 * v * scale / HEIGHT) for v in lines]
    present = [m for m in MEDIA if any(b.counts.get(m) for b in rhythm.buckets)]
    return Chart(rhythm, bars, _shades(rhythm, periods), _ticks(rhythm.buckets), gridlines,
                 span * SLOT, _summary(rhythm), present)
