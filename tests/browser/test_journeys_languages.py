"""The adviser's journey in French and in Spanish (issue 27): she plans an activity, funds it
with an amount typed as her language writes it, records its delivery and participants, and
reports it, every page in her language, the mistakes she makes said beside their fields in it.
Then each of the adviser's pages is saved as a screenshot in English, French and Spanish.

The steps go through the pages only; the REST API is read afterwards to check what they did.
"""

import re
import secrets

import pytest
from playwright.sync_api import expect

from conftest import screenshot
from test_imports import past_file
from test_offline import installed

# The words each language shows, as its catalogue (i18n/catalogues/<language>/) writes them.
WORDS = {
    "fr": {
        "token": "Votre jeton d’accès", "sign_in": "Se connecter", "sign_out": "Se déconnecter",
        "mine": "Mes activités", "plan": "Planifier une activité", "submit_plan": "Planifier l’activité",
        "programme": "Programme", "kind": "Type", "title": "Titre", "countries": "Pays", "bolivia": "Bolivie", "add": "Ajouter",
        "location": "Lieu", "start": "Début prévu", "end": "Fin prévue",
        "missing_title": "Donnez un titre à l’activité.",
        "missing_location": "Indiquez où elle se déroule : une ville, un lieu de réunion, ou « en ligne ».",
        "end_before_start": "La fin prévue précède le début prévu.",
        "not_yours": "Kenya (KEN) ne fait pas partie de vos pays",
        "actions": "Ce que vous pouvez faire maintenant", "history": "Historique",
        "fund": "Attribuer un financement", "donor": "Bailleur de fonds", "currency": "Devise", "amount": "Montant",
        "amount_hint": "Jusqu’à 2 décimales pour EUR.",
        "amount_typed": "7 750 000,00", "amount_wrong": "1,255",
        "amount_invalid": "Saisissez le montant avec au plus 2 décimales, par exemple 1\u202f500,00.",
        "deliver": "Enregistrer la réalisation", "participants": "Enregistrer les participants",
        "women": "Femmes", "men": "Hommes", "police": "Police",
        "total": "Total : 20 participants", "too_many": "Le total par institution (30) dépasse le nombre de participants (20).",
        "report": "Établir le rapport et verrouiller", "locks": "Participants : 20",
        "version": "Version", "kept_hint": "Conservé dans l’historique",
        "output": "Enregistrer un produit", "output_kind": "Type de produit", "description": "Description",
        "pending": "Affichée telle qu’elle sera une fois envoyée la modification conservée sur cet appareil.",
        "waiting": "en attente d’envoi", "kept": "Conservé sur cet appareil (1)",
        "import": "Importer des activités passées", "check": "Vérifier le fichier",
        "file_missing": "Choisissez le fichier CSV ou XLSX à importer.", "file": "Votre fichier (CSV ou XLSX)",
        "checked": "3 lignes vérifiées : 2 peuvent être importées, 1 avec des problèmes. Rien n’a été écrit.",
        "invalid": "Problèmes : non écrite", "column": "Début prévu (colonne planned_start) : ",
        "figure": "Le chiffre du tableau de bord « Femmes » : ", "needs": "À faire", "next_step": "Prochaine étape", "filters": "Filtrer la liste",
    },
    "es": {
        "token": "Su token de acceso", "sign_in": "Iniciar sesión", "sign_out": "Cerrar sesión",
        "mine": "Mis actividades", "plan": "Planificar una actividad", "submit_plan": "Planificar la actividad",
        "programme": "Programa", "kind": "Tipo", "title": "Título", "countries": "Países", "bolivia": "Bolivia", "add": "Añadir",
        "location": "Lugar", "start": "Inicio previsto", "end": "Fin previsto",
        "missing_title": "Dé un título a la actividad.",
        "missing_location": "Indique dónde tiene lugar: una ciudad, una sede o «en línea».",
        "end_before_start": "El fin previsto es anterior al inicio previsto.",
        "not_yours": "Kenya (KEN) no es uno de sus países",
        "actions": "Lo que puede hacer ahora", "history": "Historial",
        "fund": "Atribuir financiación", "donor": "Donante", "currency": "Moneda", "amount": "Importe",
        "amount_hint": "Hasta 2 decimales para EUR.",
        "amount_typed": "7.750.000,00", "amount_wrong": "1,255",
        "amount_invalid": "Escriba el importe con 2 decimales como máximo, por ejemplo 1.500,00.",
        "deliver": "Registrar la ejecución", "participants": "Registrar los participantes",
        "women": "Mujeres", "men": "Hombres", "police": "Policía",
        "total": "Total: 20 participantes", "too_many": "Las instituciones suman 30, más que los 20 participantes.",
        "report": "Presentar el informe y bloquear", "locks": "Participantes: 20",
        "version": "Versión", "kept_hint": "Se conserva en el historial",
        "output": "Registrar un producto", "output_kind": "Tipo de producto", "description": "Descripción",
        "pending": "Se muestra tal como quedará una vez enviado el cambio guardado en este dispositivo.",
        "waiting": "pendiente de envío", "kept": "Guardado en este dispositivo (1)",
        "import": "Importar actividades pasadas", "check": "Comprobar el archivo",
        "file_missing": "Elija el archivo CSV o XLSX que desea importar.", "file": "Su archivo (CSV o XLSX)",
        "checked": "3 filas comprobadas: 2 se pueden importar, 1 con problemas. No se escribió nada.",
        "invalid": "Tiene problemas: no se escribió", "column": "Inicio previsto (columna planned_start): ",
        "figure": "La cifra del panel «Mujeres»: ", "needs": "Pendiente", "next_step": "Próximo paso", "filters": "Filtrar la lista",
    },
}


@pytest.fixture
def errors():
    return []


def open_in(browser, language, errors, width=1280):
    """A page whose app shows `language` from the first load (the choice kept on the device)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('tatrack.language', '{language}')")
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page


def sign_in_in(page, server, words):
    """Signs the adviser in on a sign-in page shown in her language."""
    page.goto(server.base + "/#/signin")
    page.get_by_label(words["token"]).fill(server.tokens["adviser"])
    page.get_by_role("button", name=words["sign_in"]).click()
    page.get_by_role("button", name=words["sign_out"]).wait_for()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["mine"])


def open_action(page, name):
    """Opens the action form summarised `name` on the activity page; answers the form."""
    details = page.locator("details.action", has=page.locator("summary", has_text=name))
    details.locator("summary").click()
    return details.locator("form")


def error_of(scope, name):
    return scope.locator(f'[data-field="{name}"] .error')


def submit_and_wait_version(page, form, words, version):
    form.locator("button[type=submit]").click()
    expect(page.locator(".facts")).to_contain_text(f"{words['version']}{version}")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_adviser_plans_funds_delivers_and_reports_in_her_language(server, browser, errors, language):
    words = WORDS[language]
    context, page = open_in(browser, language, errors)
    try:
        sign_in_in(page, server, words)
        expect(page.locator("#main")).not_to_have_attribute("lang", "en")
        page.locator("#main").get_by_role("link", name=words["plan"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(words["plan"])

        # Nothing filled: every missing value, in her language, beside its field.
        page.get_by_role("button", name=words["submit_plan"]).click()
        expect(error_of(page, "title")).to_have_text(words["missing_title"])
        expect(error_of(page, "location")).to_have_text(words["missing_location"])
        # A country outside her scope, refused by name at once.
        page.get_by_role("combobox", name=words["countries"]).fill("Kenya")
        page.get_by_role("button", name=words["add"]).click()
        expect(error_of(page, "countries")).to_contain_text(words["not_yours"])

        title = f"Formation {language} {secrets.token_hex(3)}"
        page.get_by_label(words["programme"]).select_option(label="GLOFIREARMS – Global Firearms Programme")
        page.get_by_label(words["kind"], exact=True).select_option("training")
        page.get_by_label(words["title"], exact=True).fill(title)
        # The country by its name in her language (the vocabulary names it so).
        page.get_by_role("combobox", name=words["countries"]).fill(words["bolivia"])
        page.get_by_role("button", name=words["add"]).click()
        page.get_by_label(words["location"], exact=True).fill("La Paz")
        # The end before the start: said beside the end, before anything is sent.
        page.get_by_label(words["start"]).fill("2024-03-07")
        page.get_by_label(words["end"]).fill("2024-03-04")
        page.get_by_role("button", name=words["submit_plan"]).click()
        expect(error_of(page, "planned_end")).to_have_text(words["end_before_start"])
        expect(error_of(page, "title")).to_be_hidden()
        screenshot(page, f"lang-{language}-plan-errors", server)
        page.get_by_label(words["end"]).fill("2024-03-08")
        page.get_by_role("button", name=words["submit_plan"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        activity_id = page.url.rsplit("/", 1)[1]
        expect(page.get_by_role("heading", level=2, name=words["actions"])).to_be_visible()
        expect(page.get_by_role("heading", level=2, name=words["history"])).to_be_visible()

        # Funding typed as her language writes amounts; a third decimal refused beside the amount.
        form = open_action(page, words["fund"])
        form.get_by_label(words["donor"]).fill("European Union")
        form.get_by_label(words["currency"]).select_option("EUR")
        expect(form.locator('[data-field="amount"] .hint')).to_have_text(words["amount_hint"])
        form.get_by_label(words["amount"]).fill(words["amount_wrong"])
        form.locator("button[type=submit]").click()
        expect(error_of(form, "amount")).to_have_text(words["amount_invalid"])
        form.get_by_label(words["amount"]).fill(words["amount_typed"])
        submit_and_wait_version(page, form, words, 2)

        submit_and_wait_version(page, open_action(page, words["deliver"]), words, 3)

        # Participants: the total as typed, and a breakdown larger than it said beside it.
        form = open_action(page, words["participants"])
        form.get_by_label(words["women"], exact=True).fill("11")
        form.get_by_label(words["men"], exact=True).fill("9")
        expect(form.locator(".total")).to_have_text(words["total"])
        form.get_by_label(words["police"], exact=True).fill("30")
        expect(form.locator('fieldset[data-field="by_institution"] > .error')).to_have_text(words["too_many"])
        form.get_by_label(words["police"], exact=True).fill("12")
        expect(form.locator('fieldset[data-field="by_institution"] > .error')).to_be_hidden()
        submit_and_wait_version(page, form, words, 4)

        # Offline, an output is kept on the device; the page says so in her language, then sends it.
        installed(page)
        context.set_offline(True)
        form = open_action(page, words["output"])
        form.get_by_label(words["output_kind"]).select_option("manual_published")
        form.get_by_label(words["description"], exact=True).fill("Manuel / manual")
        form.locator("button[type=submit]").click()
        expect(page.locator(".notice.pending")).to_have_text(words["pending"])
        expect(page.locator(".facts")).to_contain_text(words["waiting"])
        expect(page.locator("#waiting summary")).to_have_text(words["kept"])
        screenshot(page, f"lang-{language}-kept", server)
        context.set_offline(False)
        expect(page.locator(".facts")).to_contain_text(f"{words['version']}5", timeout=15000)
        expect(page.locator(".notice.pending")).to_have_count(0)

        form = open_action(page, words["report"])
        expect(form).to_contain_text(words["locks"])
        screenshot(page, f"lang-{language}-report", server)
        submit_and_wait_version(page, form, words, 6)
        expect(page.locator(".facts .badge")).to_have_class(re.compile(r"\breported\b"))
        screenshot(page, f"lang-{language}-activity", server)

        state = server.api(f"/api/v1/activities/{activity_id}")
        assert state["status"] == "reported"
        assert state["countries"] == ["BOL"] and state["location"] == "La Paz"
        assert state["funding"][0]["amount"] == "7750000.00" and state["funding"][0]["currency"] == "EUR"
        assert (state["participants"]["female"], state["participants"]["male"]) == (11, 9)
        assert state["participants"]["by_institution"] == {"police": 12}
        assert [(o["kind"], o["description"]) for o in state["outputs"]] == [("manual_published", "Manuel / manual")]
        assert not errors, f"the page threw: {errors}"
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_adviser_page_in_each_language(server, browser, errors, language):
    """Screenshots of the adviser's pages (360 and 1280 px), nothing wider than a phone."""
    words = WORDS.get(language)
    context, page = open_in(browser, language, errors, width=360)
    try:
        if words:
            sign_in_in(page, server, words)
        else:
            page.goto(server.base + "/#/signin")
            page.get_by_label("Your access token").fill(server.tokens["adviser"])
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("My activities")
        main = page.locator("#main")
        page.locator("#needs-doing").wait_for()
        if words:
            expect(page.locator("#needs-title")).to_contain_text(words["needs"])
            expect(page.locator("#needs-doing td[data-label]").first).to_be_visible()
            expect(main.locator(f"td[data-label='{words['next_step']}']").first).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        screenshot(page, f"lang-{language}-my-activities", server)

        page.goto(server.base + "/#/plan")
        plan = main.locator("form.card", has=page.locator('[data-field="planned_start"]'))
        plan.locator("button[type=submit]").click()
        expect(page.locator('[data-field="title"] .error')).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        screenshot(page, f"lang-{language}-plan", server)

        # The list a dashboard's figure opens names the figure.
        if words:
            page.goto(server.base + "/#/activities?figure=female")
            expect(page.locator("#figure")).to_contain_text(words["figure"])

        # A demo activity of hers, its actions open.
        page.goto(server.base + "/#/activities?status=delivered")
        main.locator("table a").first.click()
        main.locator("details.action").first.wait_for()
        for summary in main.locator("details.action > summary").all()[:3]:
            summary.click()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        screenshot(page, f"lang-{language}-activity", server)

        page.goto(server.base + "/#/import")
        chooser = main.locator("form.card", has=page.locator("input[type=file]"))
        chooser.locator("button[type=submit]").click()
        if words:
            expect(page.get_by_role("heading", level=1)).to_have_text(words["import"])
            expect(error_of(page, "file")).to_have_text(words["file_missing"])
            # A file with a wrong date: the outcome in her words, the column as she knows it and
            # as the file names it.
            data = past_file(secrets.token_hex(4), "2019-31-10")
            page.get_by_label(words["file"]).set_input_files(files=[{"name": "past.csv", "mimeType": "text/csv", "buffer": data}])
            chooser.locator("button[type=submit]").click()
            expect(page.locator("#import-checked")).to_have_text(words["checked"])
            row = page.locator("#import-rows tbody tr").nth(2)
            expect(row.locator("td.outcome")).to_have_text(words["invalid"])
            expect(row.locator(".problems")).to_contain_text(words["column"])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        screenshot(page, f"lang-{language}-import", server)
        assert not errors, f"the page threw: {errors}"
    finally:
        context.close()
