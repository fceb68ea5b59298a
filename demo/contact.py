"""Demo content of the enquiry form: the "ask about the mark" page in both languages, linked
from the "how to apply" page. Safe to run again: what exists is left as it is."""

from contact.models import ContactFormField, ContactFormPage
from home.models import EditorialPage, HomePage
from infrastructure.localization import publish_translation

from .tools import Rich, T, in_language, italian, translations

SLUG = T("chiedi-del-marchio", "ask-about-the-mark")

PAGE = {
    "title": T("Chiedi informazioni sul marchio", "Ask about the mark"),
    "slug": SLUG,
    "introduction": T(
        "Vuoi sapere se la tua cooperativa può ottenere il marchio Impact, o come presentare "
        "la domanda? Scrivici: ti risponde l'ufficio di Confcooperative Bergamo che segue il "
        "registro.",
        "Would you like to know whether your cooperative can obtain the Impact mark, or how to "
        "apply? Write to us: the Confcooperative Bergamo office that keeps the register will "
        "answer.",
    ),
    "thank_you_text": Rich(
        T(
            "Grazie, abbiamo ricevuto la tua richiesta. Ti risponderemo entro cinque giorni "
            "lavorativi all'indirizzo e-mail che ci hai indicato.",
            "Thank you, we have received your request. We will answer within five working days "
            "at the e-mail address you gave us.",
        )
    ),
    "subject": T("Richiesta dal sito: marchio Impact", "Request from the site: Impact mark"),
}

# (field type, label, required, help text, choices)
FIELDS = [
    ("singleline", T("Nome e cognome", "Full name"), True, None, None),
    ("email", T("E-mail", "E-mail"), True, None, None),
    ("singleline", T("Cooperativa", "Cooperative"), False, None, None),
    (
        "dropdown",
        T("Argomento", "Topic"),
        True,
        None,
        T(
            "Requisiti del marchio, Come presentare la domanda, Registro e verifiche, Altro",
            "Requirements of the mark, How to apply, Register and verification, Other",
        ),
    ),
    (
        "multiline",
        T("La tua domanda", "Your question"),
        True,
        T("Al massimo qualche paragrafo.", "A few paragraphs at most."),
        None,
    ),
]

CALL_TO_ACTION = {
    "title": T("Hai una domanda?", "Any questions?"),
    "text": T(
        "Chiedi all'ufficio del registro se la tua cooperativa ha i requisiti o come "
        "preparare la domanda.",
        "Ask the register's office whether your cooperative meets the requirements or how to "
        "prepare the application.",
    ),
    "url": "",
    "button_label": T("Chiedi informazioni", "Ask us"),
}


def _field_strings() -> dict[str, str]:
    strings = {}
    for _kind, label, _required, help_text, choices in FIELDS:
        strings.update(translations([label, help_text, choices]))
    return strings


def _form_page(home: HomePage) -> ContactFormPage:
    existing = ContactFormPage.objects.child_of(home).filter(slug=SLUG.it).first()
    if existing:
        return existing
    privacy = EditorialPage.objects.child_of(home).filter(slug="privacy").first()
    page = ContactFormPage(
        locale=italian(), privacy_page=privacy, show_in_menus=False, **in_language(PAGE, "it")
    )
    page.form_fields = [
        ContactFormField(
            field_type=kind,
            label=label.it,
            required=required,
            help_text=help_text.it if help_text else "",
            choices=choices.it if choices else "",
        )
        for kind, label, required, help_text, choices in FIELDS
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    publish_translation(page, "en", {**translations(PAGE), **_field_strings()})
    return page


def _link_from_how_to_apply(home: HomePage, form_page: ContactFormPage) -> None:
    """A call to action at the end of "how to apply", unless one already leads to the form."""
    apply = EditorialPage.objects.child_of(home).filter(slug="come-aderire").first()
    if apply is None:
        return
    for block in apply.body:
        linked = block.value.get("page") if block.block_type == "call_to_action" else None
        if linked is not None and linked.pk == form_page.pk:
            return
    apply.body.append(("call_to_action", {**in_language(CALL_TO_ACTION, "it"), "page": form_page}))
    apply.save_revision().publish()
    # The page's other texts keep the English translation they already have.
    publish_translation(apply, "en", translations(CALL_TO_ACTION))


def load() -> None:
    home = HomePage.objects.get(locale=italian())
    form_page = _form_page(home)
    _link_from_how_to_apply(home, form_page)
