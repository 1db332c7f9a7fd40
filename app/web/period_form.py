"""The period form's fields <-> PeriodIn, and Pydantic errors -> the field they belong to. Pure."""

import re

from pydantic import ValidationError

from app.schemas import PeriodIn, PeriodPublic
from app.web.event_form_data import DATE_ERROR, error_message
from app.web.flat_form import FlatForm

FIELDS = ("name", "start", "end", "summary", "source_url", "source_publisher")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MODEL_ERRORS = {
    "the end must not be before the start": ("end", "The end must not be before the start."),
}


class PeriodForm(FlatForm):
    FIELDS = FIELDS

    @classmethod
    def from_period(cls, period: PeriodPublic) -> "PeriodForm":
        data = period.model_dump()
        return cls({k: "" if data[k] is None else str(data[k]) for k in FIELDS})

    def validate(self) -> PeriodIn | None:
        """The validated period, or None with `errors` filled (field name -> messages)."""
        self.errors = {}
        payload = {k: v.strip() for k, v in self.values.items() if v.strip()}
        for key in ("start", "end"):
            # Pydantic would read a bare number as a timestamp: only YYYY-MM-DD is a date here.
            if key in payload and not _ISO_DATE.match(payload[key]):
                self.errors[key] = [DATE_ERROR]
        try:
            period = PeriodIn.model_validate(payload)
        except ValidationError as exc:
            for error in exc.errors():
                key, message = self._locate(error)
                if key not in self.errors:  # a strict date message stays the only one
                    self.errors[key] = [message]
            return None
        return None if self.errors else period

    @staticmethod
    def _locate(error: dict) -> tuple[str, str]:
        if error["loc"]:
            return str(error["loc"][0]), error_message(error)
        text = error["msg"].removeprefix("Value error, ")
        return _MODEL_ERRORS.get(text, ("form", text))
