"""The demo's accessibility statement, in both languages, after the AgID model.

The model's sections in order: conformity status, content that is not accessible, how the
statement was prepared, feedback and the enforcement procedure, the body responsible. The
status is stated as it is: automated and keyboard checks pass on every page type, but no full
audit with assistive technologies has been made yet and some content comes from others.
"""

from collections.abc import Iterable

from wagtail_localize.strings import extract_strings

from .tools import Rich, T

FEEDBACK_EMAIL = "registro.impact@example.org"
AGID_FORM = "https://form.agid.gov.it/"
STATEMENT_DATE = T("24 novembre 2026", "24 November 2026")


class Html(Rich):
    """Rich text written as HTML in both languages, links included (their targets are shared).

    wagtail-localize translates rich text one segment (paragraph, list item) at a time, with
    links as numbered placeholders; `strings` pairs the segments of the two versions.
    """

    def html(self, language: str) -> str:
        return "".join(getattr(part, language) for part in self.parts)

    def strings(self) -> Iterable[T]:
        for part in self.parts:
            _template, italian = extract_strings(part.it)
            _template, english = extract_strings(part.en)
            if len(italian) != len(english):
                raise ValueError(f"The two versions differ in shape: {part.it!r}")
            for (source, _attrs), (target, _attrs) in zip(italian, english, strict=True):
                yield T(source.data, target.data)


def heading(it: str, en: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": T(it, en), "level": level})


INTRODUCTION = T(
    "Confcooperative Bergamo si impegna a rendere accessibile il proprio sito web, in conformità "
    "alla legge 9 gennaio 2004, n. 4. Questa dichiarazione si applica al sito registroimpact.it, "
    "in italiano e in inglese.",
    "Confcooperative Bergamo is committed to making its website accessible, in accordance with "
    "Italian Law no. 4 of 9 January 2004. This statement applies to the registroimpact.it "
    "website, in Italian and in English.",
)

BODY = [
    heading("Stato di conformità", "Compliance status"),
    (
        "paragraph",
        Html(
            T(
                "<p>Questo sito web è <b>parzialmente conforme</b> ai requisiti dell'allegato A "
                "della norma UNI CEI EN 301549, che corrispondono alle WCAG 2.1 di livello AA, "
                "per i motivi elencati qui sotto.</p>",
                "<p>This website is <b>partially compliant</b> with the requirements of annex A "
                "of the UNI CEI EN 301549 standard, which correspond to WCAG 2.1 level AA, for "
                "the reasons listed below.</p>",
            )
        ),
    ),
    heading("Contenuti non accessibili", "Content that is not accessible"),
    heading(
        "Mancata conformità alla legge 4/2004",
        "Non-compliance with Law 4/2004",
        level="h3",
    ),
    (
        "paragraph",
        Html(
            T(
                "<ul>"
                "<li>I documenti allegati alle pagine e alle notizie (PDF e altri formati) sono "
                "spesso preparati da altri e non sono stati controllati uno per uno: alcuni "
                "potrebbero non avere titoli strutturati, testi alternativi o un ordine di "
                "lettura corretto (criteri 1.1.1 e 1.3.1). Su richiesta ne forniamo una versione "
                "accessibile.</li>"
                "<li>I contenuti multimediali incorporati da altre piattaforme, come i video, "
                "potrebbero non avere sottotitoli o trascrizione (criteri 1.2.2 e 1.2.3).</li>"
                "<li>Le pagine non sono ancora state provate in modo completo con i lettori di "
                "schermo e gli altri ausili: per questo non dichiariamo la piena conformità "
                "anche dove le verifiche descritte sotto non trovano problemi.</li>"
                "</ul>",
                "<ul>"
                "<li>Documents attached to pages and news items (PDF and other formats) are often "
                "prepared by others and have not been checked one by one: some may lack "
                "structured headings, text alternatives or a correct reading order (success "
                "criteria 1.1.1 and 1.3.1). We provide an accessible version on request.</li>"
                "<li>Media embedded from other platforms, such as videos, may lack captions or "
                "a transcript (success criteria 1.2.2 and 1.2.3).</li>"
                "<li>The pages have not yet been fully tested with screen readers and other "
                "assistive technologies: this is why we do not claim full compliance even where "
                "the checks described below find no problem.</li>"
                "</ul>",
            )
        ),
    ),
    heading("Onere sproporzionato", "Disproportionate burden", level="h3"),
    (
        "paragraph",
        Html(
            T(
                "<p>Non invochiamo l'onere sproporzionato per alcun contenuto.</p>",
                "<p>We do not claim a disproportionate burden for any content.</p>",
            )
        ),
    ),
    heading(
        "Contenuti esclusi dall'ambito della legge",
        "Content outside the scope of the law",
        level="h3",
    ),
    (
        "paragraph",
        Html(
            T(
                "<p>I siti web delle cooperative, raggiungibili dalle loro schede nel registro, "
                "appartengono alle cooperative stesse: Confcooperative Bergamo non li sviluppa "
                "né li controlla.</p>",
                "<p>The cooperatives' own websites, linked from their entries in the register, "
                "belong to the cooperatives: Confcooperative Bergamo neither builds nor controls "
                "them.</p>",
            )
        ),
    ),
    heading("Redazione della dichiarazione", "How this statement was prepared"),
    (
        "paragraph",
        Html(
            T(
                f"<p>La dichiarazione è stata redatta il {STATEMENT_DATE.it} con una "
                "autovalutazione di Confcooperative Bergamo e riesaminata l'ultima volta nella "
                "stessa data.</p>"
                "<p>A ogni modifica del sito, prove automatiche in un browser reale controllano "
                "ogni tipo di pagina, in italiano e in inglese, alla larghezza di un telefono e "
                "di un computer: le regole WCAG 2.1 di livello A e AA con lo strumento axe-core, "
                "l'uso con la sola tastiera (ordine del focus, focus visibile, nessuna "
                "trappola), i percorsi principali del registro anche senza JavaScript. "
                "Contrasto dei colori, titoli e alternative testuali sono stati rivisti anche a "
                "mano.</p>",
                f"<p>This statement was prepared on {STATEMENT_DATE.en} through a "
                "self-assessment by Confcooperative Bergamo and last reviewed on the same "
                "date.</p>"
                "<p>Whenever the site changes, automated tests in a real browser check every "
                "kind of page, in Italian and in English, at the width of a phone and of a "
                "computer: the WCAG 2.1 level A and AA rules with the axe-core tool, use with "
                "the keyboard alone (focus order, visible focus, no trap), and the main journeys "
                "through the register without JavaScript too. Colour contrast, headings and "
                "text alternatives were also reviewed by hand.</p>",
            )
        ),
    ),
    heading("Segnalazioni e contatti", "Feedback and contact information"),
    (
        "paragraph",
        Html(
            T(
                "<p>Se incontri un ostacolo o un contenuto che non riesci a usare, scrivici a "
                f'<a href="mailto:{FEEDBACK_EMAIL}">{FEEDBACK_EMAIL}</a> indicando la pagina e '
                "il problema: rispondiamo entro 30 giorni e, se serve, ti inviamo le "
                "informazioni in un formato accessibile.</p>"
                "<p>Se la risposta non arriva entro 30 giorni, o non ti soddisfa, puoi "
                "rivolgerti ad AgID, l'Agenzia per l'Italia Digitale, con la "
                f'<a href="{AGID_FORM}">procedura di attuazione (form.agid.gov.it)</a>.</p>',
                "<p>If you meet an obstacle or content you cannot use, write to us at "
                f'<a href="mailto:{FEEDBACK_EMAIL}">{FEEDBACK_EMAIL}</a> saying which page and '
                "what the problem is: we answer within 30 days and, where needed, send you the "
                "information in an accessible format.</p>"
                "<p>If no answer arrives within 30 days, or it does not satisfy you, you can "
                "turn to AgID, the Agency for Digital Italy, through its "
                f'<a href="{AGID_FORM}">enforcement procedure (form.agid.gov.it)</a>.</p>',
            )
        ),
    ),
    heading("Soggetto responsabile", "Responsible body"),
    (
        "paragraph",
        Html(
            T(
                "<p>Confcooperative Bergamo, Via Serassi 7, 24124 Bergamo, che tiene il registro "
                "e cura questo sito.</p>",
                "<p>Confcooperative Bergamo, Via Serassi 7, 24124 Bergamo, which keeps the "
                "register and runs this website.</p>",
            )
        ),
    ),
]
