"""The annual report page (issue 25): its downloads are the API's answers to the same question, the
Word document reads as the printable page, the evidence names each activity by title and dates
with a link that works in a saved file; and a manager's first dashboard has a period set.
"""

import datetime
import io
import re
import urllib.request
from html.parser import HTMLParser

from docx import Document
from playwright.sync_api import expect

from conftest import screenshot, sign_in

QUESTION = "from=2019-02-01&to=2020-02-29&programme=UNTOC-SHERLOC"
FORMATS = {"docx": "docx", "html": "html", "markdown": "md", "json": "json"}


def raw(server, path):
    """The bytes the API answers the manager, outside the browser."""
    request = urllib.request.Request(server.base + path, headers={"Authorization": f"Bearer {server.tokens['manager']}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200, path
        return answer.read()


class Blocks(HTMLParser):
    """The text of each heading, paragraph and list item of an HTML page, in order."""

    BLOCKS = {"h1", "h2", "p", "li"}

    def __init__(self):
        super().__init__()
        self.texts, self.open = [], None

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.open = tag
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == self.open:
            self.open = None

    def handle_data(self, data):
        if self.open:
            self.texts[-1] += data


def open_report(page, server):
    sign_in(page, server, "manager")
    page.goto(f"{server.base}/#/report?{QUESTION}")
    page.get_by_role("heading", name="Evidence").wait_for()


def test_each_download_is_the_apis_answer_and_the_word_document_reads_as_the_printable_page(server, page):
    open_report(page, server)

    downloaded = {}
    for format, extension in FORMATS.items():
        with page.expect_download() as started:
            page.locator(f"#download-{format}").click()
        download = started.value
        assert download.suggested_filename == f"activity-report-2019-02-01-2020-02-29.{extension}"
        downloaded[format] = open(download.path(), "rb").read()

    # Each file is what the API answers for the same period and programme.
    for format in FORMATS:
        assert downloaded[format] == raw(server, f"/api/v1/reports/activity?{QUESTION}&format={format}"), format

    # The Word document has the printable page's paragraphs, word for word, with its headings.
    document = Document(io.BytesIO(downloaded["docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    html = Blocks()
    html.feed(downloaded["html"].decode())
    assert paragraphs == html.texts
    assert paragraphs[0] == "Activity statistics, 1 February 2019 to 29 February 2020"
    assert paragraphs[1] == "Activities delivered from 1 February 2019 to 29 February 2020 (UNTOC-SHERLOC)."
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "Organized crime", "Evidence",
    ]
    assert any("Pre-accession support was provided to six States (the Congo, Papua New Guinea" in p for p in paragraphs)
    # Its activity links are the saved page's: absolute, to this server.
    links = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert links and all(link.startswith(f"{server.base}/#/activity/") for link in links), links


def test_the_evidence_names_each_activity_by_title_and_dates_with_an_absolute_link(server, page):
    open_report(page, server)
    report = server.api(f"/api/v1/reports/activity?{QUESTION}")

    # The Congo's pre-accession support: one activity, by its title and dates.
    page.locator(".report-text").get_by_role("button", name="the Congo").click()
    entry = page.locator(".evidence li:focus")
    link = entry.get_by_role("link")
    expect(link).to_have_count(1)
    congo = next(f for a in report["areas"] for f in a["figures"] if f["id"].endswith("/pre_accession_support/states/COG"))
    (activity,) = congo["activities"]
    assert link.get_attribute("href") == f"{server.base}/#/activity/{activity}"
    name = next(a for a in report["activities"] if a["id"] == activity)
    expect(link).to_have_text(name["title"])
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", link.inner_text()), "a title, not an id"
    expect(entry).to_contain_text(re.compile(r"\(\d{1,2} \w{3} \d{4}( to \d{1,2} \w{3} \d{4})?\)"))

    # Every evidence link on the page, and in the printable page, is absolute and titled.
    hrefs = page.locator(".evidence a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(f"{server.base}/#/activity/") for h in hrefs)
    texts = page.locator(".evidence a").all_inner_texts()
    titles = {a["title"] for a in report["activities"]}
    assert set(texts) <= titles, set(texts) - titles
    printable = raw(server, f"/api/v1/reports/activity?{QUESTION}&format=html").decode()
    assert f'<a href="{server.base}/#/activity/{activity}" title="{activity}">' in printable
    assert 'href="/#/activity/' not in printable
    screenshot(page, "annual-report-evidence", server)

    # The link opens the activity.
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pre-accession support")


def landing(server):
    """The rule, asked of the API: this year, else the latest of the ten before with an activity;
    in it, the country with the most (the first by code among equals)."""
    this_year = datetime.date.today().year
    for year in range(this_year, this_year - 10, -1):
        countries = server.api(f"/api/v1/countries?from={year}-01-01&to={year}-12-31")
        busy = [c for c in countries if c["activities"] > 0]
        if busy:
            top = min(busy, key=lambda c: (-c["activities"], c["country"]))
            return year, top["country"], top["activities"]
    raise AssertionError("the demo has activities")


def test_a_managers_first_dashboard_has_a_period_and_a_country_with_activities(server, page):
    # On the demo alone: 2020 (its activities end then), Ghana (two, as Nigeria); the journeys
    # of this session may have planned activities this year since.
    year, country, activities = landing(server)

    sign_in(page, server, "manager")

    expect(page).to_have_url(re.compile(rf"#/dashboard\?scope=country&id={country}&from={year}-01-01&to={year}-12-31$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"^Dashboard: .+ \({country}\)$"))
    expect(page.get_by_label("From", exact=True)).to_have_value(f"{year}-01-01")
    expect(page.get_by_label("To", exact=True)).to_have_value(f"{year}-12-31")
    expect(page.locator("#total-activities")).to_have_text(str(activities))
    screenshot(page, "manager-first-dashboard", server)


def test_the_report_is_written_in_the_language_its_menu_chooses(server, page):
    open_report(page, server)
    menu = page.locator("select[name=lang]")
    expect(menu).to_have_value("en")

    menu.select_option("fr")
    page.get_by_role("button", name="Write the report").click()
    expect(page.locator(".report-text").first).to_contain_text(
        "Un soutien préalable à l'adhésion a été fourni à six États (le Congo, les Îles Salomon"
    )
    assert "lang=fr" in page.url
    # The downloads are the same report, in French.
    href = page.locator("#download-html").get_attribute("href")
    assert "lang=fr" in href
    expect(page.locator(".grid[lang=fr]")).to_have_count(1)

    menu = page.locator("select[name=lang]")
    menu.select_option("es")
    page.get_by_role("button", name="Write the report").click()
    expect(page.locator(".report-text").first).to_contain_text(
        "Se prestó apoyo previo a la adhesión a seis Estados (el Congo, las Islas Salomón"
    )
    screenshot(page, "annual-report-in-spanish", server)
