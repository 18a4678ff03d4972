"""Selenium steps shared by the browser tests. A click that loads a page waits until the new page has
loaded, so the next check reads it and not the old one. While a page is being replaced chromedriver may
answer any command with an error (a stale element, a node that left the document, an unloaded document),
so waits retry on every driver error until their time is up."""
from urllib.parse import urlparse

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 10


def wait(driver):
    return WebDriverWait(driver, TIMEOUT, ignored_exceptions=(WebDriverException,))


def wait_for_path(driver, test):
    """Waits until the address's path passes `test` (a path, or a function of the path)."""
    check = test if callable(test) else (lambda path: path == test)
    wait(driver).until(lambda d: check(urlparse(d.current_url).path))


def wait_for_text(driver, element_id, test):
    """Waits until the text of the element with `element_id` passes `test` (a text, or a function of it)."""
    check = test if callable(test) else (lambda text: text == test)
    wait(driver).until(lambda d: check(d.find_element(By.ID, element_id).text))


def click_and_wait(driver, element):
    """Clicks something that loads a page (a link, a submit button) and waits until that page replaces this one:
    the mark left on this page's window is gone from the next one's."""
    driver.execute_script("window.leftByTest = true")
    element.click()
    wait(driver).until(lambda d: d.execute_script(
        "return window.leftByTest === undefined && document.readyState === 'complete'"))


def press(driver, value):
    """Presses one of a form's `action` buttons (the one a person sees, where a hidden one also answers Enter)."""
    buttons = driver.find_elements(By.CSS_SELECTOR, f"button[name=action][value='{value}']")
    click_and_wait(driver, next((button for button in buttons if button.is_displayed()), buttons[0]))


def fill(driver, element_id, value):
    """Types `value` into a field. On a loaded machine chromedriver has been seen to drop the end of what it types,
    so the field is checked and typed again until it holds the whole value."""
    field = driver.find_element(By.ID, element_id)
    if field.get_attribute("type") in ("date", "time"):
        driver.execute_script("arguments[0].value = arguments[1]", field, value)
        return
    for _ in range(3):
        field.clear()
        field.send_keys(value)
        if field.get_attribute("value") == value:
            return
    raise AssertionError(f"{element_id} holds {field.get_attribute('value')!r} after typing {value!r}")


def sign_in(driver, base_url, email, password, lang=None):
    """Signs in from a fresh cookie jar and waits for the page of what needs the person."""
    driver.delete_all_cookies()
    driver.get(base_url + "/account/sign-in" + (f"?lang={lang}" if lang else ""))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for_path(driver, "/tasks")
    if lang:
        # Signed in, the pages speak the account's language; the switcher changes it, as a person would.
        driver.get(base_url + f"/tasks?lang={lang}")
