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


@pytest.fixture
def shot(request, tmp_path):
    """Screenshots go to `pytest --screenshots DIR` (docs/screenshots is made that way), else tmp."""
    out = request.config.getoption("--screenshots") or str(tmp_path)
    os.makedirs(out, exist_ok=True)
    return lambda page, name: page.screenshot(path=os.path.join(out, name))


def in_view(page, selector):
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1; }""",
        selector,
    )


def test_a_ref_in_the_answer_text_opens_its_source_and_the_page_does_not_fake_streaming(page, shot):
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.check("#audience-caseworker")
    ask(
        page,
        "Kan kommunen kræve, at en 53-årig, der har haft ét ressourceforløb, deltager i et nyt? Hun ønsker det ikke.",
    )
    inline = page.locator(".turn:last-child .answer-text .citation.inline")
    assert inline.count() >= 1, page.locator(".turn:last-child .answer-text").inner_text()
    ref = inline.first.inner_text()
    assert ref in page.locator(".turn:last-child .answer-text").inner_text(), "the ref stays part of the sentence"
    inline.first.click()
    page.wait_for_selector("#source-panel:not([hidden])")
    assert page.locator("#source-heading").inner_text() == ref
    assert page.locator("#source-text").inner_text().strip()
    shot(page, "inline-citation.png")
    # the answer is shown whole, after its check: the page asks /api/chat, not the event stream
    assert any(u.endswith("/api/chat") for u in urls) and not any("/api/chat/stream" in u for u in urls)


def test_on_a_phone_the_source_opens_where_the_reader_is(browser, server, shot):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(server.url + "/")
    for q in ("Hvor længe kan et ressourceforløb vare?", "Hvad kan et ressourceforløb indeholde?"):
        ask(pg, q)
    chip = pg.locator(".turn:last-child .citations .citation").first
    chip.scroll_into_view_if_needed()
    chip.click()
    pg.wait_for_selector("#source-panel:not([hidden])")
    pg.wait_for_function("!document.querySelector('#source-text').textContent.startsWith('Henter')")
    assert in_view(pg, "#source-heading") and in_view(pg, "#source-close"), "the source opens in view"
    # reading down a long source keeps its heading and close button in view
    pg.evaluate("document.querySelector('#source-panel').scrollTop = 1e6")
    pg.wait_for_timeout(200)
    assert in_view(pg, "#source-heading") and in_view(pg, "#source-close")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scroll"
    shot(pg, "phone-source.png")
    pg.click("#source-close")
    assert pg.locator("#source-panel").is_hidden()
    ctx.close()


def test_a_table_in_a_source_is_shown_as_a_table(page, shot):
    page.check("#audience-caseworker")
    ask(page, "Hvornår har en person født i 1961 mindre end 6 år til folkepensionsalderen?")
    chip = page.locator('.turn:last-child .citations .citation[data-ref="LSP § 1 a"]')
    assert chip.count() == 1, page.locator(".turn:last-child .citations").inner_text()
    chip.click()
    page.wait_for_selector("#source-text table")
    assert page.locator("#source-text table thead th").count() == 3
    assert page.locator("#source-text table tbody tr").count() >= 8
    assert "| ---" not in page.locator("#source-text").inner_text(), "no raw markdown left"
    # on a wide screen too, the heading stays in view while the side column scrolls
    page.evaluate("document.querySelector('.side').scrollTop = 1e6")
    page.wait_for_timeout(200)
    assert in_view(page, "#source-heading") and in_view(page, "#source-close")
    shot(page, "source-table.png")
