"""The student and teacher pages in headless Chromium (Playwright), against a server on loopback.

Screenshots go to ``test-artifacts/`` (git-ignored); with GLASSNET_UPDATE_SCREENSHOTS=1 they
replace the pictures of the docs, ``docs/_static/challenge_student.png`` (the student page with
its quota and the leaderboard) and ``docs/_static/challenge_teacher.png``.
"""
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from glassnet.challenge import clock, submissions
from glassnet.challenge.creation import add_join_codes
from glassnet.challenge.loadtest import serving
from glassnet.challenge.server import create_app

from .helpers import World, predictions

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("GLASSNET_CHROMIUM", "/usr/bin/chromium")
_ROOT = Path(__file__).resolve().parents[2]
PICTURES = _ROOT / ("docs/_static" if os.environ.get("GLASSNET_UPDATE_SCREENSHOTS") == "1" else "test-artifacts")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEAMS = ["Perceptrons", "Gradient Descenders", "Backprop Squad", "Overfitters", "Random Forest Rangers"]
MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (set GLASSNET_CHROMIUM to its path)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the pages' Content
    # Security Policy forbids (on purpose); the policy itself is tested in test_server.py
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append("dialog: " + dialog.message))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def classroom(tmp_path):
    """A challenge on SQLite (the page does not depend on the database) with five teams' history."""
    w = World(tmp_path, f"sqlite:///{tmp_path / 'c.db'}", n_test=200, title="Digits, week 12",
              decimals=3)
    w.clock.us = clock.parse_instant("2027-03-09 16:20", "Europe/Paris")
    rng = np.random.default_rng(3)
    for k, name in enumerate(TEAMS):
        token = w.team(name, members=2)[0]
        for _ in range(2):
            wrong = rng.random(len(w.ids)) < 0.1 + 0.08 * k
            submissions.submit(w.service, token, predictions(w.ids, np.where(wrong, (w.labels + 1) % 3, w.labels)),
                               w.clock())
            w.clock.us += 3_600_000_000
    w.clock.us = clock.parse_instant("2027-03-10 14:05", "Europe/Paris")
    with serving(create_app(w.service)) as port:
        yield w, f"http://127.0.0.1:{port}"
    w.close()


def test_student_joins_forms_a_team_submits_and_sees_quota_and_board(page, classroom, tmp_path):
    w, url = classroom
    with w.service.write.begin() as session:
        [(_, code)] = add_join_codes(session, w.service.settings.id, ["Grace"])
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#title").inner_text() == "Digits, week 12"
    assert page.locator("#leaderboard tbody tr").count() == len(TEAMS)
    page.fill("#join-code", code)
    page.fill("#join-name", "Grace")
    page.click("#join")
    page.wait_for_selector("#team-section:not([hidden])")
    page.fill("#team-name", "Compilers")
    page.click("#create-team")
    page.wait_for_selector("#submit-section:not([hidden])")
    assert "Compilers" in page.locator("#team-info").inner_text()
    assert page.locator("#quota").get_attribute("data-remaining") == "2"

    bad = tmp_path / "bad.csv"
    bad.write_bytes(predictions(w.ids[:-3], w.labels[:-3]))
    page.set_input_files("#file", str(bad))
    page.click("#submit")
    page.wait_for_selector("#submit-message.error")
    assert "missing ids: 3 of the 200" in page.locator("#submit-message").inner_text()
    assert page.locator("#quota").get_attribute("data-remaining") == "2"  # invalid files do not count

    good = tmp_path / "good.csv"
    good.write_bytes(w.correct(wrong=4))
    page.set_input_files("#file", str(good))
    page.click("#submit")
    page.wait_for_selector("#submit-message.ok")
    page.wait_for_function("document.getElementById('quota').dataset.remaining === '1'")
    quota = page.locator("#quota").inner_text()
    assert "1 of 2" in quota and "resets at 2027-03-11 00:00:00 (UTC+01:00)" in quota
    mine = page.locator("#leaderboard tr.mine")
    page.wait_for_function("document.querySelector('#leaderboard tr.mine') !== null")
    assert "Compilers" in mine.inner_text()
    with w.service.read() as session:
        public = session.execute(text(
            "SELECT public_score FROM submissions ORDER BY id DESC LIMIT 1")).scalar()
    assert f"{public:.3f}" in mine.inner_text()
    assert page.locator("#mine tbody tr").count() == 1
    assert page.locator("#private-head").is_hidden() and page.locator("#tab-private").is_hidden()
    PICTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PICTURES / "challenge_student.png"), full_page=True)


def test_teacher_sees_every_submission_and_makes_codes(page, classroom):
    w, url = classroom
    w.team(MARKUP)
    page.goto(url + "/teacher")
    page.fill("#teacher-token", "wrong.token")
    page.click("#login")
    page.wait_for_selector("#login-message.error")
    page.fill("#teacher-token", w.teacher_token)
    page.click("#login")
    page.wait_for_selector("#submissions-section:not([hidden])")
    page.wait_for_function(f"document.querySelectorAll('#submissions tbody tr').length === {2 * len(TEAMS)}")
    assert page.locator("img").count() == 0  # names typed by people are text, never markup
    assert MARKUP in page.locator("#students").inner_text()
    assert set(page.locator("#submissions tbody td:nth-child(5)").all_inner_texts()) == {"hidden"}
    page.fill("#code-count", "3")
    page.click("#make-codes")
    page.wait_for_function("document.querySelectorAll('#codes tbody tr').length === 3")
    PICTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PICTURES / "challenge_teacher.png"), full_page=True)
    # after the deadline: the reveal, then the private board on the student page
    page.click("#reveal")
    page.wait_for_selector("#action-message.error")
    assert "after the deadline" in page.locator("#action-message").inner_text()
    w.clock.us = w.service.settings.closes_at_us
    page.click("#reveal")
    page.wait_for_selector("#action-message.ok")
    page.wait_for_function("!document.querySelector('#submissions tbody td:nth-child(5)').textContent.includes('hidden')")
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#tab-private")
    page.wait_for_function("document.getElementById('board-note').textContent.startsWith('Private')")
    assert page.locator("#leaderboard tbody tr").count() == len(TEAMS)
