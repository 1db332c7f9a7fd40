"""Settings, read from CONTACTS_* environment variables (and an optional .env file)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

HTMX_VERSION = "2.0.11"
HTMX_CDN_URL = f"https://cdn.jsdelivr.net/npm/htmx.org@{HTMX_VERSION}/dist/htmx.min.js"
HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"
# /docs loads Swagger UI (swagger-ui-bundle.js, swagger-ui.css) from this folder; package.json pins
# the same release for `make vendor`'s offline copy in static/vendor/swagger-ui.
SWAGGER_UI_VERSION = "5.35.0"
SWAGGER_UI_CDN_URL = f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@{SWAGGER_UI_VERSION}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONTACTS_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///data/contacts.db"
    # PostgreSQL: connections each app process keeps open, and how many more it may open at peaks.
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    htmx_url: str = HTMX_CDN_URL
    # Empty leaves the integrity attribute out (for a local copy you trust).
    htmx_integrity: str = HTMX_SRI
    # The folder /docs loads Swagger UI from (no trailing slash); offline: /static/vendor/swagger-ui.
    swagger_ui_url: str = Field(default=SWAGGER_UI_CDN_URL, pattern=r"^(https?://[^\s/]+)?/\S*[^/\s]$")
    page_size: int = 50
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1)
    # Requests each process works on at once (its thread pool; app/concurrency.py): more only
    # contend for Python's interpreter lock.
    threads: int = Field(default=8, ge=1, le=200)
    # Signs the CSRF tokens. Unset: generated once and kept beside the SQLite database
    # (app/secret.py), so open forms survive restarts and every worker agrees.
    secret_key: SecretStr | None = None
    # Mark the session cookie Secure (sent over HTTPS only): turn on behind TLS.
    secure_cookies: bool = False
    # Keep whole anonymous responses until the next commit (app/web/response_cache.py), in at
    # most this many megabytes per process.
    response_cache: bool = True
    response_cache_mb: int = Field(default=32, ge=1)
    # The address readers reach the app at ("https://contacts.example.org"): the absolute links
    # of feeds, calendars and TimelineJS. Unset, the request's own address (its Host header).
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/[^\s]*)?$")


@lru_cache
def get_settings() -> Settings:
    return Settings()
