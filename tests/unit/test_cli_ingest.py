"""`contacts ingest FILE...`: a dry run changes nothing; --yes creates and merges, once."""

from pathlib import Path

from sqlmodel import Session, func, select

from app.cli import cli
from app.models import Article, Event, Revision, Source
from app.services.officials import import_gazetteer
from tests.factories import make_event

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "seeds"
AP_FILE = SEEDS / "004_16a2962eca6a6bb6.txt"
EFE_FILE = SEEDS / "000_5114188dcac77269.txt"


def counts(engine) -> tuple[int, int, int, int]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(m)).one()
                     for m in (Article, Event, Source, Revision))


def test_a_dry_run_prints_the_plan_and_changes_nothing(runner, engine):
    before = counts(engine)
    result = runner.invoke(cli, ["ingest", str(AP_FILE), "--published", "2022-04-20",
                                 "--publisher", "AP"])
    assert result.exit_code == 0, result.output
    assert "new article; 5 contacts found" in result.output
    assert "1. 2022-04-20 phone call, held, confidence 0.90: Lloyd Austin (US, Secretary of " \
           "Defense); Wei Fenghe (CN, Minister of National Defense)" in result.output
    assert "would create: Austin and Wei speak by phone" in result.output
    assert "skipped: confidence 0.65 is below 0.70" in result.output
    assert "Dry run: nothing was saved" in result.output
    unnamed = runner.invoke(cli, ["ingest", str(AP_FILE)])
    assert "skipped: its source needs the article's publisher" in unnamed.output
    assert counts(engine) == before


def test_yes_creates_merges_and_a_second_run_changes_nothing(runner, engine, session):
    import_gazetteer(session)
    recorded = make_event(session, date="2022-04-20", sources=[
        {"url": "https://www.defense.gov/x", "publisher": "US Department of Defense",
         "published": "2022-04-20", "kind": "us_readout", "quote": "Readout."}])
    args = ["ingest", str(AP_FILE), "--publisher", "AP", "--published", "2022-04-20", "--yes"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert f"added as a source of event {recorded.id}: " in first.output
    assert "created event" in first.output and "Esper and Wei speak by phone" in first.output
    assert "created 3, merged into recorded events 1, already there 0, skipped 1" in first.output
    efe = runner.invoke(cli, ["ingest", str(EFE_FILE), "--publisher", "EFE", "--published",
                              "2021-09-30", "--yes"])
    assert "created 1, merged into recorded events 0" in efe.output  # Chase and Huang
    after_first = counts(engine)
    assert after_first[:2] == (2, 5)
    with Session(engine) as s:
        editors = set(s.exec(select(Revision.editor).where(Revision.action != "create")
                             .where(Revision.entity_id == recorded.id)).all())
        created_by = set(s.exec(select(Revision.editor).where(Revision.entity_id != recorded.id))
                         .all())
    assert editors == {"contacts ingest"} and created_by == {"contacts ingest"}

    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert "already stored as article" in second.output
    assert "created 0, merged into recorded events 0, already there 4, skipped 1" in second.output
    assert counts(engine) == after_first


def test_a_web_page_is_cleaned_and_its_metadata_used(runner, engine, tmp_path):
    page = tmp_path / "call.html"
    body = "".join(f"<p>{p}</p>" for p in AP_FILE.read_text(encoding="utf-8").split("\n\n")[2:])
    page.write_text(f"<html><head><title>Austin calls Wei</title>"
                    f"<meta property='og:site_name' content='AP News'>"
                    f"<meta property='article:published_time' content='2022-04-20'></head>"
                    f"<body><nav>Menu</nav><article>{body}</article></body></html>",
                    encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(page), "--yes"])
    assert result.exit_code == 0, result.output
    with Session(engine) as s:
        article = s.exec(select(Article)).one()
        assert (article.publisher, article.published.isoformat()) == ("AP News", "2022-04-20")
        assert "Menu" not in article.text


def test_saving_needs_a_publisher_and_bad_options_are_refused(runner, engine):
    before = counts(engine)
    result = runner.invoke(cli, ["ingest", str(AP_FILE), "--yes"])
    assert result.exit_code == 2 and "--publisher" in result.output
    bad = runner.invoke(cli, ["ingest", str(AP_FILE), "--published", "20/04/2022"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    missing = runner.invoke(cli, ["ingest", "no-such-file.txt"])
    assert missing.exit_code == 2
    assert counts(engine) == before


def test_an_unreadable_file_stops_before_anything_is_saved(runner, engine, tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    before = counts(engine)
    result = runner.invoke(cli, ["ingest", str(AP_FILE), str(pdf), "--publisher", "AP", "--yes"])
    assert result.exit_code == 1 and "Upload a .txt or .html file" in result.output
    assert counts(engine) == before
