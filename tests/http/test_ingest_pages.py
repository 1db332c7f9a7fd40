"""/ingest, its review and add-as-source forms, and /articles/{id}, over HTTP."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlmodel import func, select

from app.limits import MAX_ARTICLE_BYTES, MAX_FORM_BYTES
from app.models import Article, Event, Revision, Source
from app.services.officials import import_gazetteer
from tests.factories import make_event
from tests.http.helpers import csrf_from, snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
AP = json.loads((FIXTURES / "seed-004-ap-austin-wei.json").read_text(encoding="utf-8"))
EFE = json.loads((FIXTURES / "seed-000-efe-chase-huang.json").read_text(encoding="utf-8"))


@pytest.fixture
def gazetteer(session):
    import_gazetteer(session)
    session.commit()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def ingest(client, text=AP["text"], **fields):
    data = {"text": text, "publisher": "AP", "published": "2022-04-20", "url": ""} | fields
    return client.post("/ingest", data=data, follow_redirects=False)


def ingested(client, **fields) -> int:
    response = ingest(client, **fields)
    assert response.status_code == 303, response.text
    return int(re.match(r"/ingest/(\d+)", response.headers["location"])[1])


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def field_error(response, field: str) -> str:
    error = page(response).find(id=f"{field}-error")
    assert error is not None, f"no message next to {field}"
    return error.get_text(" ", strip=True)


# --- the form ---------------------------------------------------------------------------------


def test_the_form_is_for_editors_with_a_nav_link(client, anon_client):
    response = client.get("/ingest")
    assert response.status_code == 200
    doc = page(response)
    assert doc.find("a", href="/ingest", attrs={"aria-current": "page"})
    form = doc.find("form", action="/ingest")
    assert form["enctype"] == "multipart/form-data" and form.find("input", type="file")
    assert form.find("input", attrs={"name": "csrf_token"})
    timeline = page(anon_client.get("/"))
    assert not timeline.find("a", href="/ingest")
    refused = anon_client.get("/ingest", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == "/login?next=%2Fingest"


def test_a_pasted_article_is_stored_and_its_contacts_shown(client, session, gazetteer):
    article_id = ingested(client)
    stored = session.get(Article, article_id)
    assert (stored.publisher, stored.published.isoformat(), stored.url) == (
        "AP", "2022-04-20", None)
    assert stored.text == AP["text"].strip() and len(stored.content_hash) == 64
    response = client.get(f"/ingest/{article_id}")
    assert response.status_code == 200
    doc = page(response)
    cards = doc.select("article.candidate-card")
    assert len(cards) == 5
    first = cards[0]
    assert first["id"] == "candidate-1"
    assert "Austin and Wei speak by phone" in first.get_text()
    assert "20 April 2022" in first.get_text() and "Phone call" in first.get_text()
    wei = first.find("a", href="/officials/wei-fenghe")
    assert wei is not None and "written “Wei Fenge”" in first.get_text()
    assert "on record" in first.get_text() and "90%" in first.get_text()
    assert first.find("a", href=f"/ingest/{article_id}/candidates/1")
    # The evidence is marked in the text, each span linked to its card and back.
    marks = doc.select(".article-text mark.evidence")
    assert marks and doc.select_one('.article-text a.evidence-ref[href="#candidate-1"]')
    assert doc.find(id="evidence-1-0") is not None
    assert first.find("a", href="#evidence-1-0") is not None
    # Every character of the article is on the page, once.
    assert doc.select_one(".article-text").get_text().replace("\n", "").startswith(
        "The US Pentagon chief")


def test_the_article_text_is_escaped(client, session):
    text = AP["text"] + "\n\n<script>alert('x')</script> & <b>bold</b>"
    response = client.get(f"/ingest/{ingested(client, text=text)}")
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text


def test_a_second_ingest_finds_the_stored_article(client, session):
    first = ingested(client)
    again = ingest(client, text="  " + AP["text"].replace("\n", "\r\n") + "\n", publisher="Other")
    assert again.headers["location"] == f"/ingest/{first}?again=1"
    assert count(session, Article) == 1
    notice = page(client.get(again.headers["location"])).find(id="ingested-before")
    assert notice is not None and "not stored twice" in notice.get_text()
    assert session.get(Article, first).publisher == "AP"  # the first metadata is kept


@pytest.mark.parametrize("fields, field, message", [
    ({"text": ""}, "text", "Paste the article"),
    ({"text": "   \n "}, "text", "Paste the article"),
    ({"publisher": ""}, "publisher", "Required"),
    ({"publisher": "P" * 201}, "publisher", "Too long"),
    ({"published": "20 April 2022"}, "published", "YYYY-MM-DD"),
    ({"published": "2022-02-30"}, "published", "YYYY-MM-DD"),
    ({"url": "apnews.com/x"}, "url", "http"),
])
def test_bad_fields_get_a_message_next_to_them_and_nothing_is_stored(client, session, fields,
                                                                     field, message):
    before = snapshot(session)
    response = ingest(client, **fields)
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert page(response).find(id="error-summary") is not None
    assert snapshot(session) == before


def test_the_text_may_be_at_most_one_megabyte(client, session):
    big = "x" * (MAX_ARTICLE_BYTES + 1)
    response = ingest(client, text=big)
    assert response.status_code == 422 and "larger than 1 MB" in field_error(response, "text")
    assert count(session, Article) == 0
    # Exactly 1 MB is fine, however many bytes CRLF line ends add on the way.
    ok = ("word " * 99 + "\n") * (MAX_ARTICLE_BYTES // 496)
    assert len(ok.encode()) <= MAX_ARTICLE_BYTES
    assert ingest(client, text=ok.replace("\n", "\r\n")).status_code == 303


def test_a_body_past_the_form_limit_is_refused_before_it_is_read(client, session):
    response = client.post("/ingest", content=b"x" * (MAX_FORM_BYTES + 1),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413 and "larger than" in response.text
    assert count(session, Article) == 0


def upload(client, name: str, body: bytes, content_type: str = "text/plain", **fields):
    data = {"text": "", "publisher": "AP", "published": "2022-04-20"} | fields
    return client.post("/ingest", data=data, files={"file": (name, body, content_type)},
                       follow_redirects=False)


def test_an_uploaded_text_file_is_ingested(client, session):
    response = upload(client, "ap.txt", AP["text"].encode("utf-8"))
    assert response.status_code == 303
    assert session.exec(select(Article)).one().text == AP["text"].strip()


def test_an_uploaded_web_page_is_cleaned_to_the_article(client, session, gazetteer):
    paragraphs = "".join(f"<p>{p}</p>" for p in AP["text"].split("\n\n")[2:])
    html = (f"<html><head><title>Pentagon chief calls Chinese counterpart</title>"
            f"<meta property='og:site_name' content='AP News'>"
            f"<link rel='canonical' href='https://apnews.com/article/austin-wei'>"
            f"<script>var tracking = 1;</script><style>p {{color: red}}</style></head>"
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>Pentagon chief calls Chinese counterpart</h1>{paragraphs}</article>"
            f"<footer>Subscribe to our newsletter</footer></body></html>").encode()
    response = upload(client, "page.HTML", html, "text/html", publisher="", url="")
    assert response.status_code == 303, response.text
    article = session.exec(select(Article)).one()
    assert article.text.startswith("Pentagon chief calls Chinese counterpart\n\n")
    assert "tracking" not in article.text and "color: red" not in article.text
    assert "Subscribe" not in article.text and "Home" not in article.text
    assert "Secretary of Defense Lloyd Austin spoke" in article.text
    # The page's site name and address fill the fields left empty.
    assert (article.publisher, article.url) == ("AP News", "https://apnews.com/article/austin-wei")
    assert article.title == "Pentagon chief calls Chinese counterpart"
    cards = page(client.get(response.headers["location"])).select("article.candidate-card")
    assert "Austin and Wei speak by phone" in cards[0].get_text()


@pytest.mark.parametrize("name, body, message", [
    ("notes.pdf", b"%PDF-1.4", "Upload a .txt or .html file"),
    ("empty.txt", b"  \n", "The file is empty"),
    ("latin.txt", "Caf\xe9".encode("latin-1"), "not UTF-8"),
    ("blank.html", b"<html><head><script>var a = 1;</script></head><body></body></html>",
     "No article text"),
    ("big.txt", b"x" * (MAX_ARTICLE_BYTES + 1), "larger than 1 MB"),
])
def test_bad_files_get_a_message_next_to_the_file_field(client, session, name, body, message):
    response = upload(client, name, body)
    assert response.status_code == 422
    assert message in field_error(response, "file")
    assert count(session, Article) == 0


def test_text_and_a_file_together_are_refused(client, session):
    response = upload(client, "ap.txt", b"Some text", text="Other text")
    assert response.status_code == 422 and "not both" in field_error(response, "text")


def test_writes_need_the_csrf_token(client, session):
    before = snapshot(session)
    response = client.post("/ingest", data={"text": AP["text"], "publisher": "AP"},
                           headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert response.status_code == 403
    assert snapshot(session) == before


def test_anonymous_visitors_are_sent_to_sign_in(anon_client, session):
    token = csrf_from(anon_client.get("/login"))
    before = snapshot(session)
    response = anon_client.post("/ingest", data={"text": AP["text"], "publisher": "AP",
                                                 "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert snapshot(session) == before
    assert anon_client.get("/ingest/1", follow_redirects=False).status_code == 303


def test_an_unknown_article_or_candidate_is_404(client, session):
    assert client.get("/ingest/999").status_code == 404
    article_id = ingested(client)
    assert client.get(f"/ingest/{article_id}/candidates/6").status_code == 404
    assert client.get(f"/ingest/{article_id}/candidates/0").status_code == 400


# --- reviewing and saving ---------------------------------------------------------------------


def posted(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def form_fields(doc: BeautifulSoup) -> list[tuple[str, str]]:
    """What a browser posts for the event form as it stands (the first submit button)."""
    form = doc.find("form", id="event-form")
    fields = []
    for control in form.find_all(["input", "select", "textarea"]):
        name = control.get("name")
        if not name or control.get("type") == "submit":
            continue
        if control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            fields.append((name, chosen.get("value", "") if chosen else ""))
        elif control.name == "textarea":
            fields.append((name, control.get_text()))
        elif control.get("type") == "checkbox":
            if control.has_attr("checked"):
                fields.append((name, control.get("value", "on")))
        else:
            fields.append((name, control.get("value", "")))
    return fields


def test_review_opens_the_event_form_filled_in_and_saving_links_the_article(client, session,
                                                                            gazetteer):
    article_id = ingested(client)
    response = client.get(f"/ingest/{article_id}/candidates/1")
    assert response.status_code == 200
    doc = page(response)
    assert doc.find("form", id="event-form")["action"] == "/events/new"
    values = dict(form_fields(doc))
    assert values["date"] == "2022-04-20" and values["medium"] == "phone_call"
    assert values["title"] == "Austin and Wei speak by phone"
    assert values["duration_minutes"] == "45" and values["initiated_by"] == "US"
    assert values["channel"] == "Defense Telephone Link"
    assert (values["participants-0-name"], values["participants-0-side"]) == ("Lloyd Austin", "US")
    assert (values["participants-1-name"], values["participants-1-title"]) == (
        "Wei Fenghe", "Minister of National Defense")
    assert "On record" in doc.find(id="participants-1-match").get_text()
    assert (values["sources-0-publisher"], values["sources-0-published"]) == ("AP", "2022-04-20")
    assert values["sources-0-article_id"] == str(article_id)
    assert "Secretary of Defense Lloyd Austin spoke" in values["sources-0-quote"]
    topics = [v for k, v in form_fields(doc) if k == "topics"]
    assert {"Taiwan", "Ukraine", "South China Sea"} <= set(topics)
    assert doc.find(id="review-notice") is not None

    saved = client.post("/events/new", data=posted(form_fields(doc)), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    event_id = int(saved.headers["location"].rsplit("/", 1)[1])
    source = session.exec(select(Source).where(Source.event_id == event_id)).one()
    assert source.article_id == article_id and source.publisher == "AP"
    revision = session.exec(select(Revision).where(Revision.entity_id == event_id)).one()
    assert (revision.action, revision.editor) == ("create", client.editor.name)
    assert count(session, Article) == 1
    # The event page links the stored article; the article page lists the event.
    event_page = page(client.get(f"/events/{event_id}"))
    assert event_page.find("a", href=f"/articles/{article_id}") is not None
    article_page = client.get(f"/articles/{article_id}")
    assert article_page.status_code == 200
    assert page(article_page).find("a", href=f"/events/{event_id}") is not None
    # The ingest page now says the contact is saved.
    card = page(client.get(f"/ingest/{article_id}")).find(id="candidate-1")
    assert "Saved" in card.get_text() and card.find("a", href=f"/events/{event_id}")


def test_unknown_people_are_proposed_as_new_officials(client, session):
    # No gazetteer in this database: nobody is on record yet.
    article_id = ingested(client, text=EFE["text"], publisher="EFE", published="2021-09-30")
    card = page(client.get(f"/ingest/{article_id}")).find(id="candidate-1")
    assert "new" in card.get_text() and card.find("a", href=re.compile("^/officials/")) is None
    doc = page(client.get(f"/ingest/{article_id}/candidates/1"))
    hint = doc.find(id="participants-0-match").get_text()
    assert "Not on record: saving adds a new person" in hint
    values = dict(form_fields(doc))
    assert (values["date"], values["end_date"]) == ("2021-09-28", "2021-09-29")
    saved = client.post("/events/new", data=posted(form_fields(doc)), follow_redirects=False)
    assert saved.status_code == 303
    assert page(client.get("/officials")).find("a", string="Huang Xueping") is not None


def test_a_matching_candidate_is_offered_as_a_source_of_the_recorded_event(client, session,
                                                                           gazetteer):
    recorded = make_event(session, title="Austin and Wei talk", sources=[
        {"url": "https://www.defense.gov/readout", "publisher": "US Department of Defense",
         "published": "2022-04-20", "kind": "us_readout", "quote": "Readout."}])
    article_id = ingested(client)
    card = page(client.get(f"/ingest/{article_id}")).find(id="candidate-1")
    form = card.find("form", action=f"/ingest/{article_id}/candidates/1/add-to")
    assert form is not None and form.find("input", attrs={"name": "event"})["value"] == str(
        recorded.id)
    assert card.find("a", href=f"/ingest/{article_id}/candidates/1")  # review as new, still

    response = client.post(f"/ingest/{article_id}/candidates/1/add-to",
                           data={"event": str(recorded.id)}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/events/{recorded.id}#sources"
    sources = session.exec(select(Source).where(Source.event_id == recorded.id)
                           .order_by(Source.position)).all()
    assert [s.article_id for s in sources] == [None, article_id]
    assert "Secretary of Defense Lloyd Austin" in sources[1].quote
    revision = session.exec(select(Revision).where(Revision.entity_id == recorded.id)
                            .order_by(Revision.id.desc())).first()
    assert (revision.action, revision.editor) == ("add_sources", client.editor.name)
    assert count(session, Event) == 1
    # Twice is once; the card now says it is saved.
    client.post(f"/ingest/{article_id}/candidates/1/add-to", data={"event": str(recorded.id)})
    assert len(session.exec(select(Source).where(Source.event_id == recorded.id)).all()) == 2
    assert "Saved" in page(client.get(f"/ingest/{article_id}")).find(id="candidate-1").get_text()


def test_adding_to_a_deleted_or_missing_event_says_so(client, session, gazetteer):
    from app.services.events import delete_event

    recorded = make_event(session)
    article_id = ingested(client)
    delete_event(session=session, event_id=recorded.id)
    before = snapshot(session)
    response = client.post(f"/ingest/{article_id}/candidates/1/add-to",
                           data={"event": str(recorded.id)})
    assert response.status_code == 409 and "deleted" in page(response).find(id="page-notice").text
    missing = client.post(f"/ingest/{article_id}/candidates/1/add-to", data={"event": "x"})
    assert missing.status_code == 400
    assert snapshot(session) == before


def test_a_source_naming_an_unknown_article_is_refused(client, session):
    before = snapshot(session)
    from tests.factories import event_payload

    payload = event_payload()
    payload["sources"][0]["article_id"] = 424242
    response = client.post("/api/events", json=payload)
    assert response.status_code == 422 and "424242" in response.text
    assert snapshot(session) == before
