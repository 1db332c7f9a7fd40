"""The Dockerfile and docker-compose.yml agree with the app (no Docker engine needed)."""

import json
import re
import shlex
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import typer
import yaml
from sqlalchemy.engine import make_url

from app.cli import cli
from app.config import ROOT, Settings

PORT = 8000


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, comments dropped and continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def instructions(name: str) -> list[str]:
    return [rest for keyword, rest in dockerfile() if keyword == name]


def dockerfile_env() -> dict[str, str]:
    env = {}
    for rest in instructions("ENV"):
        env.update(token.split("=", 1) for token in shlex.split(rest))
    return env


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def service() -> dict:
    services = compose()["services"]
    assert list(services) == ["app"]
    return services["app"]


def compose_env() -> dict[str, str]:
    env = service().get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def exec_form(arguments: str) -> list[str]:
    parsed = json.loads(arguments)
    assert isinstance(parsed, list), "use the exec (JSON) form"
    return parsed


def steps(command: list[str]) -> list[list[str]]:
    """The shell steps of `sh -c "a && b"` as argument lists, without a leading `exec`."""
    assert command[:2] == ["sh", "-c"]
    result = []
    for part in command[2].split("&&"):
        words = shlex.split(part)
        result.append(words[1:] if words[0] == "exec" else words)
    return result


def option(words: list[str], name: str) -> str:
    return words[words.index(name) + 1]


def probe_url(command: list[str]) -> str:
    """The URL a health check command fetches."""
    (url,) = re.findall(r"https?://[^'\"\s)]+", " ".join(command))
    return url


def test_image_runs_the_migrations_then_seeds_an_empty_database_then_serves_on_the_port():
    (cmd,) = instructions("CMD")
    migrate, seed, serve = steps(exec_form(cmd))
    assert migrate == ["contacts", "migrate"]
    assert seed == ["contacts", "seed", "--if-empty"]  # a new volume opens on the record
    assert serve[:2] == ["contacts", "serve"]
    assert option(serve, "--host") == "0.0.0.0"
    assert int(option(serve, "--port")) == PORT
    assert instructions("EXPOSE") == [str(PORT)]


def test_the_commands_and_options_exist_in_the_cli():
    commands = typer.main.get_command(cli).commands
    assert {"migrate", "seed", "serve"} <= set(commands)
    serve_options = {opt for p in commands["serve"].params for opt in p.opts}
    assert {"--host", "--port"} <= serve_options
    assert "--if-empty" in {opt for p in commands["seed"].params for opt in p.opts}


def test_compose_runs_the_image_command_and_publishes_the_port():
    app = service()
    assert app["build"] in (".", {"context": "."})
    assert "command" not in app and "entrypoint" not in app, "the Dockerfile's CMD is the one way in"
    (mapping,) = app["ports"]
    assert int(str(mapping).rsplit(":", 1)[1]) == PORT


@pytest.mark.parametrize("source", ["Dockerfile", "compose"])
def test_health_checks_probe_the_health_route(source, app, client):
    if source == "Dockerfile":
        (healthcheck,) = instructions("HEALTHCHECK")
        command = exec_form(healthcheck.split(" CMD ", 1)[1])
    else:
        command = service()["healthcheck"]["test"]
        assert command[0] == "CMD"
        command = command[1:]
    url = urlsplit(probe_url(command))
    assert (url.hostname, url.port) == ("127.0.0.1", PORT)
    assert app.url_path_for("healthz") == url.path  # the route of app/web/health.py
    assert client.get(url.path).status_code == 200


def test_database_lives_on_the_named_volume():
    url = dockerfile_env()["CONTACTS_DATABASE_URL"]
    assert compose_env()["CONTACTS_DATABASE_URL"] == url
    data_dir = str(PurePosixPath(make_url(url).database).parent)
    assert data_dir == "/data"
    assert instructions("VOLUME") == [json.dumps([data_dir])]
    mounts = [v.split(":") for v in service()["volumes"]]
    assert [target for _, target in mounts] == [data_dir]
    assert {name for name, _ in mounts} <= set(compose()["volumes"]), "a named volume, not a bind mount"


def test_environment_variables_are_settings_fields():
    names = set(dockerfile_env()) | set(compose_env())
    ours = {n for n in names if n.startswith("CONTACTS_")}
    assert ours, "the database URL at least is set"
    fields = {f"CONTACTS_{name.upper()}" for name in Settings.model_fields}
    assert ours <= fields, f"not Settings fields: {sorted(ours - fields)}"


def test_image_contains_what_the_app_reads_at_runtime():
    copied = {src for rest in instructions("COPY") for src in shlex.split(rest)[:-1]}
    needed = {"pyproject.toml", "alembic.ini", "app", "migrations", "templates", "static"}
    assert needed <= copied
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    # `contacts seed --if-empty` reads the shipped record from the package's data folder.
    needed |= {"app/data/record.jsonl", "app/data/seed_events.json", "app/data/officials.json"}
    assert not [n for n in needed if any(fnmatch(n, pattern) for pattern in ignored)]
    assert all(Path(ROOT, n).exists() for n in needed)
