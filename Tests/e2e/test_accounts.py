"""Accounts in a browser: an administrator invites a focal point for Ghana by email, the focal point sets a
password from the link and keeps Ghana's records but not another state's, and a programme officer must
set up and then enter an authenticator code."""
import base64
import hashlib
import hmac
import re
import struct
import time

import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, wait, wait_for_path
from harness import link_in

ADMIN = ("admin@demo.tandem", "tandem demo only")


def wait_for_url(driver, fragment):
    wait(driver).until(EC.url_contains(fragment))


def sign_in(browser, url, email, password):
    browser.get(url("/account/sign-in"))
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(password)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def invite(browser, url, email, name, role, state=None):
    browser.get(url("/admin/invitations"))
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "name").send_keys(name)
    Select(browser.find_element(By.ID, "role")).select_by_value(role)
    if state:
        Select(browser.find_element(By.ID, "state")).select_by_value(state)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.stacked button[type=submit]"))
    wait_for_url(browser, "sent=")
    assert email in browser.find_element(By.ID, "invitation-sent").text


def set_password(browser, link, password):
    browser.get(link)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.ID, "confirmation").send_keys(password)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def sign_out(browser, url):
    browser.get(url("/account"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/account/sign-out'] button"))
    wait_for_path(browser, "/")


def totp(secret, at=None):
    """RFC 6238 with SHA-1, six digits and 30-second steps, as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def decode_qr(svg):
    """Reads the QR code of the set-up page the way a phone would: drawn as an image, then scanned."""
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = 8
    image = Image.new("L", (side * scale, side * scale), 255)
    for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg):
        image.paste(0, (int(x) * scale, int(y) * scale, (int(x) + 1) * scale, (int(y) + 1) * scale))
    results = zxingcpp.read_barcodes(image)
    assert results, "the QR code could not be read"
    return results[0].text


def test_an_invited_focal_point_keeps_ghanas_records_and_no_other_states(browser, url, smtp, tandem):
    sign_in(browser, url, *ADMIN)
    wait_for_path(browser, "/tasks")
    invite(browser, url, "kofi.mensah@na.gov.gh", "Kofi Mensah", "focal_point", "GHA")
    sign_out(browser, url)

    message = smtp.wait_for_message("kofi.mensah@na.gov.gh")
    assert message["Subject"] == "Your invitation to Tandem"
    set_password(browser, link_in(message, tandem.url), "baobab river lantern")
    wait_for_path(browser, "/tasks")
    # The landing page says what Ghana has to do next: the open call, one click away.
    assert "Ghana: what to do next" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_elements(By.CSS_SELECTOR, "#applications a[href='/programme/calls/2025-2027']")
    browser.get(url("/account"))
    assert "National Authority focal point" in browser.find_element(By.TAG_NAME, "main").text

    browser.get(url("/states/GHA"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href='/states/GHA/national-authority/edit']"))
    wait_for_url(browser, "/national-authority/edit")
    browser.find_element(By.ID, "name").send_keys("Ghana National Authority")
    browser.find_element(By.ID, "website").send_keys("https://na.example.gh")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for_url(browser, "/states/GHA#national-authority")
    assert "Ghana National Authority" in browser.find_element(By.ID, "national-authority").text

    browser.get(url("/states/GBR/national-authority/edit"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Not allowed"
    assert not browser.find_elements(By.ID, "name")


def test_a_programme_officer_must_set_up_and_enter_an_authenticator_code(browser, url, smtp, tandem):
    sign_in(browser, url, *ADMIN)
    wait_for_path(browser, "/tasks")
    invite(browser, url, "officer@opcw.example", "Ana Officer", "secretariat")
    sign_out(browser, url)

    set_password(browser, link_in(smtp.wait_for_message("officer@opcw.example"), tandem.url), "meridian cobalt orchard")
    wait_for_path(browser, "/account/two-factor/setup")
    # Until the app is set up, no other page opens.
    browser.get(url("/account"))
    wait_for_path(browser, "/account/sign-in")
    browser.get(url("/account/two-factor/setup"))
    secret = browser.find_element(By.ID, "totp-secret").text.replace(" ", "")
    svg = browser.find_element(By.CSS_SELECTOR, ".qr svg").get_attribute("outerHTML")
    assert decode_qr(svg) == f"otpauth://totp/Tandem:officer@opcw.example?secret={secret}&issuer=Tandem"

    enrolled_at = time.time()
    browser.find_element(By.ID, "code").send_keys(totp(secret, enrolled_at))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    codes = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 10
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "I have saved them: continue"))
    wait_for_path(browser, "/tasks")
    sign_out(browser, url)

    sign_in(browser, url, "officer@opcw.example", "meridian cobalt orchard")
    wait_for_path(browser, "/account/two-factor")
    browser.find_element(By.ID, "code").send_keys("000000")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "This code is not right" in browser.find_element(By.ID, "code-error").text
    # The enrolment's code was spent; the next step's code is new and within the allowed drift.
    browser.find_element(By.ID, "code").send_keys(totp(secret, enrolled_at + 30))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for_path(browser, "/tasks")
    assert "Ana Officer" in browser.find_element(By.CSS_SELECTOR, ".nav-account").text
    browser.get(url("/admin/invitations"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Invite someone"
