"""axe-core over every page, for every kind of person, at 390 and 1280 px, in EN/FR/ES (each page in two of the
three languages, taking turns): no serious or critical finding. The pages are found by following the links each person is shown, from the places they land, so a new
page is audited without being listed here; pages that only a failed form shows are reached by failing it.

axe-core comes from the `axe-playwright-python` wheel (installed with --no-deps: only its script is used), or
from the file AXE_JS names."""
import importlib.util
import os
import re
from collections import deque
from urllib.parse import urljoin, urlparse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, press, sign_in, wait_for_path

PASSWORD = "tandem demo only"
# Each kind of person, by a demo account: the public, an officer, the administrator, focal points with and
# without a partnership, a partner organisation and a network member.
PEOPLE = [None, "secretariat@demo.tandem", "admin@demo.tandem", "uk@demo.tandem", "ghana@demo.tandem",
          "peru@demo.tandem", "partner@demo.tandem", "member@demo.tandem"]
LANDINGS = ["/", "/tasks", "/account", "/states", "/programme/calls", "/programme/partnerships"]
WIDTHS = [390, 1280]
LANGUAGES = ["en", "fr", "es"]
# Not pages: files, feeds, the API, and what signs out or is only a form's address.
SKIPPED = re.compile(r"(\.(csv|json|ics|pdf|png|jpg|svg|zip|xml|txt)$)|^/api/|^/metrics|^/healthz|/download|/sign-out|/files?/|/signed-form/")
UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
PER_PERSON = 120


def axe_script():
    path = os.environ.get("AXE_JS")
    if not path:
        spec = importlib.util.find_spec("axe_playwright_python")
        assert spec, "axe-core is needed: pip install --no-deps axe-playwright-python, or set AXE_JS"
        path = os.path.join(spec.submodule_search_locations[0], "axe.min.js")
    with open(path, encoding="utf-8") as file:
        return file.read()


def driver_at(width):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    # The phone's width exactly, as a phone reports it (a headless window has a minimum width of its own).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 844 if width < 600 else 900, "deviceScaleFactor": 1, "mobile": width < 600})
    return driver


def pattern(path):
    """Pages drawn by the same template count once: ids, numbers and state codes are placeholders."""
    path = UUID.sub("{id}", path)
    return "/".join("{n}" if re.search(r"\d", part) and part != "{id}" else "{state}" if re.fullmatch(r"[A-Z]{3}", part) else part
                    for part in path.split("/"))


def links(driver, base):
    found = []
    for href in driver.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"):
        address = urlparse(urljoin(driver.current_url, href))
        if address.netloc != urlparse(base).netloc or SKIPPED.search(address.path) or "lang=" in address.query:
            continue
        found.append(address.path + ("?" + address.query if address.query else ""))
    return found


def prepare(driver, base):
    """What the demo data lacks for the pages of a programme under way: the officer runs and approves a matching
    (proposals to answer) and records a partnership between the United Kingdom and Peru (its workspace, visits,
    reports, framework and costs)."""
    sign_in(driver, base, "secretariat@demo.tandem", PASSWORD)
    driver.get(base + "/programme/calls/2025-2027/matching")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.matching-form button[type=submit]"))
    click_and_wait(driver, driver.find_element(By.ID, "approve"))
    wait_for_path(driver, "/proposals")
    driver.get(base + "/partnerships/new")
    for field, value in (("mentor", "GBR"), ("mentee", "PER"), ("call", "2025-2027"), ("status", "active")):
        Select(driver.find_element(By.ID, field)).select_by_value(value)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/partnerships/" in driver.current_url, driver.current_url
    return urlparse(driver.current_url).path


def crawl(driver, base, seen):
    """The pages this person reaches from where they land: each template is followed once per person (its links
    differ from one person to the next) and audited once for everyone (for the first person who reaches it)."""
    queue, followed, pages = deque(LANDINGS), set(), []
    while queue and len(pages) < PER_PERSON:
        path = queue.popleft()
        key = pattern(urlparse(path).path)
        if key in followed:
            continue
        driver.get(base + path)
        if urlparse(driver.current_url).path != urlparse(path).path:
            continue  # redirected (sign-in, a page this person may not see): the page it leads to is found on its own
        followed.add(key)
        if key not in seen or path in LANDINGS:
            seen.add(key)
            pages.append(path)
        queue.extend(link for link in links(driver, base) if pattern(urlparse(link).path) not in followed)
    return pages


def audit(driver, script):
    """Serious and critical findings of axe-core on the page shown."""
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(script)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done({version: axe.version, violations: r.violations}),"
        " e => done({error: String(e)}));")
    assert "error" not in result, result
    assert result["version"].startswith("4."), result["version"]
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def refused_forms(driver, base, language, draft, partnership):
    """Shows, one after the other, the pages only a refused form shows, yielding the name of each: the sign-in with
    a wrong password, Ghana's application submitted unfinished (`draft` holds its address once started), and a
    visit proposed with nothing filled in."""
    driver.delete_all_cookies()
    driver.get(f"{base}/account/sign-in?lang={language}")
    driver.find_element(By.ID, "email").send_keys("nobody@example.org")
    driver.find_element(By.ID, "password").send_keys("wrong")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    yield "refused sign-in"
    sign_in(driver, base, "ghana@demo.tandem", PASSWORD)
    if not draft:
        driver.get(base + "/programme/calls/2025-2027")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/apply'] button[type=submit]"))
        draft.append(driver.current_url.split("?")[0])
        press(driver, "add_area")
    driver.get(f"{draft[0]}?lang={language}")
    press(driver, "submit")
    assert driver.find_elements(By.ID, "error-summary")
    yield "application submitted unfinished"
    sign_in(driver, base, "uk@demo.tandem", PASSWORD)
    driver.get(f"{base}{partnership}/visits/new?lang={language}")
    click_and_wait(driver, driver.find_element(By.ID, "propose"))
    assert driver.find_elements(By.CSS_SELECTOR, ".field-error")
    yield "visit proposed empty"


def describe(finding, where):
    nodes = "; ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"]) for node in finding["nodes"][:3])
    return f"{where}: [{finding['impact']}] {finding['id']}: {finding['help']} ({len(finding['nodes'])} nodes: {nodes})"


def test_every_page_has_no_serious_or_critical_finding(tandem):
    script, base = axe_script(), tandem.url
    drivers = {width: driver_at(width) for width in WIDTHS}
    problems, audited, seen = [], 0, set()
    try:
        partnership = prepare(drivers[1280], base)
        for person in PEOPLE:
            crawler = drivers[1280]
            if person:
                sign_in(crawler, base, person, PASSWORD)
            else:
                crawler.delete_all_cookies()
            pages = crawl(crawler, base, seen)
            for turn, (width, driver) in enumerate(drivers.items()):
                if person:
                    sign_in(driver, base, person, PASSWORD)
                else:
                    driver.delete_all_cookies()
                # Each page at both widths, in a different language at each, the languages taking turns from one
                # page to the next: every language is seen at every width without auditing each page six times.
                for number, path in enumerate(pages):
                    language = LANGUAGES[(number + turn) % len(LANGUAGES)]
                    driver.get(base + path + ("&" if "?" in path else "?") + "lang=" + language)
                    problems += [describe(f, f"{person or 'public'} {path} {language} {width}px") for f in audit(driver, script)]
                    audited += 1
        # Refused forms, at both widths in each language.
        draft = []
        for width, driver in drivers.items():
            for language in LANGUAGES:
                for name in refused_forms(driver, base, language, draft, partnership):
                    problems += [describe(f, f"{name} {language} {width}px") for f in audit(driver, script)]
                    audited += 1
    finally:
        for driver in drivers.values():
            driver.quit()
    print(f"{audited} pages audited")
    assert audited > 150
    assert not problems, "\n".join(sorted(set(problems)))
