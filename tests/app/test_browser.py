"""The app in a real browser: started with the commands `make app` runs, driven by headless Chromium.

Needs Debian's Chromium at /usr/bin/chromium (`make test` installs it) and the `playwright`
package (its own browser downloads are never used). Set DOCQA_UPDATE_SCREENSHOT=1 to copy the
screenshot to docs/screenshot.png for the README.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from app.ui.examples import FY08_EXAMPLE

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Chromium resolves no outside host: only the app on 127.0.0.1.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
FY08_DOC = "001_d240cca1e5437173.txt"
README_SCREENSHOT = ROOT / "docs" / "screenshot.png"
START_TIMEOUT_S = 120


def make_app_commands() -> tuple[str, str]:
    """The build and serve commands of `make app`, as make prints them (`make -n`)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed; the browser test starts the app with the commands of `make app`")
    printed = subprocess.run(
        ["make", "--no-print-directory", "-n", "-s", "app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.strip() for line in printed.replace("\\\n", " ").splitlines()]
    build = next(line for line in lines if " build " in line and "docqa" in line)
    serve = next(line for line in lines if "streamlit run" in line)
    return build, serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the app exited with code {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(
        f"the app did not answer /_stcore/health within {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}"
    )


@pytest.fixture
def app_url(corpus_index, tmp_path) -> Iterator[str]:
    """The app served by `make app`'s commands over a copy of the session's corpus index."""
    build, serve = make_app_commands()
    index = tmp_path / "index"
    shutil.copytree(corpus_index, index)
    port = free_port()
    env = {**os.environ, "DOCQA_INDEX": str(index), "PORT": str(port)}
    subprocess.run(build, shell=True, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    log = tmp_path / "streamlit.log"
    with log.open("w") as out:
        # `exec`: the shell becomes streamlit, so terminate() reaches the server itself.
        server = subprocess.Popen(f"exec {serve}", shell=True, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: `make test` installs it with "
            "`apt-get install -y chromium chromium-driver`, which failed or did not run"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="pip install playwright (no `playwright install`)"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_asking_the_example_shows_the_answer_and_its_citation(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(app_url)
    question = page.get_by_label("Question", exact=True)
    expect(question).to_be_visible(timeout=60_000)
    question.fill(FY08_EXAMPLE)
    question.press("Enter")

    expect(page.get_by_text("JPY1,272 million").first).to_be_visible(timeout=60_000)
    expect(page.locator(".ref").first).to_contain_text(f"{FY08_DOC} · line")
    # The source viewer shows the cited span, scrolled into its box.
    expect(page.locator(".docqa-source")).to_contain_text("JPY1,272 million")
    expect(page.locator("mark.cited").first).to_be_in_viewport()

    page.locator(".docqa-brand").click()  # moves focus off the question box for the screenshot
    expect(question).not_to_be_focused()
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    screenshot = tmp_path / "screenshot.png"
    page.screenshot(path=str(screenshot), animations="disabled")  # ends the focus-ring fade
    assert screenshot.stat().st_size > 10_000
    if os.environ.get("DOCQA_UPDATE_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(screenshot, README_SCREENSHOT)
