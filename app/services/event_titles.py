"""Readable event titles from the facts of a contact ("Austin and Wei speak by phone").

Used by the seed loader and meant for the extractor-based ingest, so both title events alike.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_ORDINAL = re.compile(r"\b(\d+(?:st|nd|rd|th))\b")
_PROPER = {"Chinese", "American", "Pentagon"}
# Channels that are a place to meet or a line to call rather than talks one holds.
FORUMS = {
    "Shangri-La Dialogue",
    "ADMM-Plus",
    "Indo-Pacific Chiefs of Defense Conference",
    "Defense Telephone Link",
}


@dataclass(frozen=True)
class TitleParticipant:
    name: str | None  # None for a delegation or an office
    side: str  # "US" | "CN"
    title: str = ""


def short_name(name: str, side: str) -> str:
    """The family name a headline uses: "Wei Fenghe" -> "Wei", "CQ Brown Jr." -> "Brown"."""
    words = name.replace(",", " ").split()
    if side == "CN":
        return words[0]
    while len(words) > 1 and words[-1].rstrip(".").lower() in _SUFFIXES:
        words.pop()
    return words[-1]


def _unnamed(title: str) -> str:
    text = _PARENTHESIS.sub("", title).strip() or "officials"
    # "Senior PLA officials" -> "senior PLA officials"; "PLA officials", "Chinese officials" stay.
    first = text.split()[0]
    if first not in _PROPER and len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _side_words(people: Sequence[TitleParticipant], side: str) -> list[str]:
    """The words for one side: up to two family names, else the first delegation's title."""
    named = [short_name(p.name, side) for p in people if p.name]
    if len(named) > 2:
        return [named[0], "others"]
    if named:
        return named
    if people:
        return [_unnamed(people[0].title)]
    return ["US officials" if side == "US" else "Chinese officials"]


def _place(location: str | None) -> str:
    return f" in {location.split(',')[0].strip()}" if location else ""


def make_title(
    *,
    participants: Sequence[TitleParticipant],
    medium: str,
    status: str,
    location: str | None = None,
    channel: str | None = None,
    round_label: str | None = None,
) -> str:
    """A headline for a contact. `participants` may be anything with name, side and title
    (TitleParticipant, schemas.ParticipantIn, an extractor candidate's participant);
    `round_label` is "17th" for the 17th round of a named dialogue (`channel`)."""
    us = [p for p in participants if p.side == "US"]
    cn = [p for p in participants if p.side == "CN"]
    us_words, cn_words = _side_words(us, "US"), _side_words(cn, "CN")
    a, b, both = _join(us_words), _join(cn_words), _join(us_words + cn_words)
    a_plural = len(us_words) > 1 or not any(p.name for p in us)
    place = _place(location)
    nobody_named = not any(p.name for p in participants)

    if status == "declined":
        what = {"phone_call": "call request", "video_conference": "video call request"}.get(
            medium, "meeting request"
        )
        return (
            f"{a}'s {what} to {b} declined"
            if not nobody_named
            else f"{channel or 'Meeting'} declined"
        )
    if status in ("requested", "planned", "postponed", "cancelled"):
        verb = {
            "requested": "seek",
            "planned": "to meet",
            "postponed": "meeting postponed with",
            "cancelled": "meeting cancelled with",
        }[status]
        if status == "requested":
            noun = {"phone_call": "a call", "video_conference": "a video call"}.get(medium, "talks")
            return f"{a} {'seek' if a_plural else 'seeks'} {noun} with {b}"
        return f"{a} {verb} {b}{place}"
    if channel and nobody_named:
        return f"{channel}{place}"
    if channel and channel not in FORUMS and (round_label or not all(p.name for p in participants)):
        talks = f"{round_label} {channel}" if round_label else channel
        return f"{a} {'hold' if a_plural else 'holds'} {talks} with {b}{place}"
    if medium == "phone_call":
        return f"{both} speak by phone"
    if medium == "video_conference":
        return f"{both} hold a video call"
    if medium == "in_person_meeting":
        return f"{a} {'meet' if a_plural else 'meets'} {b}{place}"
    if medium == "written":
        return f"{both} exchange letters"
    return f"{both} talk{place}"


def round_of(text: str) -> str | None:
    """The round a dialogue string names: "Defense Consultative Talks (4th round)" -> "4th"."""
    match = _ORDINAL.search(text)
    return match.group(1) if match else None
