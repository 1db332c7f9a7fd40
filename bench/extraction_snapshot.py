"""The extractor's full output on folders of articles, to prove a change keeps it the same.

    python -m bench.extraction_snapshot tests/fixtures/articles tests/fixtures/articles/holdout \
        ../shared/articles -o before.jsonl
    python -m bench.extraction_snapshot tests/fixtures/articles ... --check before.jsonl

Writes one JSON line per article, {"folder", "file", "result"} with the result as
`extract_events` returns it, in the order of the folders and then of the file names. `--check`
compares with a snapshot written before, lists the articles whose output changed and exits 1 if
any did.
"""

import argparse
import json
import sys
from pathlib import Path

from app.extract.pipeline import extract_events
from bench.extraction import load_articles


def snapshot_lines(folders: list[str], match: str | None = None) -> list[str]:
    """One JSON line per labelled article directly inside each folder."""
    lines = []
    for folder in folders:
        for a in load_articles(folder, match):
            result = extract_events(a["text"], published=a.get("published"),
                                    publisher=a.get("publisher"), url=a.get("url"))
            lines.append(json.dumps({"folder": folder, "file": a["_file"],
                                     "result": result.model_dump(mode="json")},
                                    ensure_ascii=False, sort_keys=True))
    return lines


def changed_articles(before: list[str], after: list[str]) -> list[str]:
    """The articles whose line differs, and those only in one of the two snapshots."""
    def by_article(lines: list[str]) -> dict[tuple[str, str], dict]:
        return {(d["folder"], d["file"]): d["result"] for d in map(json.loads, lines)}
    old, new = by_article(before), by_article(after)
    return [f"{folder}/{file}" for folder, file in sorted(old.keys() | new.keys())
            if old.get((folder, file)) != new.get((folder, file))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--match", help="only the files whose name matches this regex")
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", type=Path, help="write the snapshot to this file")
    out.add_argument("--check", type=Path, help="compare with this snapshot")
    args = parser.parse_args(argv)
    lines = snapshot_lines(args.folders, args.match)
    if args.output:
        args.output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        print(f"{len(lines)} articles written to {args.output}")
        return 0
    changed = changed_articles(args.check.read_text(encoding="utf-8").splitlines(), lines)
    for name in changed:
        print(f"changed: {name}")
    print(f"{len(lines)} articles, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
