"""An article file (.txt, or a saved web page as .html) -> the article's text and metadata.

HTML is cleaned to the article itself with trafilatura (no menus, scripts, comments or
footers); the page's title, site name, canonical URL and date come along, for the fields the
editor left empty. Used by the /ingest upload and by `contacts ingest`.
"""

from datetime import date
from pathlib import PurePath

from app.limits import MAX_ARTICLE_BYTES
from app.services.articles import ArticleInput

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
TOO_LARGE = f"The file is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB."


class UnreadableFile(ValueError):
    """Why the file gives no article text (a message for the editor)."""


def is_html(filename: str) -> bool:
    return PurePath(filename).suffix.lower() in HTML_SUFFIXES


def article_from_file(filename: str, data: bytes) -> ArticleInput:
    """The article in a .txt (UTF-8) or .html file of at most MAX_ARTICLE_BYTES."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise UnreadableFile("Upload a .txt or .html file.")
    if len(data) > MAX_ARTICLE_BYTES:
        raise UnreadableFile(TOO_LARGE)
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    if suffix in HTML_SUFFIXES:
        return article_from_html(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("The file is not UTF-8 text: save it as UTF-8 and try again."
                             ) from None
    return ArticleInput(text=text)


def article_from_html(html: bytes | str) -> ArticleInput:
    import trafilatura  # imported when needed: it takes a tenth of a second

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False, include_images=False)
    body = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not body:
        raise UnreadableFile("No article text found in this HTML file.")
    title = (document.title or "").strip() or None
    # One paragraph a line in trafilatura's text: blank lines between them, as in the articles
    # the extractor reads. The headline leads, as it does in a pasted article.
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if title and paragraphs[0] != title:
        paragraphs.insert(0, title)
    return ArticleInput(text="\n\n".join(paragraphs), title=title,
                    publisher=(document.sitename or "").strip() or None,
                    url=_web_url(document.url), published=_day(document.date))


def _web_url(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value.startswith(("http://", "https://")) and " " not in value else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
