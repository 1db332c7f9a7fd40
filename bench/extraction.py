r"""Score the extractor on folders of labelled articles.

    python -m bench.extraction tests/fixtures/articles tests/fixtures/articles/holdout
    python -m bench.extraction tests/fixtures/articles/holdout --match '^h(1[5-9]|2\d)-'

Each folder holds JSON files {url, publisher, published, text, gold_events}. An extracted event
matches a gold event when the medium is the same; the date is within a day, inside the gold
range, or in the gold month; and for each side that has gold names, one participant is the same
person (spelling variants allowed). Only held events count as contacts; `optional` gold events
are neither credited nor penalised.
"""

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz

from app.extract.people import load_gazetteer
from app.extract.pipeline import extract_events
from app.text import name_key


def load_articles(folder: str | Path, match: str | None = None) -> list[dict]:
    """The labelled articles directly inside folder (sub-folders are separate sets), optionally
    only those whose file name matches the regular expression `match`."""
    articles = []
    for path in sorted(Path(folder).glob("*.json")):
        if match and not re.search(match, path.name):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if "text" in data and "gold_events" in data:
            data["_file"] = path.name
            articles.append(data)
    return articles


def canonical(name: str) -> str:
    official = load_gazetteer().by_name(name)
    return official.name if official else name


def same_person(a: str, b: str) -> bool:
    ca, cb = canonical(a), canonical(b)
    if name_key(ca) == name_key(cb):
        return True
    return fuzz.token_sort_ratio(name_key(ca), name_key(cb)) >= 88


def _interval(value: str, end: str | None) -> tuple[date, date, str]:
    if len(value) == 4:
        return date(int(value), 1, 1), date(int(value), 12, 31), "year"
    if len(value) == 7:
        y, m = map(int, value.split("-"))
        last = (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1))
        return date(y, m, 1), last, "month"
    d = date.fromisoformat(value)
    return d, date.fromisoformat(end) if end else d, "day"


def date_matches(pred: dict, gold: dict) -> bool:
    ps, pe, _ = _interval(pred["date"], pred.get("end_date"))
    gs, ge, gp = _interval(gold["date"], gold.get("end_date"))
    if gp == "day":
        slack = timedelta(days=1)
        return ps <= ge + slack and gs <= pe + slack and (pe - ps).days <= 7
    return gs <= ps <= ge  # in the gold month (or year)


def participants_match(pred: dict, gold: dict) -> bool:
    for side, key in (("US", "us_participants"), ("CN", "cn_participants")):
        names = gold.get(key) or []
        if not names:
            continue
        mine = [p["name"] for p in pred["participants"] if p.get("side") == side]
        if not any(same_person(a, b) for a in mine for b in names):
            return False
    return True


def events_match(pred: dict, gold: dict) -> bool:
    return (pred["medium"] == gold["medium"] and date_matches(pred, gold)
            and participants_match(pred, gold))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleScore:
    file: str
    events: Counts = field(default_factory=Counts)
    participants: Counts = field(default_factory=Counts)
    topics: Counts = field(default_factory=Counts)
    dates_exact: int = 0
    matched: int = 0
    errors: list[str] = field(default_factory=list)


def score_article(article: dict, predicted: list[dict]) -> ArticleScore:
    score = ArticleScore(article.get("_file", article.get("url") or "?"))
    held = [p for p in predicted if p["status"] == "held"]
    gold = [g for g in article["gold_events"] if g.get("status", "held") == "held"]
    used: set[int] = set()
    for p in held:
        match = next((i for i, g in enumerate(gold) if i not in used and events_match(p, g)), None)
        if match is None:
            score.events.fp += 1
            score.errors.append(f"FP {p['date']} {p['medium']} "
                                f"{[x['name'] for x in p['participants']]}")
            continue
        used.add(match)
        g = gold[match]
        if g.get("optional"):
            continue
        score.events.tp += 1
        score.matched += 1
        if p["date"] == g["date"] and p.get("end_date") == g.get("end_date"):
            score.dates_exact += 1
        else:
            score.errors.append(f"DATE {p['date']}..{p.get('end_date')} for gold "
                                f"{g['date']}..{g.get('end_date')}")
        gold_names = (g.get("us_participants") or []) + (g.get("cn_participants") or [])
        pred_names = [x["name"] for x in p["participants"]]
        hit = sum(any(same_person(a, b) for a in pred_names) for b in gold_names)
        score.participants.tp += hit
        score.participants.fn += len(gold_names) - hit
        score.participants.fp += sum(not any(same_person(a, b) for b in gold_names)
                                     for a in pred_names)
        gt = {t.lower() for t in g.get("topics") or []}
        pt = {t.lower() for t in p.get("topics") or []}
        score.topics.tp += len(gt & pt)
        score.topics.fp += len(pt - gt)
        score.topics.fn += len(gt - pt)
        if gt != pt:
            score.errors.append(f"TOPICS {g['date']} missing {sorted(gt - pt)} "
                                f"extra {sorted(pt - gt)}")
    for i, g in enumerate(gold):
        if i not in used and not g.get("optional"):
            score.events.fn += 1
            score.errors.append(f"FN {g['date']} {g['medium']} "
                                f"{g.get('us_participants')} {g.get('cn_participants')}")
    return score


@dataclass
class Report:
    articles: int
    events: Counts
    participants: Counts
    topics: Counts
    date_accuracy: float
    articles_per_second: float
    per_article: list[ArticleScore]


def _extract(article: dict) -> list[dict]:
    result = extract_events(article["text"], published=article.get("published"),
                            publisher=article.get("publisher"), url=article.get("url"))
    return result.model_dump()["events"]


def evaluate(articles: list[dict], *, repeat: int = 3) -> Report:
    per_article = [score_article(a, _extract(a)) for a in articles]
    started = time.process_time()  # CPU time of this process: one core, whatever else runs
    for _ in range(repeat):
        for a in articles:
            _extract(a)
    elapsed = time.process_time() - started
    events, participants, topics = Counts(), Counts(), Counts()
    exact = matched = 0
    for s in per_article:
        events.add(s.events)
        participants.add(s.participants)
        topics.add(s.topics)
        exact += s.dates_exact
        matched += s.matched
    return Report(len(articles), events, participants, topics,
                  exact / matched if matched else 1.0,
                  len(articles) * repeat / elapsed if elapsed else float("inf"), per_article)


def format_report(name: str, r: Report, verbose: bool = False) -> str:
    lines = [
        f"{name}: {r.articles} articles",
        f"  events        P {r.events.precision:.3f}  R {r.events.recall:.3f}  "
        f"F1 {r.events.f1:.3f}  (tp {r.events.tp}, fp {r.events.fp}, fn {r.events.fn})",
        f"  participants  P {r.participants.precision:.3f}  R {r.participants.recall:.3f}  "
        f"F1 {r.participants.f1:.3f}",
        f"  topics        P {r.topics.precision:.3f}  R {r.topics.recall:.3f}  "
        f"F1 {r.topics.f1:.3f}",
        f"  date accuracy {r.date_accuracy:.3f} (exact date of matched events)",
        f"  throughput    {r.articles_per_second:.0f} articles/s (one core, CPU time)",
    ]
    if verbose:
        for s in r.per_article:
            for e in s.errors:
                lines.append(f"    {s.file}: {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--repeat", type=int, default=5, help="passes for the speed figure")
    parser.add_argument("--match", help="only the files whose name matches this regex")
    args = parser.parse_args(argv)
    for folder in args.folders:
        articles = load_articles(folder, args.match)
        if not articles:
            print(f"{folder}: no labelled articles", file=sys.stderr)
            return 1
        print(format_report(folder, evaluate(articles, repeat=args.repeat), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
