"""Pages for import, export and IATI (issue 25): a file is checked row by row before anything is
written and imported all or nothing; the template an adviser downloads imports as it is; each
export button saves exactly what the API answers for the same question; the IATI page previews
the API's document and saves the same one.
"""

import csv
import io
import re
import secrets
import urllib.request
import zipfile

from playwright.sync_api import expect

from conftest import screenshot, sign_in

HEADER = ("programme,kind,title,countries,location,planned_start,planned_end,"
          "delivery_start,delivery_end,delivery_mode,participants_female,participants_male,participants_other,status")


def past_file(tag, third_start):
    """Three past activities of the demo's SHERLOC programme, the third planned from `third_start`."""
    return "\r\n".join([
        HEADER,
        f"UNTOC-SHERLOC,workshop,Evidence workshop {tag},BOL,La Paz,2012-05-07,2012-05-09,2012-05-07,2012-05-09,in_person,10,12,0,delivered",
        f"UNTOC-SHERLOC,training,Prosecutors training {tag},PER,Lima,2012-05-14,2012-05-16,,,,,,,planned",
        f"UNTOC-SHERLOC,mentoring,Mentoring {tag},BOL;PER,Cusco,{third_start},2012-05-25,,,,,,,planned",
        "",
    ]).encode()


def imported(server, tag):
    """(title, status) of every activity of May 2012 whose title ends with `tag`, as the API lists them."""
    found = server.api("/api/v1/activities?from=2012-05-01&to=2012-05-31&limit=500", role="manager")
    return sorted((i["title"], i["status"]) for i in found["items"] if i["title"].endswith(tag))


# Records each text the progress line shows, in order (a step shown twice in a row counts once).
PROGRESS = """() => {
    window.progressSteps = [];
    const line = document.getElementById('import-progress');
    new MutationObserver(() => {
        const steps = window.progressSteps;
        if (steps[steps.length - 1] !== line.textContent) steps.push(line.textContent);
    }).observe(line, { childList: true, characterData: true, subtree: true });
}"""


def choose(page, name, data, mime="text/csv"):
    page.get_by_label("Your file (CSV or XLSX)").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_a_file_is_checked_row_by_row_then_imported_all_or_nothing(server, page):
    tag = secrets.token_hex(4)
    sign_in(page, server, "adviser")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import past activities")

    # One wrong row: the preview names it by row and column, in words, and nothing is written.
    choose(page, "past.csv", past_file(tag, "2019-31-10"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-checked")).to_have_text(
        "3 rows checked: 2 can be imported, 1 with problems. Nothing was written.")
    rows = page.locator("#import-rows tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator("td.outcome")).to_have_text("Can be imported")
    expect(rows.nth(1).locator("td.outcome")).to_have_text("Can be imported")
    expect(rows.nth(2).locator("td.outcome")).to_have_text("Has problems: not written")
    expect(rows.nth(2)).to_contain_text(
        "Planned start: no such date: 2019-31-10 (write YYYY-MM-DD)")
    expect(page.locator("#import-now")).to_have_count(0)
    screenshot(page, "import-preview", server)
    assert imported(server, tag) == []

    # The file put right: every row can be imported, then is, and the activities are there.
    choose(page, "past.csv", past_file(tag, "2012-05-21"))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-checked")).to_have_text(
        "3 rows checked: 3 can be imported, 0 with problems. Nothing was written.")
    assert imported(server, tag) == []
    page.evaluate(PROGRESS)
    page.get_by_role("button", name="Import 3 activities").click()
    expect(page.locator("#import-done")).to_have_text("Done: 3 rows, 3 imported.")
    steps = page.evaluate("window.progressSteps")
    assert steps[0] == "Sending the file…" and steps[-2:] == ["Checking and writing every row…", ""], steps
    expect(page.locator("#import-rows td.outcome")).to_have_text(["Imported", "Imported", "Imported"])
    screenshot(page, "import-done", server)
    assert imported(server, tag) == sorted([
        (f"Evidence workshop {tag}", "delivered"),
        (f"Prosecutors training {tag}", "planned"),
        (f"Mentoring {tag}", "planned"),
    ])


def test_the_template_the_adviser_downloads_imports_as_it_is(server, page):
    sign_in(page, server, "adviser")
    page.goto(server.base + "/#/import")
    for label, mime in (("Template (CSV)", "text/csv"),
                        ("Template (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        saved = download.value
        data = open(saved.path(), "rb").read()
        choose(page, saved.suggested_filename, data, mime)
        page.get_by_role("button", name="Check the file").click()
        expect(page.locator("#import-checked")).to_have_text(
            "1 row checked: 1 can be imported, 0 with problems. Nothing was written.")
        expect(page.locator("#import-now")).to_have_text("Import 1 activity")


def fetch(server, path, role):
    """The API's answer to `path` as bytes, for `role`."""
    request = urllib.request.Request(server.base + path, headers={"Authorization": f"Bearer {server.tokens[role]}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
        return answer.read()


def sheets(workbook):
    """A workbook's sheets and strings (its parts but the document properties, which hold the time it was written)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.startswith("docProps/")}


def downloaded(page, name):
    with page.expect_download() as download:
        page.get_by_role("link", name=name).click()
    return open(download.value.path(), "rb").read()


def test_each_export_button_saves_what_the_api_answers(server, page):
    sign_in(page, server, "manager")
    pages = [
        ("/#/activities?country=BOL&from=2019-01-01&to=2019-12-31", "these activities",
         "/api/v1/activities?country=BOL&from=2019-01-01&to=2019-12-31"),
        ("/#/dashboard?scope=country&id=BOL&from=2019-01-01&to=2019-12-31", "this summary",
         "/api/v1/countries/BOL/summary?from=2019-01-01&to=2019-12-31"),
        ("/#/dashboard?scope=country&id=BOL&from=2019-01-01&to=2019-12-31", "activities per country",
         "/api/v1/countries?from=2019-01-01&to=2019-12-31"),
        # A dashboard figure's list: the activities behind it.
        ("/#/activities?country=BOL&figure=female", "these activities",
         "/api/v1/activities?country=BOL&figure=female"),
        ("/#/audit?actor=demo-seeder", "these events", "/api/v1/audit/events?actor=demo-seeder&limit=50"),
    ]
    for number, (shown, what, api) in enumerate(pages):
        page.goto(server.base + shown)
        page.get_by_role("link", name=f"Download {what} as CSV").wait_for()
        screenshot(page, f"export-buttons-{number}", server)
        saved_csv = downloaded(page, f"Download {what} as CSV")
        saved_xlsx = downloaded(page, f"Download {what} as XLSX (Excel)")
        answered_csv = fetch(server, f"{api}&format=csv", "manager")
        rows = list(csv.reader(io.StringIO(saved_csv.decode())))
        assert rows == list(csv.reader(io.StringIO(answered_csv.decode()))), shown
        assert len(rows) > 2, f"{shown}: the file holds the page's figures"
        assert sheets(saved_xlsx) == sheets(fetch(server, f"{api}&format=xlsx", "manager")), shown


def test_the_iati_page_previews_and_saves_the_apis_document(server, page):
    sign_in(page, server, "manager")
    page.get_by_role("link", name="IATI").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IATI activity file")
    page.get_by_label("From", exact=True).fill("2019-01-01")
    page.get_by_label("To", exact=True).fill("2019-12-31")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#iati-activities")).to_be_visible()
    answered = fetch(server, "/api/v1/iati/activities.xml?from=2019-01-01&to=2019-12-31", "manager")
    identifiers = re.findall(rb"<iati-identifier>([^<]+)</iati-identifier>", answered)
    assert identifiers, "the API's document holds activities"
    expect(page.locator("#iati-activities tbody td.id")).to_have_text([i.decode() for i in identifiers])
    expect(page.locator("#iati-checks li")).to_have_count(5)
    for check in page.locator("#iati-checks li").all():
        expect(check).to_contain_text("Passes: ")
    expect(page.locator("#iati-about")).to_contain_text("scripts/iati-check")
    screenshot(page, "iati", server)
    saved = downloaded(page, "Download the IATI file")

    def undated(document):
        return re.sub(rb'generated-datetime="[^"]*"', b"", document)

    assert undated(saved) == undated(answered)
