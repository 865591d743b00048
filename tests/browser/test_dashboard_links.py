"""Every number on a dashboard opens the list of exactly the activities behind it.

Each link of a dashboard is followed; the list it opens is read to its end ("Show more" until
there is no more), and its activities (counted, or their parts added up) must give the number
the link carried. A list that differs from its figure fails the test.
"""

import re
from decimal import Decimal

from playwright.sync_api import expect

from conftest import screenshot, sign_in


def figures_on(page):
    """Each link of the dashboard to a list, with the number it shows: (href, text)."""
    links = page.locator("main a[href^='#/activities']")
    return links.evaluate_all("(as) => as.map((a) => [a.getAttribute('href'), a.textContent])")


def number(text):
    """A dashboard's number as written ("1,234" or "7,750,000.00") as a Decimal."""
    return Decimal(text.replace(",", "").strip())


def read_the_whole_list(page):
    """The rows of the list (every page of it) and the parts they add to the figure."""
    expect(page.locator("#shown")).to_be_visible()
    more = page.get_by_role("button", name="Show more")
    while more.count():
        shown = page.locator("#shown").inner_text()
        more.click()
        expect(page.locator("#shown")).not_to_have_text(shown)
    rows = page.locator("section[aria-labelledby=list-title] tbody tr")
    parts = page.locator("section[aria-labelledby=list-title] td.part").all_inner_texts()
    return rows.count(), [number(p.split(" ")[0]) for p in parts]


def follow_every_figure(page, server, dashboard):
    page.goto(f"{server.base}/{dashboard}")
    expect(page.locator("#total-activities")).to_be_visible()
    expect(page.locator("#map svg")).to_be_visible()
    figures = figures_on(page)
    assert len(figures) >= 8, figures
    followed = 0
    for href, text in figures:
        figure = number(text)
        # A fresh load, so that nothing of the page before is read as the list.
        page.goto("about:blank")
        page.goto(f"{server.base}/{href}")
        count, parts = read_the_whole_list(page)
        if parts:
            assert sum(parts) == figure, f"{href}: the parts {parts} add up to {sum(parts)}, the figure says {figure}"
            assert all(part > 0 for part in parts), f"{href}: an activity adds nothing: {parts}"
        else:
            assert count == figure, f"{href}: {count} activities listed, the figure says {figure}"
        if "figure=" in href:
            expect(page.locator("#figure")).to_contain_text("The dashboard figure")
        followed += 1
    return followed


def test_every_dashboard_number_lists_exactly_the_activities_behind_it(server, page):
    # A manager's country and programme dashboards over two years (months included), and a
    # donor's own.
    sign_in(page, server, "manager")
    programme = server.api("/api/v1/programmes")[0]["id"]
    busiest = max(server.api("/api/v1/countries"), key=lambda c: c["activities"])["country"]
    followed = 0
    for dashboard in [
        f"#/dashboard?scope=country&id={busiest}&from=2019-01-01&to=2020-12-31",
        f"#/dashboard?scope=programme&id={programme}",
    ]:
        followed += follow_every_figure(page, server, dashboard)

    # The list names its figure and what each activity adds to it.
    page.goto(f"{server.base}/#/activities?country={busiest}&figure=female")
    expect(page.locator("#figure")).to_contain_text("“Women”")
    expect(page.get_by_role("columnheader", name="Women")).to_be_visible()
    screenshot(page, "figure-list", server)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, "donor")
    followed += follow_every_figure(page, server, "#/dashboard?scope=donor&id=European%20Union&from=2019-01-01&to=2019-12-31")
    assert followed >= 30, followed
