"""The extraction snapshot records the extractor's output and tells which articles changed."""

import json

from bench.extraction_snapshot import main

CALL = ("Defense Secretary Lloyd Austin spoke by phone with Chinese Defense Minister Wei Fenghe on "
        "Wednesday. They discussed Taiwan.")


def _write(folder, name, text):
    article = {"url": None, "publisher": "AP", "published": "2022-04-22", "text": text,
               "gold_events": []}
    (folder / name).write_text(json.dumps(article), encoding="utf-8")


def test_snapshot_then_check(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, "a.json", CALL)
    _write(folder, "b.json", "No contact here.")
    snapshot = tmp_path / "snap.jsonl"
    assert main([str(folder), "-o", str(snapshot)]) == 0
    lines = [json.loads(line) for line in snapshot.read_text(encoding="utf-8").splitlines()]
    assert [x["file"] for x in lines] == ["a.json", "b.json"]
    assert lines[0]["result"]["events"][0]["medium"] == "phone_call"
    assert lines[1]["result"]["events"] == []

    assert main([str(folder), "--check", str(snapshot)]) == 0
    assert "2 articles, 0 changed" in capsys.readouterr().out

    _write(folder, "b.json", CALL.replace("Wednesday", "Tuesday"))
    assert main([str(folder), "--check", str(snapshot)]) == 1
    out = capsys.readouterr().out
    assert f"changed: {folder}/b.json" in out and "a.json" not in out
