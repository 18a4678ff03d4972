"""What a visitor sees: the States Parties directory, a country profile, languages and the statistics."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, wait


def wait_for_url(driver, fragment):
    """Waits until a click or a submit has loaded the next page, so the checks read that page, not the last."""
    wait(driver).until(EC.url_contains(fragment))


def state_rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "table.states tbody tr")


def test_directory_lists_every_state_and_filters_by_group(browser, url):
    browser.get(url("/states"))
    assert len(state_rows(browser)) == 193
    Select(browser.find_element(By.ID, "group")).select_by_value("eastern-europe")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    wait_for_url(browser, "group=eastern-europe")
    assert len(state_rows(browser)) == 23
    assert browser.find_element(By.CSS_SELECTOR, "p.count").text == "23 States Parties"
    # The chosen filter stays selected after the page reloads.
    assert Select(browser.find_element(By.ID, "group")).first_selected_option.get_attribute("value") == "eastern-europe"


def test_search_finds_a_state_by_an_alias_in_another_language(browser, url):
    browser.get(url("/states"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("Royaume-Uni")
    box.submit()
    wait_for_url(browser, "q=Royaume-Uni")
    rows = state_rows(browser)
    assert len(rows) == 1
    assert "United Kingdom of Great Britain and Northern Ireland" in rows[0].text
    assert browser.find_element(By.ID, "q").get_attribute("value") == "Royaume-Uni"
    click_and_wait(browser, rows[0].find_element(By.TAG_NAME, "a"))
    wait_for_url(browser, "/states/GBR")


def test_country_profile_shows_partnerships_and_leads_to_them(browser, url):
    browser.get(url("/states/GBR"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "United Kingdom of Great Britain and Northern Ireland"
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a[href^='/programme/partnerships/']")]
    assert links == ["2016-GBR-MWI", "2017-GBR-NGA", "2019-GBR-GMB"]
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "2016-GBR-MWI"))
    wait_for_url(browser, "/programme/partnerships/2016-GBR-MWI")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("United Kingdom of Great Britain and Northern Ireland – Malawi")
    visits = browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=visits-heading] tbody tr")
    assert len(visits) == 2


def test_switching_to_french_shows_french_names_and_labels_and_sticks(browser, url):
    browser.get(url("/states/GBR"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang=fr]"))
    wait_for_url(browser, "lang=fr")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"
    assert "Groupe régional" in browser.page_source
    # The choice is remembered on the next page without ?lang=.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "nav.site-nav a[href='/states']"))
    wait(browser).until(lambda driver: driver.current_url.endswith("/states"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "États parties"
    assert "Allemagne" in [row.find_element(By.TAG_NAME, "a").text for row in state_rows(browser)]
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "nav.languages a[hreflang=es]"))
    wait_for_url(browser, "lang=es")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Estados Partes"
    assert browser.find_element(By.CSS_SELECTOR, "p.count").text == "193 Estados Partes"


def test_statistics_page_draws_every_chart(browser, url):
    browser.get(url("/programme/statistics"))
    charts = browser.find_elements(By.CSS_SELECTOR, "section.statistic svg[role=img]")
    assert len(charts) == 8
    for chart in charts:
        assert chart.size["width"] > 200 and chart.size["height"] > 40
        title = chart.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        assert title
        assert len(chart.find_elements(By.TAG_NAME, "rect")) >= 1
    tables = browser.find_elements(By.CSS_SELECTOR, "section.statistic table")
    assert len(tables) == 8
    assert "17%" in browser.find_element(By.ID, "participation").text


def test_an_unknown_state_is_a_friendly_404(browser, url):
    browser.get(url("/states/XYZ"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Page not found"
    assert browser.find_element(By.LINK_TEXT, "Go to the home page")


def test_pages_fit_a_phone_screen(phone, url):
    for path in ("/", "/states", "/states/GBR", "/programme/partnerships", "/programme/statistics"):
        phone.get(url(path))
        overflow = phone.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
