"""The app's shell in the reader's language (issue 27): Project Fluent catalogues for English,
French and Spanish, and Arabic to show the shell right to left. The language is the browser's
first known one until the header's menu chooses another, kept on the device. Only the shell is
translated in Arabic (navigation, sign-in, sign-out, offline notice, outbox): there, the pages'
own words stay English, marked so.
"""

import re

from playwright.sync_api import expect

from conftest import screenshot


def test_the_shell_reads_in_the_browser_language_then_in_the_one_chosen(server, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    html = page.locator("html")
    nav = page.locator("#nav")
    try:
        # A French browser: the sign-in page in French.
        page.goto(server.base + "/#/signin")
        expect(html).to_have_attribute("lang", "fr")
        expect(html).to_have_attribute("dir", "ltr")
        expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
        expect(page).to_have_title("Connexion – tatrack")
        expect(page.get_by_role("link", name="Aller au contenu")).to_be_attached()
        token = page.get_by_label("Votre jeton d’accès")
        expect(token).to_be_visible()
        screenshot(page, "shell-fr-signin", server)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_text("Collez d’abord votre jeton.")).to_be_visible()

        # Signed in as the adviser: the navigation in French, and her page too.
        token.fill(server.tokens["adviser"])
        page.get_by_role("button", name="Se connecter").click()
        expect(nav.get_by_role("link", name="Mes activités")).to_be_visible()
        expect(nav.get_by_role("link", name="Planifier une activité")).to_be_visible()
        expect(nav.get_by_role("button", name="Se déconnecter")).to_be_visible()
        expect(page.locator(".who")).to_have_text("amina.k (conseiller)")
        page.get_by_role("heading", level=1, name=re.compile("^Mes activités")).wait_for()
        page.goto(server.base + "/#/outbox")
        expect(page.get_by_role("heading", level=1)).to_have_text("Conservé sur cet appareil")
        expect(page.get_by_text("Rien n’attend : tout a été envoyé.")).to_be_visible()
        screenshot(page, "shell-fr", server)

        # Español, chosen in the header's menu: the shell in Spanish, still after a reload.
        page.get_by_label("Langue").select_option(label="Español")
        expect(html).to_have_attribute("lang", "es")
        expect(nav.get_by_role("link", name="Mis actividades")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Guardado en este dispositivo")
        page.reload()
        expect(html).to_have_attribute("lang", "es")
        expect(nav.get_by_role("link", name="Mis actividades")).to_be_visible()
        expect(nav.get_by_role("button", name="Cerrar sesión")).to_be_visible()
        expect(page.get_by_label("Idioma")).to_have_value("es")
        screenshot(page, "shell-es", server)

        # العربية: the shell right to left, nothing wider than a phone.
        page.get_by_label("Idioma").select_option(label="العربية")
        expect(html).to_have_attribute("dir", "rtl")
        expect(html).to_have_attribute("lang", "ar")
        expect(nav.get_by_role("link", name="أنشطتي")).to_be_visible()
        expect(nav.get_by_role("button", name="تسجيل الخروج")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("محفوظ على هذا الجهاز")
        expect(page.locator("#main")).not_to_have_attribute("dir", "ltr")
        page.set_viewport_size({"width": 360, "height": 800})
        page.wait_for_timeout(150)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"the page is {width} px wide at 360 px"
        page.goto(server.base + "/#/activities")
        page.get_by_role("heading", level=1, name=re.compile("^My activities")).wait_for()
        # A page not yet translated is marked English, left to right, inside the Arabic shell.
        expect(page.locator("#main")).to_have_attribute("lang", "en")
        expect(page.locator("#main")).to_have_attribute("dir", "ltr")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"the adviser's list is {width} px wide at 360 px"
        page.set_viewport_size({"width": 1280, "height": 900})
        screenshot(page, "shell-ar", server)

        # Signed out, the sign-in page in Arabic too.
        nav.get_by_role("button", name="تسجيل الخروج").click()
        expect(page.get_by_label("رمز الدخول الخاص بك")).to_be_visible()
        expect(html).to_have_attribute("dir", "rtl")
        screenshot(page, "shell-ar-signin", server)
        assert not errors, f"the page threw: {errors}"
    finally:
        context.close()
