"""The /ingest form's fields -> the ArticleInput to ingest, with a message next to each bad
field. Pure."""

import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.limits import MAX_ARTICLE_BYTES, MAX_PUBLISHER
from app.schemas import IsoDate, Url
from app.services.articles import ArticleInput, clean_text
from app.validation import DATE_ERROR, error_message
from app.web.flat_form import FlatForm

FIELDS = ("text", "publisher", "url", "published")
LABELS = {"text": "Article text", "file": "File", "publisher": "Publisher",
          "published": "Published", "url": "Web address (URL)"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NO_TEXT = "Paste the article's text, or choose a .txt or .html file."
BOTH = "Paste the text or choose a file, not both: clear one of them."
TEXT_TOO_LARGE = "The text is larger than 1 MB: ingest a shorter excerpt."
NO_PUBLISHER = "Required: the saved events' source needs its publisher."


class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    publisher: str = Field(min_length=1, max_length=MAX_PUBLISHER)
    url: Url | None = None
    published: IsoDate | None = None


class IngestForm(FlatForm):
    FIELDS = FIELDS

    def validate(self, upload: ArticleInput | None = None, *, file_chosen: bool = False,
                 file_error: str | None = None) -> ArticleInput | None:
        """The article to ingest, or None with `errors` filled. `upload` is the chosen file's
        article (or `file_error` why it has none); empty metadata fields take the file's."""
        self.errors = {}
        text = self.values["text"]
        if file_error:
            self.errors["file"] = [file_error]
        if file_chosen and text.strip():
            self.errors["text"] = [BOTH]
        elif not file_chosen and not text.strip():
            self.errors["text"] = [NO_TEXT]
        elif not file_chosen and len(clean_text(text).encode("utf-8")) > MAX_ARTICLE_BYTES:
            self.errors["text"] = [TEXT_TOO_LARGE]
        meta = self._meta(upload)
        if self.errors or meta is None:
            return None
        body = upload.text if upload is not None else text
        return ArticleInput(text=body, publisher=meta.publisher, url=meta.url,
                            published=meta.published, title=upload.title if upload else None)

    def _meta(self, upload: ArticleInput | None) -> _Meta | None:
        given = {k: self.values[k].strip() for k in ("publisher", "url", "published")}
        if upload is not None:  # what the page says, for what the editor left empty
            found = {"publisher": upload.publisher, "url": upload.url,
                     "published": upload.published.isoformat() if upload.published else None}
            given = {k: v or found[k] or "" for k, v in given.items()}
        if given["published"] and not _ISO_DATE.match(given["published"]):
            self.errors["published"] = [DATE_ERROR]
        try:
            meta = _Meta.model_validate({k: v for k, v in given.items() if v})
        except ValidationError as exc:
            for error in exc.errors():
                key = str(error["loc"][0])
                message = NO_PUBLISHER if key == "publisher" and error["type"] in (
                    "missing", "string_too_short") else error_message(error)
                self.errors.setdefault(key, [message])
            return None
        return None if self.errors else meta
