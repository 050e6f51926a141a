"""The chat page end-to-end in real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    violations: list[str] = []
    pg.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(server.url + "/")
    pg.csp_violations = violations
    yield pg
    ctx.close()
    assert not violations, f"the page itself breaks its Content-Security-Policy: {violations}"


def ask(page, text):
    page.fill("#question", text)
    page.click("#send")
    n = page.locator(".turn .answer").count()
    page.wait_for_function(
        "n => document.querySelectorAll('.turn .answer').length >= n && "
        "!document.querySelector('#log').getAttribute('aria-busy')?.startsWith('true')",
        arg=n,
    )
    page.wait_for_selector(".turn:last-child .citation, .turn:last-child .answer")


def test_ask_open_citation_correct_fact_follow_up_and_reload(page, server, tmp_path):
    page.check("#audience-caseworker")
    page.fill("#decision-date", "2023-05-01")
    ask(page, "Kan kommunen kræve et nyt ressourceforløb for en borger på 53 år, der har haft ét?")
    page.wait_for_selector(".citation")
    answer = page.locator(".turn .answer").last.inner_text()
    assert "ønsker" in answer
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)

    page.locator(".citation").first.click()
    page.wait_for_selector("#source-panel:not([hidden])")
    assert page.locator("#source-text").inner_text().strip()

    row = page.locator('.fact-row[data-fact="age"]')
    row.locator("input").fill("49")
    row.locator(".fact-save").click()
    page.wait_for_timeout(500)

    ask(page, "Hvad gælder så?")
    refs = page.locator(".turn").last.locator(".citation").all_inner_texts()
    assert any("LAB § 114, stk. 3" in r for r in refs), refs

    page.reload()
    page.wait_for_selector(".turn .answer")
    assert page.locator(".turn").count() >= 2, "the conversation survives a reload"


def test_text_from_a_question_is_never_executed(page):
    page.evaluate("window.__xss = 0")
    ask(page, '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> hvor længe varer et forløb?')
    assert page.evaluate("window.__xss") == 0
    assert "<script>" in page.locator(".turn .user").last.inner_text()


def test_narrow_screen_has_no_horizontal_scroll(browser, server):
    ctx = browser.new_context(viewport={"width": 320, "height": 700})
    pg = ctx.new_page()
    pg.goto(server.url + "/")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement !== document.body"), "keyboard focus reaches the controls"
    ctx.close()


def test_the_content_security_policy_is_enforced(page):
    """Even markup that gets into the DOM by some future mistake cannot run: inline handlers are refused."""
    page.evaluate("""() => { window.__csp = 0; const d = document.createElement('div');
        d.innerHTML = '<img src="data:," onload="window.__csp = 1"><img src=x onerror="window.__csp = 2">';
        document.body.append(d); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__csp") == 0
    assert len(page.csp_violations) == 2, "the browser reports both handlers as blocked by the policy"
    page.csp_violations.clear()
