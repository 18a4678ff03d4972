"""Writing an application in a browser: the draft saves itself as the focal point types, survives the server
being killed, and survives the session ending while the focal point types."""
from urllib.parse import urlparse

from selenium.webdriver.common.by import By

from browsing import click_and_wait, sign_in, wait_for_path, wait_for_text
from fixtures import serve

GHANA = ("ghana@demo.tandem", "tandem demo only")


def open_application(browser, base):
    """The Ghana demo focal point's application to the 2025-2027 call, started if need be, in its form."""
    browser.get(base + "/programme/calls/2025-2027")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.apply button"))
    wait_for_path(browser, lambda path: path.startswith("/applications/"))
    if not browser.current_url.endswith("/edit"):
        browser.get(browser.current_url + "/edit")
    wait_for_path(browser, lambda path: path.endswith("/edit"))
    return browser.current_url


def test_the_draft_saves_itself_while_the_focal_point_types(browser, url):
    base = url("")
    sign_in(browser, base, *GHANA)
    edit = open_application(browser, base)
    box = browser.find_element(By.ID, "f-motivation")
    box.clear()
    box.send_keys("Renforcer la mise en œuvre de la Convention.")
    browser.find_element(By.ID, "f-phone").click()  # leaving the field is a change
    wait_for_text(browser, "autosave-status", lambda text: "Draft saved automatically" in text)
    browser.get(edit)
    assert browser.find_element(By.ID, "f-motivation").get_attribute("value") == "Renforcer la mise en œuvre de la Convention."


def test_text_typed_after_the_session_ended_is_kept_in_the_browser_until_it_is_saved(browser, url):
    base = url("")
    sign_in(browser, base, *GHANA)
    edit = open_application(browser, base)
    browser.delete_cookie("tandem_session")  # the session ends, as it does after hours away
    box = browser.find_element(By.ID, "f-motivation")
    box.clear()
    box.send_keys("Typed after the session ended.")
    browser.find_element(By.ID, "f-phone").click()
    # Said plainly, never "saved": the background save met a sign-in page, not the form.
    wait_for_text(browser, "autosave-status", lambda text: "Your session has ended" in text)

    sign_in(browser, base, *GHANA)
    browser.get(edit)
    wait_for_text(browser, "autosave-kept", lambda text: "kept in this browser" in text)
    browser.find_element(By.ID, "autosave-restore").click()
    wait_for_text(browser, "autosave-status", lambda text: "Draft saved automatically" in text)
    browser.get(edit)
    assert browser.find_element(By.ID, "f-motivation").get_attribute("value") == "Typed after the session ended."


def test_a_saved_draft_survives_the_server_being_killed(browser, smtp):
    first = serve(smtp)
    sign_in(browser, first.url, *GHANA)
    edit = urlparse(open_application(browser, first.url)).path
    browser.find_element(By.ID, "f-contactPerson").clear()
    browser.find_element(By.ID, "f-contactPerson").send_keys("Kofi Mensah")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".form-actions button[value=save]"))
    wait_for_text(browser, "form-notice", lambda text: "Draft saved." in text)
    first.kill()

    again = serve(smtp, directory=first.directory)
    try:
        sign_in(browser, again.url, *GHANA)
        browser.get(again.url + edit)
        assert browser.find_element(By.ID, "f-contactPerson").get_attribute("value") == "Kofi Mensah"
    finally:
        again.stop()
