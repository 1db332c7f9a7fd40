"""Validation errors as sentences a person can act on: one wording for the form and the API."""

DATE_ERROR = "Enter a real date as YYYY-MM-DD, such as 2022-04-20."

# Errors raised by model validators in app.schemas carry no field location: place them by message.
MODEL_ERRORS = {
    "end_date must not be before date": ("end_date", "The end date must not be before the date."),
    "an end date needs day precision": (
        "end_date", "An end date needs day precision: set the date precision to Day."),
    "a participant needs a name or, for a delegation, a title": (
        None, "Give a name or, for a delegation, a title."),
}


def bare(msg: str) -> str:
    return msg.removeprefix("Value error, ")


def error_message(error: dict) -> str:
    """A Pydantic error as a sentence a person can act on."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "Required."
    if kind == "string_too_long":
        given = error.get("input")
        typed = f"{len(given)} characters, " if isinstance(given, str) else ""
        return f"Too long: {typed}at most {ctx['max_length']} allowed."
    if kind.startswith("date_") or kind == "date_type":
        return DATE_ERROR
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return "Enter a whole number."
    if kind == "greater_than_equal":
        return f"Must be at least {ctx['ge']}."
    if kind == "less_than_equal":
        return f"Must be at most {ctx['le']}."
    if kind == "enum":
        return "Choose one of the options offered."
    if kind == "string_pattern_mismatch":
        return "Enter a web address starting with http:// or https://."
    if kind == "too_long":
        nouns = [part for part in loc if part in ("participants", "sources", "topics")]
        noun = nouns[-1] if nouns else "items"
        return f"Too many {noun}: at most {ctx['max_length']}."
    if kind == "extra_forbidden":
        return "Unknown field."
    if kind == "value_error":
        text = bare(error["msg"])
        return MODEL_ERRORS.get(text, (None, text[:1].upper() + text[1:] + "."))[1]
    return error["msg"]
