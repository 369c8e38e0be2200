"""End to end in a real browser: `framing dashboard` served on 127.0.0.1, driven by Playwright in
Debian's headless Chromium. Skips only where /usr/bin/chromium or the playwright package is missing."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from framing.review import ReviewStore

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "/usr/bin/chromium is missing (install Debian's package: apt-get install chromium)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpora" / "samples"
# The README's screenshot is refreshed only on request (FRAMING_UPDATE_SCREENSHOT=1), so a test run
# leaves the checkout as it found it.
README_SCREENSHOT = ROOT / "docs" / "screenshots" / "analyse.png"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]
TIMEOUT_MS = 120_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _framing_command() -> list[str]:
    script = Path(sys.executable).with_name("framing")
    if script.exists():
        return [str(script)]
    found = shutil.which("framing")
    return [found] if found else [sys.executable, "-m", "framing"]


@pytest.fixture
def server(pipeline, tmp_path):
    """`framing dashboard --port P` on a free port, stopped (with its Streamlit child) afterwards.
    The session's pipeline fixture has trained both models into the cache the server will load."""
    port = _free_port()
    db = tmp_path / "review.sqlite3"
    env = {**os.environ, "FRAMING_REVIEW_DB": str(db)}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [*_framing_command(), "dashboard", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"the dashboard exited with {process.returncode}:\n{(tmp_path / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not start:\n{(tmp_path / 'server.log').read_text()}")
            time.sleep(0.5)
        yield url, db
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the framing process and the Streamlit it started
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        log.close()


def test_analyse_in_a_browser_then_review(server, tmp_path):
    url, db = server
    article = (SAMPLES / "ministry-blockquote.txt").read_text(encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 2400})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url, wait_until="domcontentloaded")

            box = page.get_by_label("Article text")
            box.fill(article)
            box.press("Control+Enter")  # commit the text to the app before pressing the button
            page.wait_for_timeout(500)
            page.get_by_role("button", name="Analyse", exact=True).click()

            flag = page.locator("span.f.loaded_language").first
            flag.wait_for(state="visible")
            title = flag.get_attribute("title") or ""
            assert title.startswith("Loaded language (") and "Evidence:" in title, title
            assert page.locator(".legend").first.is_visible()
            explanation = page.locator(".explanation").first
            explanation.wait_for(state="visible")
            assert "“" in explanation.inner_text()
            assert page.locator("span.f.conflicting_attribution").first.is_visible()
            assert page.locator("span.f.weak_sourcing").first.is_visible()
            quote = page.locator("span.q[data-attribution]").first
            assert "stance" in (quote.get_attribute("title") or "")
            flag.hover()

            screenshot = tmp_path / "analyse.png"
            page.screenshot(path=str(screenshot), full_page=True)
            assert screenshot.stat().st_size > 10_000
            if os.environ.get("FRAMING_UPDATE_SCREENSHOT") == "1":
                README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(screenshot, README_SCREENSHOT)

            page.get_by_role("button", name="Send this document's flags to the review queue").click()
            page.get_by_text("added to the review queue").wait_for(state="visible")
            queued = ReviewStore(db).counts()["flags"]
            assert queued > 0

            page.goto(f"{url}/review", wait_until="domcontentloaded")
            page.get_by_role("button", name="Accept", exact=True).first.click()
            page.get_by_text("Saved: flag").wait_for(state="visible")
        finally:
            browser.close()

    store = ReviewStore(db)
    decided = store.queue(status="decided")
    assert store.counts()["decisions"] == 1 and len(decided) == 1
    assert decided[0].decision == "accept"
    assert decided[0].score == max(q.score for q in store.queue(status="all"))  # the top of the queue
