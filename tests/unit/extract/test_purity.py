"""The extractor stays pure (issue 7): it never consults the record of events, the database or
the web; the gazetteer it reads knows every person the record names."""

import ast
import json
from pathlib import Path

from app.config import ROOT
from app.extract.people import GAZETTEER_PATH, load_gazetteer
from app.services.seed import RECORD_PATH

EXTRACT = ROOT / "app" / "extract"
ALLOWED_APP_MODULES = ("app.extract", "app.text")
FORBIDDEN_TOP_LEVEL = {"sqlmodel", "sqlalchemy", "fastapi", "starlette", "httpx", "urllib", "alembic"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_extractor_imports_neither_services_nor_the_database():
    for path in sorted(EXTRACT.glob("*.py")):
        for name in _imports(path):
            if name == "app" or name.startswith("app."):
                assert name.startswith(ALLOWED_APP_MODULES), f"{path.name} imports {name}"
            assert name.split(".")[0] not in FORBIDDEN_TOP_LEVEL, f"{path.name} imports {name}"


def test_the_extractor_reads_no_record_of_events():
    for path in sorted(EXTRACT.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for name in ("record.jsonl", "seed_events.json", RECORD_PATH.name):
            assert name not in source, f"{path.name} mentions {name}"


def test_the_gazetteer_knows_every_person_the_record_names():
    gazetteer = load_gazetteer()
    rows = [json.loads(line) for line in RECORD_PATH.read_text(encoding="utf-8").splitlines() if line]
    names = {p["name"] for r in rows for side in ("us", "cn") for p in r[side] if p["name"]}
    unknown = sorted(n for n in names if gazetteer.by_name(n) is None)
    assert not unknown, f"add to {GAZETTEER_PATH.name}: {unknown}"
