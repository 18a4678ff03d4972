"""Each person lands on what needs them and reaches it in one click, on a phone and on a desktop: the officer the
pool to match, a focal point the proposal to answer; a proposal answered without a choice keeps its form with
the message by the field; every change says what it did; on a phone the navigation folds behind a menu."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browsing import click_and_wait, sign_in, wait_for_path

OFFICER = ("secretariat@demo.tandem", "tandem demo only")
RUNS = "/programme/calls/2025-2027/matching/runs/"
# The development seed's named accounts; other states of the pool have `iso3@demo.tandem`.
FOCAL_POINTS = {"PER": "peru@demo.tandem", "GBR": "uk@demo.tandem", "GHA": "ghana@demo.tandem"}


def pending(driver, section):
    """The links of one section of 'To do', as seen in the page (not the navigation)."""
    return driver.find_elements(By.CSS_SELECTOR, f"main #{section} ul.awaiting a")


def test_each_role_reaches_its_pending_action_in_one_click(browser, phone, url, smtp, tandem):
    # On the desktop the officer lands on 'To do' and the pool to match is one click away.
    sign_in(browser, url(""), *OFFICER)
    [pool] = pending(browser, "unmatched")
    assert "21" in browser.find_element(By.ID, "unmatched-heading").text
    click_and_wait(browser, pool)
    wait_for_path(browser, "/programme/calls/2025-2027/matching")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.matching-form button[type=submit]"))
    wait_for_path(browser, RUNS + "1")
    click_and_wait(browser, browser.find_element(By.ID, "approve"))
    wait_for_path(browser, "/proposals")
    assert "each pair was proposed to both of its states" in browser.find_element(By.ID, "confirmation").text
    mentee = browser.find_element(By.CSS_SELECTOR, "#proposals tbody tr").get_attribute("data-pair").split("-")[0]

    # On a phone the header is one line; the menu opens the navigation with the count beside 'To do'.
    sign_in(phone, url(""), FOCAL_POINTS.get(mentee, mentee.lower() + "@demo.tandem"), "tandem demo only")
    header = phone.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.size["height"] < 0.1 * phone.execute_script("return window.innerHeight")
    assert not phone.find_element(By.ID, "site-nav").is_displayed()
    menu = phone.find_element(By.ID, "menu-button")
    assert menu.find_element(By.CSS_SELECTOR, ".count-badge").text == "1"
    menu.click()
    assert phone.find_element(By.ID, "site-nav").is_displayed() and menu.get_attribute("aria-expanded") == "true"
    assert phone.find_element(By.CSS_SELECTOR, "#site-nav form.sign-out button").is_displayed()
    # Escape folds it again and gives the focus back to the button.
    phone.find_element(By.CSS_SELECTOR, "#site-nav a[href='/states']").send_keys(Keys.ESCAPE)
    assert not phone.find_element(By.ID, "site-nav").is_displayed() and menu.get_attribute("aria-expanded") == "false"
    assert phone.switch_to.active_element == menu

    # The proposal is one click from the landing page.
    [proposal] = pending(phone, "proposals")
    assert "answer the proposal" in proposal.text
    click_and_wait(phone, proposal)
    wait_for_path(phone, lambda path: path.startswith("/proposals/"))
    address = phone.current_url

    # Sent without a choice, the form comes back with the message by the choice and a summary on top.
    click_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "main form.stacked button[type=submit]"))
    assert phone.find_element(By.ID, "answer-error").text == "Choose to accept or to decline."
    assert phone.find_element(By.CSS_SELECTOR, "#error-summary a[href='#answer-error']")
    assert phone.find_element(By.ID, "answer-accepted").is_displayed()
    # Its address opened again leads back to the proposal.
    phone.get(phone.current_url)
    wait_for_path(phone, lambda path: path.startswith("/proposals/") and not path.endswith("/answer"))

    phone.find_element(By.ID, "answer-accepted").click()
    click_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "main form.stacked button[type=submit]"))
    assert phone.current_url.split("?")[0] == address.split("?")[0]
    assert "Your acceptance is recorded" in phone.find_element(By.ID, "confirmation").text
    phone.refresh()
    assert not phone.find_elements(By.ID, "confirmation")
    phone.get(url("/tasks"))
    assert not pending(phone, "proposals")
