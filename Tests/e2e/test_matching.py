"""Matching in a browser, on the development seed's pool for the 2025-2027 call (14 mentees, 7 mentors, a
budget of 4): a programme officer runs the matcher, reads each pair's score and each exclusion's reason,
locks one pair and forbids another, compares two runs and approves; both focal points of the locked pair
get the proposal by email and one accepts it."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, sign_in, wait_for_path, wait_for_text
from harness import body_text, link_in

OFFICER = ("secretariat@demo.tandem", "tandem demo only")
RUNS = "/programme/calls/2025-2027/matching/runs/"


def pairs(browser):
    return [row.get_attribute("data-pair") for row in browser.find_elements(By.CSS_SELECTOR, "#pairs tbody tr")]


def press_on_row(browser, pair, action):
    row = browser.find_element(By.CSS_SELECTOR, f"#pairs tr[data-pair='{pair}']")
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, f"button[value={action}]"))


def test_a_programme_officer_matches_the_pool_and_a_national_authority_accepts(browser, url, smtp, tandem):
    sign_in(browser, url(""), *OFFICER)
    browser.get(url("/programme/calls/2025-2027"))
    click_and_wait(browser, browser.find_element(By.ID, "matching-link"))
    assert "14 applications seek mentorship and 7 offer it" in browser.find_element(By.CSS_SELECTOR, "p.lead").text
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.matching-form button[type=submit]"))
    wait_for_path(browser, RUNS + "1")

    # Every pair shows its score and what it is made of; every state left out has its reason.
    first = pairs(browser)
    assert len(first) == 4
    for row in browser.find_elements(By.CSS_SELECTOR, "#pairs tbody tr"):
        assert row.find_elements(By.CSS_SELECTOR, "svg.score-bar rect")
        assert "Thematic fit" in row.find_element(By.CSS_SELECTOR, ".breakdown").text
    left_out = browser.find_elements(By.CSS_SELECTOR, "#excluded-mentees li")
    assert len(left_out) == 10
    assert all("alternative" in item.text.lower() for item in left_out)
    assert "the budget of 4 new partnerships is used up" in browser.find_element(By.ID, "excluded-mentees").text

    locked, forbidden = first[0], first[1]
    press_on_row(browser, locked, "lock")
    wait_for_path(browser, RUNS + "2")
    row = browser.find_element(By.CSS_SELECTOR, f"#pairs tr[data-pair='{locked}']")
    assert "locked" in row.text
    assert "Compared with run 1" in browser.find_element(By.ID, "difference").text

    press_on_row(browser, forbidden, "forbid")
    wait_for_path(browser, RUNS + "3")
    assert forbidden not in pairs(browser)
    assert locked in pairs(browser)

    Select(browser.find_element(By.ID, "a")).select_by_value("1")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.compare-form button[type=submit]"))
    wait_for_path(browser, "/programme/calls/2025-2027/matching/compare")
    comparison = browser.find_element(By.ID, "comparison").text
    assert "removed" in comparison and "added" in comparison and "kept" in comparison
    assert browser.find_element(By.TAG_NAME, "h1").text == "Run 1 and run 3"

    browser.get(url(RUNS + "3"))
    click_and_wait(browser, browser.find_element(By.ID, "approve"))
    wait_for_path(browser, "/proposals")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#proposals tbody tr")) == 4

    mentee, mentor = locked.split("-")
    to_mentee = smtp.wait_for_message(mentee.lower() + "@demo.tandem")
    to_mentor = smtp.wait_for_message(mentor.lower() + "@demo.tandem")
    assert to_mentee["Subject"].startswith("A partnership proposal for")
    assert "as mentee" in body_text(to_mentee) and "as mentor" in body_text(to_mentor)
    link = link_in(to_mentee, tandem.url, "/proposals/")
    assert link == link_in(to_mentor, tandem.url, "/proposals/")

    sign_in(browser, url(""), mentee.lower() + "@demo.tandem", "tandem demo only")
    browser.get(link)
    browser.find_element(By.ID, "answer-accepted").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.stacked button[type=submit]"))
    wait_for_text(browser, "proposal-status", "awaiting answers")
    answers = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "accepted" in answers and "no answer yet" in answers
    assert not browser.find_elements(By.ID, "answer-accepted")
