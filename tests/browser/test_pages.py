"""Every page as a person reads it (issue 25): on a phone at 360 px nothing scrolls sideways and
what needs doing comes first; the plan form says every missing value at once, in words, beside
its field; the country picker finds a country by what is typed; values read as words, one date
and number format; actions are named by what they do; donors see no adviser's to-do column.
"""

import re

from playwright.sync_api import expect

from conftest import screenshot, sign_in

PHONE = {"width": 360, "height": 800}
# WCAG 2.2 reflow (1.4.10): content reads at 320 CSS px without scrolling sideways.
NARROWEST = {"width": 320, "height": 800}
RIYADH = "00000000-0000-4000-8000-000000000201"

# Each role's pages, with what shows once a page has drawn.
PAGES = {
    "adviser": [
        ("/#/activities", "#needs-doing"),
        ("/#/activities?q=firearms", "#list-title"),
        ("/#/plan", "form.card"),
        (f"/#/activity/{RIYADH}", "#history-title"),
        ("/#/outbox", "h1"),
        ("/#/import", "form.card"),
    ],
    "manager": [
        ("/#/dashboard", "#map svg"),
        ("/#/dashboard?scope=country&id=BOL&from=2019-01-01&to=2019-12-31", "#map svg"),
        ("/#/activities", "#list-title"),
        ("/#/results?id=00000000-0000-4000-8000-000000000101&year=2019", "h1"),
        ("/#/report?from=2019-02-01&to=2020-02-29", "#evidence-title"),
        ("/#/audit", "#feed"),
        (f"/#/activity/{RIYADH}", "#history-title"),
        ("/#/iati?from=2019-01-01&to=2019-12-31", "#iati-activities"),
    ],
    "donor": [
        ("/#/dashboard", "#map svg"),
        ("/#/activities", "#list-title"),
    ],
    "admin": [
        ("/#/tokens", "#tokens"),
    ],
}

SIDEWAYS = """() => {
    const width = window.innerWidth;
    const wide = [];
    if (document.documentElement.scrollWidth > width) {
        // Name the innermost element that reaches past the screen, so a failure says what to fix.
        const past = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1);
        const innermost = past.filter((el) => !past.some((other) => other !== el && el.contains(other)));
        const named = innermost.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || '').trim().slice(0, 40)}"`);
        wide.push(`the page is ${document.documentElement.scrollWidth} px wide: ${named.join('; ')}`);
    }
    for (const el of document.querySelectorAll('body *')) {
        const style = getComputedStyle(el);
        if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
            wide.push(`${el.tagName.toLowerCase()}.${el.className} scrolls: ${el.scrollWidth} px in ${el.clientWidth}`);
        }
    }
    return wide;
}"""


def test_no_page_scrolls_sideways_on_a_phone(server, browser):
    for role, pages in PAGES.items():
        context = browser.new_context(viewport=NARROWEST)
        page = context.new_page()
        sign_in(page, server, role)
        for path, ready in pages:
            page.goto(server.base + path)
            page.locator(ready).first.wait_for()
            assert page.evaluate(SIDEWAYS) == [], f"{role} at {path}"
        context.close()


def test_on_a_phone_my_activities_starts_with_what_needs_doing(server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, server, "adviser")
    needs = page.locator("#needs-doing")
    needs.wait_for()
    assert needs.bounding_box()["y"] < 400, "what needs doing is on the first screen"
    # The filters fold away until asked for; a row reads as a card with its next step.
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    page.get_by_text("Filter the list").click()
    expect(page.get_by_role("button", name="Show")).to_be_visible()
    first = needs.locator("tbody tr").first
    expect(first.locator("td[data-label='Next step']")).to_be_visible()
    screenshot(page, "my-activities-phone", server)
    context.close()


def test_the_plan_form_says_every_missing_value_at_once_in_words(server, page):
    sign_in(page, server, "adviser")
    page.goto(server.base + "/#/plan")
    page.get_by_role("button", name="Plan the activity").click()
    errors = {
        "programme_id": "Choose the programme",
        "kind": "Choose what kind",
        "title": "Give the activity a title",
        "countries": "Add the country",
        "location": "Say where it takes place",
        "planned_start": "planned to start",
        "planned_end": "planned to end",
    }
    for name, words in errors.items():
        expect(page.locator(f'[data-field="{name}"] .error')).to_contain_text(words)
    expect(page.locator("#main")).not_to_contain_text("Programme id")
    expect(page.get_by_label("Programme")).to_be_focused()
    screenshot(page, "plan-errors", server)


def test_the_country_picker_finds_a_country_by_what_is_typed(server, page):
    sign_in(page, server, "adviser")
    page.goto(server.base + "/#/plan")
    picker = page.get_by_role("combobox", name="Countries")
    chosen = page.get_by_role("list", name="Chosen countries")
    error = page.locator('[data-field="countries"] .error')
    # What is typed, then Enter (or the Add button), and what the page then says.
    cases = [
        ("Bolivia", "Enter", chosen, "(BOL)"),
        ("saudi", "Enter", chosen, "Saudi Arabia (SAU)"),
        ("Ni", "Enter", error, "type more of the name"),
        ("Kenya", "Enter", error, "Kenya (KEN) is not one of your countries"),
        ("Atlantis", "Add", error, 'No country is called "Atlantis"'),
    ]
    for typed, how, where, said in cases:
        picker.fill(typed)
        if how == "Enter":
            picker.press("Enter")
        else:
            page.get_by_role("button", name="Add").click()
        expect(where).to_contain_text(said)
    expect(chosen.locator("li")).to_have_count(2)


def test_values_read_as_words_and_actions_are_named_by_what_they_do(server, page):
    sign_in(page, server, "manager")
    page.goto(f"{server.base}/#/activity/{RIYADH}")
    page.get_by_role("heading", name="History").wait_for()
    text = page.locator("#main").inner_text()
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), "a raw vocabulary word"
    assert '{"' not in text, "a raw JSON value"
    assert not re.search(r"\b\d{5,}\.\d\d\b", text), "an amount without thousands separators"
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", page.locator(".facts").inner_text()), "a date in another format"
    summaries = page.locator(".action > summary").all_inner_texts()
    assert "Correct" not in summaries, "a correction says what it corrects"
    assert "Amend the delivery, with a reason" in summaries, summaries


def test_a_donor_sees_no_next_step_column(server, page):
    sign_in(page, server, "donor")
    page.goto(server.base + "/#/activities")
    page.locator("#list-title").wait_for()
    expect(page.locator("th", has_text="Next step")).to_have_count(0)
