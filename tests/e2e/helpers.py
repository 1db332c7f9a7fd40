"""Helpers for browser tests: accessibility checks with axe-core and screenshots."""

import re
from functools import cache
from pathlib import Path

from playwright.sync_api import Locator, Page

from app.config import ROOT

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_FILE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}
BLOCKING_IMPACTS = ("serious", "critical")


@cache
def _axe_source() -> str:
    if not AXE_FILE.is_file():
        raise FileNotFoundError(f"{AXE_FILE} is missing: run `make vendor` "
                                "(it installs axe-core from the npm registry).")
    return AXE_FILE.read_text()


def axe_violations(page: Page, *, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the page as it is now and return the violations of the given impacts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated rather than added as a <script>, so a Content-Security-Policy cannot block it.
        page.evaluate(_axe_source())
    result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def format_violations(violations: list[dict], *, max_nodes: int = 5) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:max_nodes]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    ... and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation."""
    violations = axe_violations(page)
    assert not violations, (f"axe-core: {len(violations)} serious/critical violation(s) on "
                            f"{page.url}\n{format_violations(violations)}")


def wait_for_htmx_idle(page: Page) -> None:
    """Wait until htmx has no request in flight and has settled the last swap.

    htmx processes swapped-in elements only when the swap settles, so an input typed into in
    between fires events that nothing listens to yet."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def shoot(page: Page, name: str, *, element: Locator | None = None) -> list[Path]:
    """Save screenshots at 1280 px and 390 px wide under test-artifacts/screenshots/: of the
    full page, or of just `element` (a section to look at closely)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    try:
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            path = SCREENSHOTS / f"{_safe(name)}-{label}.png"
            if element is not None:
                element.screenshot(path=path, animations="disabled")
            else:
                page.screenshot(path=path, full_page=True, animations="disabled")
            paths.append(path)
    finally:
        if original:
            page.set_viewport_size(original)
    return paths


def fill_event_form(page: Page, *, date: str, medium: str, names: list[str], publisher: str,
                    title: str) -> None:
    """Fill the open /events/new form as a person does: participant names row by row."""
    page.get_by_label("Date", exact=True).fill(date)
    page.get_by_label("Medium").select_option(medium)
    for row, name in enumerate(names):
        page.locator(f"#participants-{row}-name").fill(name)
    page.get_by_label("Publisher").fill(publisher)
    page.get_by_label("Title", exact=True).fill(title)
