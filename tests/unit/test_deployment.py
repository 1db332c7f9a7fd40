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
from app.db import make_engine, normalize_url
from app.secret import key_path

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


def service(name: str = "app") -> dict:
    services = compose()["services"]
    assert list(services) == ["app", "postgres", "app-postgres"]
    return services[name]


def interpolate(value: str) -> str:
    """Compose's ${VAR:-default}, with nothing set in the environment."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def compose_env(name: str = "app") -> dict[str, str]:
    env = service(name).get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: interpolate(str(v)) for k, v in env.items()}


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


@pytest.mark.parametrize("name", ["app", "app-postgres"])
def test_compose_runs_the_image_command_and_publishes_the_port(name):
    app = service(name)
    assert app["build"] in (".", {"context": "."})
    assert "command" not in app and "entrypoint" not in app, "the Dockerfile's CMD is the one way in"
    (mapping,) = app["ports"]
    host, host_port, port = str(mapping).split(":")
    assert (host, int(port)) == ("127.0.0.1", PORT)


def test_the_two_apps_can_run_side_by_side():
    ports = {str(service(name)["ports"][0]).split(":")[1] for name in ("app", "app-postgres")}
    assert len(ports) == 2


@pytest.mark.parametrize("source", ["Dockerfile", "compose", "compose app-postgres"])
def test_health_checks_probe_the_health_route(source, app, client):
    if source == "Dockerfile":
        (healthcheck,) = instructions("HEALTHCHECK")
        command = exec_form(healthcheck.split(" CMD ", 1)[1])
    else:
        command = service(source.split()[-1] if " " in source else "app")["healthcheck"]["test"]
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


# --- the `postgres` profile ----------------------------------------------------------------


def test_postgres_profile_has_the_database_and_its_app_only():
    assert "profiles" not in service("app"), "`docker compose up` alone runs the SQLite app"
    assert service("postgres")["profiles"] == ["postgres"]
    assert service("app-postgres")["profiles"] == ["postgres"]


def test_postgres_service_keeps_its_data_on_a_named_volume_and_stays_private():
    postgres = service("postgres")
    assert re.fullmatch(r"postgres:15(\.\d+)?", postgres["image"]), "the version the tests run on"
    (mount,) = postgres["volumes"]
    name, target = mount.split(":")
    assert target == "/var/lib/postgresql/data"
    assert name in compose()["volumes"], "a named volume, not a bind mount"
    assert "ports" not in postgres, "only the app reaches the database"


def test_postgres_health_check_is_pg_isready_on_its_database():
    postgres = service("postgres")
    command = postgres["healthcheck"]["test"]
    assert command[:2] == ["CMD", "pg_isready"]
    env = compose_env("postgres")
    assert (option(command, "-U"), option(command, "-d")) == (env["POSTGRES_USER"],
                                                               env["POSTGRES_DB"])


def test_postgres_app_connects_to_that_database_once_it_is_healthy():
    env = compose_env("postgres")
    url = make_url(normalize_url(compose_env("app-postgres")["CONTACTS_DATABASE_URL"]))
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.username, url.password, url.database) == (
        "postgres", 5432, env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DB"])
    assert service("app-postgres")["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert make_engine(str(url)).dialect.driver == "psycopg"  # the driver is installed


def test_postgres_app_keeps_its_generated_secret_key_on_a_named_volume():
    (workdir,) = instructions("WORKDIR")
    url = compose_env("app-postgres")["CONTACTS_DATABASE_URL"]
    key_dir = str(PurePosixPath(workdir) / key_path(url).parent)
    volumes = service("app-postgres")["volumes"]
    mounts = {target: name for name, target in (v.split(":") for v in volumes)}
    assert key_dir in mounts and mounts[key_dir] in compose()["volumes"]
    # The image makes the directory the app user's, so the new volume starts out writable.
    assert any(key_dir in run and "chown contacts" in run for run in instructions("RUN"))
