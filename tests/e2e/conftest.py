"""Browser journeys: the app served on a loopback port, driven in Debian's Chromium."""
import shutil
import threading
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
# Flags from this machine's notes: no background networking in a closed sandbox.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """Serve `app` on a free loopback port in a thread for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def page(browser, db):
    """A fresh browser tab.

    SQLite transactions here begin IMMEDIATE, so a transaction left open by the test thread
    would block the server thread. The test's session therefore keeps loaded values after a
    commit (reading `user.email` opens no transaction); a test that queries mid-journey
    ends with db.session.commit() before the next browser step, and calls
    db.session.expire_all() before asserting on what the server changed.
    """
    db.session.commit()
    db.session().expire_on_commit = False
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def follow(page, control):
    """Click a link or button that loads another page, and return once that page has loaded.

    A bare click returns as soon as the click lands, so a read straight after it can see the
    page being left: the CI flake this replaced was exactly that."""
    with page.expect_navigation():
        control.click()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluate is not subject to the page's CSP)."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"axe-core violations on {page.url}: {violations}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
