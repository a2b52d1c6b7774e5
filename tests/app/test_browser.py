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


@pytest.fixture(scope="module")
def app_url(corpus_index, tmp_path_factory) -> Iterator[str]:
    """The app served by `make app`'s commands over a copy of the session's corpus index,
    managing a copy of the corpus folder (uploads land there, not in `corpus/`)."""
    build, serve = make_app_commands()
    tmp_path = tmp_path_factory.mktemp("app")
    index = tmp_path / "index"
    shutil.copytree(corpus_index, index)
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    port = free_port()
    env = {
        **os.environ,
        "DOCQA_INDEX": str(index),
        "DOCQA_CORPUS": str(tmp_path / "corpus"),
        "PORT": str(port),
    }
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


def outside_requests(page, app_url: str) -> list[str]:
    """Every URL the page asks for that is not the app itself (filled as the page loads)."""
    asked: list[str] = []
    local = (app_url, "data:", "blob:")
    page.on("request", lambda r: None if r.url.startswith(local) else asked.append(r.url))
    return asked


def ask_in_browser(browser, app_url: str, question_text: str, expected: str):
    """A fresh page on the app with `question_text` asked (Enter) and `expected` shown."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    outside = outside_requests(page, app_url)
    page.goto(app_url)
    question = page.get_by_label("Question", exact=True)
    expect(question).to_be_visible(timeout=60_000)
    question.fill(question_text)
    question.press("Enter")
    expect(page.get_by_text(expected).first).to_be_visible(timeout=60_000)
    return page, question, outside


def test_asking_the_example_shows_the_answer_and_its_citation(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page, question, outside = ask_in_browser(browser, app_url, FY08_EXAMPLE, "JPY1,272 million")
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
    # Fonts, icons and scripts are all served by the app: nothing is asked of another host.
    assert outside == []


HOSTILE = """# Slate Holdings quarterly memo

Slate Holdings revenue was $41 million in 2023 <img src=x onerror="window.__pwned=1"> and
[a link](javascript:window.__pwned=1) **not bold** <script>window.__pwned=1</script>.

| Item | 2023 | 2022 |
|---|---|---|
| Slate revenue <b onmouseover="window.__pwned=1">hover</b> | $41 | $39 |
| <script>window.__pwned=1</script> | <img src=x onerror="window.__pwned=1"> | 7 |
"""


def test_an_uploaded_document_is_searchable_and_its_markup_stays_text(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.get_by_role("tab", name="Corpus").click()
    upload = tmp_path / "slate <memo>.md"
    upload.write_text(HOSTILE, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Add to the corpus and index").click()
    expect(page.get_by_text("Added slate _memo_.md").first).to_be_visible(timeout=300_000)

    page.get_by_role("tab", name="Ask").click()
    question = page.get_by_label("Question", exact=True)
    question.fill("Slate Holdings revenue in 2023")
    question.press("Enter")
    expect(page.locator(".ref", has_text="slate _memo_.md").first).to_be_visible(timeout=60_000)
    # The document's markup is shown as the text it is: no element, script or handler from it.
    expect(page.get_by_text('<img src=x onerror="window.__pwned=1">').first).to_be_visible()
    assert page.locator("img[src=x]").count() == 0 and page.locator("b[onmouseover]").count() == 0
    assert page.evaluate("window.__pwned") is None and dialogs == []


def test_a_reviewer_checks_reloads_filters_and_exports(app_url, browser, corpus_index, tmp_path):
    """Ask, open the answer's source and check the highlighted quote, reload the shared address
    and see the same answer, narrow to a document picked by its title, then export JSON and
    CSV and find every exported quote exactly in its document."""
    import csv
    import json
    import re
    from urllib.parse import parse_qs, urlparse

    from playwright.sync_api import expect

    from index.search import Searcher
    from index.store import TITLE_JOIN

    page, _, _ = ask_in_browser(browser, app_url, FY08_EXAMPLE, "JPY1,272 million")

    # The source viewer marks the cited span; it is the answer's quote.
    page.get_by_role("button", name="Open in source").first.click()
    expect(page.locator("mark.cited").first).to_be_in_viewport(timeout=60_000)
    marked = "".join(page.locator("mark.cited").all_text_contents())
    assert "JPY1,272 million" in marked

    # The address holds the question: reloading it shows the same answer.
    expect(page).to_have_url(re.compile(r"[?&]q="), timeout=60_000)
    assert parse_qs(urlparse(page.url).query)["q"] == [FY08_EXAMPLE]
    page.reload()
    expect(page.get_by_label("Question", exact=True)).to_have_value(FY08_EXAMPLE, timeout=60_000)
    expect(page.get_by_text("JPY1,272 million").first).to_be_visible(timeout=60_000)

    # Documents are picked by title (by the line that tells the decks of one company apart); the
    # results then cite only that document.
    searcher = Searcher(corpus_index, answers=False)
    documents = {d.name: d for d in searcher.documents()}
    telling = documents[FY08_DOC].title.split(TITLE_JOIN)[-1]
    page.get_by_role("combobox", name="Documents").click()
    page.get_by_role("option", name=re.compile("^" + re.escape(telling))).first.click()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]doc="), timeout=60_000)
    expect(page.locator(".ref").first).to_contain_text(FY08_DOC, timeout=60_000)
    expect(page.get_by_text("from 1 selected document(s)")).to_be_visible(timeout=60_000)
    assert all(FY08_DOC in ref for ref in page.locator(".ref").all_text_contents())

    def download(name: str) -> Path:
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=name).click()
        target = tmp_path / f"export-{name}"
        info.value.save_as(target)
        return target

    def is_exact(doc: str, start: int, end: int, quote: str) -> bool:
        return searcher.document(documents[doc].doc_id).text[start:end] == quote

    record = json.loads(download("JSON").read_text(encoding="utf-8"))
    citations = [e["citation"] for e in [*record["passages"], *record["rows"]]]
    if record.get("answer"):
        citations.append(record["answer"]["citation"])
    assert citations and all(is_exact(c["doc"], c["start"], c["end"], c["quote"]) for c in citations)

    lines = list(csv.DictReader(download("CSV").open(encoding="utf-8", newline="")))
    assert lines
    for line in lines:
        quote = line["quote"][1:] if "quote" in line["guarded"].split() else line["quote"]
        assert is_exact(line["doc"], int(line["start"]), int(line["end"]), quote)
    searcher.close()
