"""The pages in the reader's language (issue 27): a donor's dashboard in French and in Spanish
writes its figures, amounts, months and dates the way those languages do, with the words of
i18n/catalogues/<language>/pages.ftl; every main page has its screenshot in English, French and
Spanish; and the Arabic shell lays the header out right to left.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

from conftest import ARTEFACTS, screenshot
from test_pages import SIDEWAYS

CATALOGUES = Path(__file__).resolve().parents[2] / "i18n" / "catalogues"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
PROGRAMME = "00000000-0000-4000-8000-000000000101"
EU_2019 = "#/dashboard?scope=donor&id=European%20Union&from=2019-01-01&to=2019-12-31"


def words(language, area="pages"):
    """The single-line messages of a language's catalogue of `area` (`*`: all), by id."""
    found = {}
    for catalogue in sorted((CATALOGUES / language).glob(f"{area}.ftl")):
        for line in catalogue.read_text().splitlines():
            match = re.match(r"^([a-z][a-z0-9-]*) = (.+)$", line)
            if match:
                found[match.group(1)] = match.group(2)
    return found


def from_catalogue(text, language):
    """Whether `text` is one of the language's messages (up to its first placeable)."""
    starts = {value.split("{")[0].strip() for value in words(language, "*").values()}
    return any(start and text.startswith(start) for start in starts)


def amount(decimal, group, point):
    """The API's amount ("7750000.00") with `group` between thousands and `point` before cents."""
    whole, _, cents = decimal.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    written = sign + group.join(groups)
    return f"{written}{point}{cents}" if cents else written


def open_in(browser, server, role, language):
    """A page signed in as `role`, the app shown in `language` (the header menu's stored choice)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.base + "/#/signin")
    page.evaluate("(code) => localStorage.setItem('tatrack.language', code)", language)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("input[name=token]").fill(server.tokens[role])
    page.locator("form button[type=submit]").click()
    page.locator("#signout").wait_for()
    return context, page, errors


def test_a_donors_dashboard_writes_figures_and_dates_in_french_and_in_spanish(server, browser):
    summary = server.api("/api/v1/donors/European%20Union/summary?from=2019-01-01&to=2019-12-31", role="donor")
    assert summary["funding"], "the donor funds something in 2019"
    expected = {
        # language: (title, thousands sign of amounts, decimal sign, January 2019, the year's range)
        "fr": (f"Tableau de bord{NBSP}: European Union", NARROW_NBSP, ",", "janv. 2019", "Du 1 janv. 2019 au 31 déc. 2019"),
        "es": ("Panel: European Union", ".", ",", "ene 2019", "Del 1 ene 2019 al 31 dic 2019"),
    }
    for language, (title, group, point, january, year) in expected.items():
        said = words(language)
        context, page, errors = open_in(browser, server, "donor", language)
        try:
            page.goto(f"{server.base}/{EU_2019}")
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            expect(page.locator("#main")).not_to_have_attribute("lang", "en")
            expect(page.locator("#main")).to_contain_text(year)
            # Amounts grouped by thousands the language's way, their cents kept.
            funding = page.get_by_role("region", name=said["dashboard-funding"])
            for line in summary["funding"]:
                expect(funding).to_contain_text(amount(line["amount"], group, point))
            expect(funding.locator("caption").first).to_have_text(said["dashboard-funding-caption"])
            # Months by their abbreviation, their figures adding up to the year's total.
            months = page.get_by_role("region", name=said["dashboard-per-month"])
            expect(months).to_contain_text(january)
            counts = months.locator("td.num").all_inner_texts()
            assert sum(int(re.sub(r"\D", "", c)) for c in counts) == summary["activities"]["total"]
            # Each kind by its name in the catalogue, with the API's figure.
            by_kind = page.get_by_role("region", name=said["dashboard-by-kind"])
            for kind, count in summary["activities"]["by_kind"].items():
                if count:
                    name = said[f"kind-{kind.replace('_', '-')}"]
                    expect(by_kind.get_by_role("row", name=re.compile(f"^{re.escape(name)}"))).to_contain_text(str(count))
            total = int(re.sub(r"\D", "", page.locator("#total-activities").inner_text()))
            assert total == summary["activities"]["total"]
            # Countries by their names in the language (i18n/data/countries.tsv).
            saudi_arabia = {"fr": "Arabie saoudite", "es": "Arabia Saudita"}[language]
            expect(page.locator("#map path[data-country=SAU] title")).to_have_text(re.compile(f"^{saudi_arabia}\\s?:\\s\\d+\\sactiv"))
            screenshot(page, f"lang-{language}-donor-dashboard", server)
            assert not errors, f"the page threw: {errors}"
        finally:
            context.close()


# Each main page: (file name, role, route, what shows once it has drawn).
MAIN_PAGES = [
    ("dashboard", "manager", "#/dashboard?scope=country&id=BOL&from=2019-01-01&to=2019-12-31", "#map svg"),
    ("results", "manager", f"#/results?id={PROGRAMME}&year=2019", "table.results"),
    ("activities-manager", "manager", "#/activities", "#list-title"),
    ("audit", "manager", "#/audit", "#feed"),
    ("iati", "manager", "#/iati?from=2019-01-01&to=2019-12-31", "#iati-activities"),
    ("people", "admin", "#/people", "#main h2"),
    ("tokens", "admin", "#/tokens", "#tokens"),
]


def test_every_main_page_in_english_french_and_spanish(server, browser):
    headings = {}
    for language in ["en", "fr", "es"]:
        for role in ["manager", "admin"]:
            context, page, errors = open_in(browser, server, role, language)
            try:
                for name, _, route, ready in [p for p in MAIN_PAGES if p[1] == role]:
                    page.goto(f"{server.base}/{route}")
                    page.locator(ready).first.wait_for()
                    # Translated: not marked English, its title from the language's catalogue.
                    expect(page.locator("#main")).not_to_have_attribute("lang", "en")
                    heading = page.get_by_role("heading", level=1).inner_text()
                    assert from_catalogue(heading, language), f"{name} in {language}: {heading}"
                    headings.setdefault(name, {})[language] = heading
                    screenshot(page, f"lang-{language}-{name}", server)
                    if name == "dashboard":
                        page.locator("#map").screenshot(path=str(screenshot_path(server, f"lang-{language}-map")))
                    page.set_viewport_size({"width": 360, "height": 800})
                    page.locator(ready).first.wait_for()
                    assert page.evaluate(SIDEWAYS) == [], f"{name} in {language} at 360 px"
                    page.set_viewport_size({"width": 1280, "height": 900})
                assert not errors, f"the page threw: {errors}"
            finally:
                context.close()
    # A title may read the same in two languages ("Audit"), never on every page.
    differing = [name for name, by_language in headings.items() if len(set(by_language.values())) == 3]
    assert len(differing) >= len(MAIN_PAGES) - 2, headings


def screenshot_path(server, name):
    """Where a screenshot of part of a page goes, named as `screenshot` names whole pages."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS / f"{server.backend}-{name}.png"


def test_the_arabic_shell_reads_right_to_left(server, browser):
    context, page, errors = open_in(browser, server, "manager", "en")
    try:
        page.goto(f"{server.base}/#/dashboard?scope=country&id=BOL&from=2019-01-01&to=2019-12-31")
        page.locator("#map svg").wait_for()
        page.locator("#language").select_option("ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert page.evaluate("() => document.documentElement.dir") == "rtl"
        nav = page.locator("#nav")
        expect(nav.get_by_role("link", name="لوحة المعلومات")).to_be_visible()
        page.locator("#map svg").wait_for()
        # The header mirrors: the name at the right edge, the navigation read from the right.
        width = page.viewport_size["width"]
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] + brand["width"] > width - 40, f"the name sits at {brand}"
        links = nav.locator("a").evaluate_all("(as) => as.filter((a) => !a.hidden).map((a) => a.getBoundingClientRect().right)")
        assert links == sorted(links, reverse=True), f"the links run right to left: {links}"
        assert nav.bounding_box()["x"] + nav.bounding_box()["width"] < brand["x"], "the navigation follows the name"
        # The map keeps its orientation; the page's own words, English in Arabic, are marked so.
        # Retried: the page is drawn again in the new language while this is read.
        expect(page.locator(".map-frame")).to_have_css("direction", "ltr")
        expect(page.locator("#main")).to_have_attribute("dir", "ltr")
        screenshot(page, "lang-ar-shell", server)
        # A page whose words were Arabic would run right to left: app.css mirrors it (logical
        # properties only), the map excepted. Shown here on the dashboard, made right to left.
        page.locator("#main").evaluate("(main) => { main.dir = 'rtl'; }")
        cell = page.get_by_role("region", name="Activities by status").locator("tbody tr").first
        name, figure = cell.locator("th").bounding_box(), cell.locator("td.num").bounding_box()
        assert name["x"] > figure["x"], "the first column is on the right"
        # Retried: the page is drawn again in the new language while this is read.
        expect(page.locator(".map-frame")).to_have_css("direction", "ltr")
        screenshot(page, "lang-ar-dashboard-rtl", server)
        page.set_viewport_size({"width": 360, "height": 800})
        page.wait_for_timeout(150)
        assert page.evaluate(SIDEWAYS) == [], "a right-to-left page in the Arabic shell at 360 px"
        assert not errors, f"the page threw: {errors}"
    finally:
        context.close()
