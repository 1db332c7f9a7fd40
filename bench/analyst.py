"""Time the analyst queries (rhythm chart, bands, silences, statistics) on a database.

    python -m bench.analyst sqlite:///bench/.data/contacts-1000000-v1.db [--repeat 3]

Opens the database read-only (a SQLite URL is turned into a read-only URI), so a shared
benchmark database is never written: it must have the month table (`contacts migrate`, then
`contacts recount` after a bulk load). Prints the best of --repeat runs per query and filter,
each computed afresh, and what a second chart of the same view costs (kept in the cache).
"""

import argparse
import time
from datetime import date

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.services import cache
from app.services.filters import TimelineFilter
from app.services.overview import overview
from app.services.rhythm import rhythm
from app.services.silences import contact_dates, gaps, longest
from app.services.stats import statistics

FILTERS = {
    "default (held)": TimelineFilter(),
    "phone calls": TimelineFilter(media=("phone_call",)),
    "one year": TimelineFilter(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31)),
    "defence + leader, 2010-": TimelineFilter(categories=("defense", "leader"),
                                              date_from=date(2010, 1, 1)),
    "text 'Taiwan'": TimelineFilter(q="Taiwan"),
}


def read_only(url: str):
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return create_engine(f"sqlite:///file:{parsed.database}?mode=ro&uri=true")
    return create_engine(url)


def best(fn, repeat: int) -> tuple[float, object]:
    """The best of `repeat` runs, each computing afresh (the figures cache emptied first)."""
    times, result = [], None
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stats", action="store_true", help="also time /stats (slow)")
    args = parser.parse_args()
    engine = read_only(args.url)
    today = date.today()
    with Session(engine) as session:
        for name, f in FILTERS.items():
            queries = {
                "chart": lambda f=f: rhythm(session=session, filters=f),
                "chart+bands": lambda f=f: overview(session=session, filters=f, today=today),
                "bands (load more)": lambda f=f: overview(session=session, filters=f,
                                                          today=today, with_chart=False),
                "silences": lambda f=f: longest(gaps(contact_dates(session=session, filters=f)),
                                                limit=10),
            }
            if args.stats:
                queries["stats"] = lambda f=f: statistics(session=session, filters=f, today=today)
            for query, fn in queries.items():
                seconds, result = best(fn, args.repeat)
                detail = ""
                if query == "chart" and result is not None:
                    detail = f"{len(result.buckets)} {result.unit}s, {result.total} events"
                if query == "silences":
                    detail = f"longest {result[0].days} days" if result else "no gap"
                print(f"{name:26} {query:18} {seconds * 1000:9.1f} ms  {detail}")
            rhythm(session=session, filters=f)  # computed once more, and kept
            start = time.perf_counter()
            rhythm(session=session, filters=f)
            print(f"{name:26} {'chart, kept':18} {(time.perf_counter() - start) * 1000:9.1f} ms")
    engine.dispose()


if __name__ == "__main__":
    main()
