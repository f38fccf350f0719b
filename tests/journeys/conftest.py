"""Browser journeys: Debian's Chromium driven by Playwright against the live server.

Every page a journey visits is checked with axe-core for WCAG 2.2 AA, and any Content Security
Policy violation the browser reports fails the journey.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# from that thread are safe (the live server answers from its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Visit:
    """A page in a browser context, recording CSP violations and checking accessibility."""

    def __init__(self, page: Page, base_url: str, axe_page: Page | None = None) -> None:
        self.page = page
        self.base_url = base_url
        # Without JavaScript, axe cannot run in the page itself (its timers never fire): it runs
        # on a copy of the page's markup, scripts removed, in a page of its own.
        self.axe_page = axe_page
        self.csp_violations: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.csp_violations.append(message.text)

    def go(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        return self.page

    def check(self) -> None:
        """axe-core on the page as it is now: no WCAG 2.2 AA violation, and no CSP violation.

        axe is evaluated through the DevTools protocol, which the page's CSP does not govern:
        the page itself keeps its real, strict policy throughout.
        """
        page = self._axe_target()
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        url = self.page.url
        assert problems == [], f"accessibility problems on {url}: {problems}"
        assert self.csp_violations == [], f"CSP violations on {url}: {self.csp_violations}"
        self.checked.append(url)

    def _axe_target(self) -> Page:
        if self.axe_page is None:
            return self.page
        markup = re.sub(r"<script\b.*?</script>", "", self.page.content(), flags=re.S)
        markup = markup.replace("<head>", f'<head><base href="{self.base_url}/">', 1)
        self.axe_page.set_content(markup)
        return self.axe_page


@pytest.fixture
def visit(browser: Browser, live_server) -> Iterator[callable]:
    contexts = []

    def open_visit(**options) -> Visit:
        context = browser.new_context(**options)
        contexts.append(context)
        axe_page = None
        if options.get("java_script_enabled") is False:
            helper = browser.new_context(bypass_csp=True)
            contexts.append(helper)
            axe_page = helper.new_page()
        return Visit(context.new_page(), live_server.url, axe_page)

    yield open_visit
    for context in contexts:
        context.close()
