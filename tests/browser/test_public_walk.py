"""A visitor walks from the home page to Polo TNT's partners under the site's real CSP, by mouse,
keyboard and on a phone, and the browser reports nothing wrong on the way."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TNT = "Polo TNT – Toscana Nord Turismo"


def test_home_to_tnt_partners(demo_page):
    page, problems = demo_page
    main = page.locator("main")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("I Poli Tecnico Professionali")
    expect(main.get_by_role("heading", name="Le 6 filiere")).to_be_visible()
    expect(main.get_by_role("table", name="Poli per provincia")).to_contain_text("Massa-Carrara")

    page.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="I poli"
    ).click()
    expect(page).to_have_url(re.compile(r"/poli/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("I Poli Tecnico Professionali")
    expect(main.get_by_role("status")).to_have_text("25 poli trovati")

    main.get_by_role("link", name=TNT).click()
    expect(page).to_have_url(re.compile(r"/poli/tnt/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TNT)
    expect(main).to_contain_text("Massa-Carrara")
    expect(main).to_contain_text(
        "13 soggetti: 5 scuole, 4 aziende, 3 agenzie formative, 1 associazione di categoria"
    )
    expect(main.get_by_role("link", name='I.I.S. "E. Barsanti"').first).to_be_visible()

    main.get_by_role("link", name="Tutti i partner").click()
    expect(page).to_have_url(re.compile(r"/poli/tnt/partner/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"I partner del {TNT}")
    expect(main.get_by_role("heading", name=re.compile(r"^Scuole"))).to_contain_text("5")
    expect(main.get_by_role("link", name="Confesercenti Nord Toscana")).to_be_visible()

    assert problems.found() == {}


def test_skip_link_moves_focus_to_main(open_page, live_server):
    page, problems = open_page(live_server.url)
    page.goto("/privacy/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Vai al contenuto principale")
    box = skip_link.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10, "skip link stays hidden"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues from the content, not from the header.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Pagina iniziale")  # the breadcrumb's first link

    assert problems.found() == {}


def test_menu_works_on_a_phone_by_keyboard(open_page, live_server):
    # Bootstrap Italia's script is the only one on public pages: its menu must work under the CSP.
    page, problems = open_page(live_server.url, viewport=PHONE)
    page.goto("/")
    toggler = page.get_by_role("button", name="Mostra o nascondi il menu")
    menu_link = page.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="I poli"
    )
    expect(menu_link).to_be_hidden()

    toggler.focus()
    page.keyboard.press("Enter")
    # Once open, the menu is a modal dialog holding the focus, starting from its close button.
    expect(page.get_by_role("button", name="Chiudi il menu")).to_be_focused()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()

    page.keyboard.press("Escape")
    expect(menu_link).to_be_hidden()
    expect(toggler).to_be_focused()
    expect(toggler).to_have_attribute("aria-expanded", "false")

    assert problems.found() == {}


def test_login_page_shows_the_site_name(open_page, live_server):
    page, _ = open_page(live_server.url)
    page.goto("/accedi/")
    expect(page.locator(".it-brand-title")).to_have_text("Rete PTP", timeout=1000)


def test_a_family_finds_a_hospitality_programme_near_massa(demo_page):
    page, problems = demo_page
    main = page.locator("main")

    page.goto("/")
    page.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Offerta formativa"
    ).click()
    page.get_by_label("Cerca per parola").fill("alberghiera")
    page.get_by_role("button", name="Cerca", exact=True).click()
    main.get_by_role("region", name="Provincia").get_by_role("link", name="Massa-Carrara").click()

    expect(page).to_have_url(re.compile(r"provincia=massa-carrara"))
    card = main.get_by_role(
        "link", name=re.compile("Enogastronomia e ospitalità alberghiera")
    ).first
    expect(card).to_be_visible()
    card.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Enogastronomia e ospitalità alberghiera"
    )
    expect(main.get_by_role("table", name="Edizioni del percorso")).to_contain_text("Carrara")

    assert problems.found() == {}


def test_the_skill_picker_suggests_and_filters_by_keyboard(demo_page):
    page, problems = demo_page
    page.goto("/offerta-formativa/")

    picker = page.get_by_role("combobox", name="Competenza")
    picker.press_sequentially("prenot", delay=30)
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    expect(picker).to_have_attribute("aria-expanded", "true")
    picker.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    picker.press("Enter")

    expect(page).to_have_url(re.compile(r"competenza=\d+"))
    expect(page.locator("main").get_by_text("Filtri attivi:")).to_be_visible()

    assert problems.found() == {}
