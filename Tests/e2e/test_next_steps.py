"""Each person lands on what needs them and reaches it in one click, on a phone and on a desktop: the officer the
pool to match, a focal point the proposal to answer; a proposal answered without a choice keeps its form with
the message by the field; every change says what it did; on a phone the navigation folds behind a menu. A new
application is not a wall of errors, and a row added by mistake is removed where it stands."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, press, sign_in, wait, wait_for_path

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


def at_row(driver):
    """The element the address names, and whether the page shows it at the top rather than somewhere else."""
    target = driver.execute_script("return document.getElementById(location.hash.slice(1))")
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", target)
    return target.get_attribute("id"), 0 <= top < 80


def test_rows_added_by_mistake_are_removed_and_the_page_stays_there(browser, phone, url):
    sign_in(phone, url(""), FOCAL_POINTS["GHA"], "tandem demo only")
    phone.get(url("/programme/calls/2025-2027"))
    click_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "form[action$='/apply'] button[type=submit]"))
    wait_for_path(phone, lambda path: path.endswith("/edit"))
    sign_in(browser, url(""), FOCAL_POINTS["GHA"], "tandem demo only")
    browser.get(phone.current_url)
    for driver in (phone, browser):
        # A draft just started says quietly what remains, section by section; nothing is red yet.
        assert not driver.find_elements(By.CSS_SELECTOR, ".field-error, #error-summary")
        assert "0 of 5 complete" in driver.find_element(By.ID, "sections-heading").text

    # On the phone: two outputs in the first area, then the second removed; the page comes back at the first.
    Select(phone.find_element(By.ID, "f-mode")).select_by_value("seeking")
    press(phone, "add_area")
    press(phone, "add_output:0")
    assert phone.current_url.endswith("#add-output-0") and at_row(phone)[1]
    assert len(phone.find_elements(By.CSS_SELECTOR, "#area-0 .result")) == 3  # two outputs and an outcome
    press(phone, "remove_output:0:1")
    assert at_row(phone) == ("area-0-output-0", True)
    assert len(phone.find_elements(By.CSS_SELECTOR, "#area-0 .result")) == 2

    # The desktop still shows the draft as it was before the phone's changes: its "Add" is refused, and the page
    # opens at the notice that says so rather than at the row the button pointed to.
    press(browser, "add_expected")
    notice = browser.find_element(By.ID, "form-notice")
    assert "Someone else saved this application" in notice.text
    wait(browser).until(lambda d: 0 <= d.execute_script("return arguments[0].getBoundingClientRect().top", notice) < 80)

    # On the desktop, the same draft: a second indicator added, then the first removed; the second takes its place.
    browser.get(phone.current_url.split("#")[0])
    press(browser, "add_indicator:0:outcome:0")
    browser.find_element(By.ID, "f-resultsFramework-areas-0--outcomes-0--indicators-1--description").send_keys("Second indicator")
    press(browser, "remove_indicator:0:outcome:0:0")
    assert at_row(browser) == ("area-0-outcome-0-indicator-0", True)
    kept = browser.find_element(By.ID, "f-resultsFramework-areas-0--outcomes-0--indicators-0--description")
    assert kept.get_attribute("value") == "Second indicator"
    assert not browser.find_elements(By.ID, "area-0-outcome-0-indicator-1")
