# The timeline app: migrations, the shipped record into an empty database, then uvicorn on port 8000;
# the SQLite file lives on a volume at /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CONTACTS_DATABASE_URL=sqlite:////data/contacts.db

WORKDIR /srv/contacts

# An editable install: the app finds templates, static files and migrations beside the package.
COPY pyproject.toml README.md alembic.ini ./
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY app ./app
RUN pip install -e . \
    && useradd --system --uid 10001 --home-dir /srv/contacts contacts \
    && mkdir -p /data && chown contacts /data

USER contacts
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["sh", "-c", "contacts migrate && contacts seed --if-empty && exec contacts serve --host 0.0.0.0 --port 8000"]
