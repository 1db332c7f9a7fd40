"""A form of plain text fields: the values as typed (strings, so a failed save shows them
again) and the errors by field name. The period and ingest forms build on it. Pure."""

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass
class FlatForm:
    FIELDS: ClassVar[tuple[str, ...]] = ()

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values = dict.fromkeys(self.FIELDS, "") | self.values

    @classmethod
    def from_post(cls, data: Any):
        """From posted form data; a file where text belongs counts as empty."""
        return cls({k: v if isinstance(v := data.get(k, ""), str) else "" for k in cls.FIELDS})

    def field_errors(self, name: str) -> list[str]:
        return self.errors.get(name, [])
