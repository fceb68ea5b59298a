"""Bulk import of cooperatives: the command, the shared rules and the admin's upload flow."""

import csv
import datetime
import io
import os

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from stdnum import luhn
from wagtail.models import ModelLogEntry, Revision
from wagtail.users.models import UserProfile

from register.importing import COLUMNS, plan_import
from register.models import Cooperative, ImportJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site", "demo_vocabulary")]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def vat(number: int, prefix: int = 8_100_000) -> str:
    """A valid, fictional VAT number (office 016, Bergamo), never one the factories make."""
    first_ten = f"{prefix + number:07d}016"
    return first_ten + luhn.calc_check_digit(first_ten)


def bad_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def row(number: int, **values) -> dict:
    return {
        "name": f"Cooperativa Prova Import {number}",
        "vat_number": f"IT{vat(number)}",
        "legal_form": "sociale-b",
        "sectors": "pulizie;logistica",
        "areas": "bg-isola",
        "comune": "Bergamo",
        "postcode": "24121",
        "email": f"info{number}@example.org",
        "audit_passed_on": "14/03/2025",
        "description": "Prima riga & <b>non HTML</b>.\nSeconda riga.",
        **values,
    }


def write_csv(path, rows, *, delimiter=",", encoding="utf-8", columns=None):
    columns = columns or list(rows[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path, *args):
    """The command's output, in English (commands otherwise speak the site's language)."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_cooperatives", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args) -> tuple[str, list[str]]:
    """The error of a refused import and the problems it printed."""
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as excinfo:
        call_command("import_cooperatives", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(excinfo.value), [line for line in err.getvalue().splitlines() if line]


def snapshot():
    content_type = ContentType.objects.get_for_model(Cooperative)
    return (
        Cooperative.objects.count(),
        Revision.objects.filter(base_content_type=content_type).count(),
        ModelLogEntry.objects.filter(content_type=content_type).count(),
    )


def imported(number: int) -> Cooperative:
    return Cooperative.objects.get(vat_number=vat(number), locale__language_code="it")


# Good files --------------------------------------------------------------------------------


def test_good_csv_creates_published_records_with_a_revision(tmp_path):
    path = write_csv(tmp_path / "good.csv", [row(1), row(2, legal_form="lavoro")])

    out, _err = run(path)

    assert "created 2, updated 0, unchanged 0" in out
    cooperative = imported(1)
    assert cooperative.live and not cooperative.has_unpublished_changes
    assert cooperative.latest_revision_id == cooperative.live_revision_id
    assert cooperative.revisions.count() == 1
    assert cooperative.slug == "cooperativa-prova-import-1"
    assert cooperative.locale.language_code == "it"
    assert sorted(cooperative.sectors.values_list("code", flat=True)) == ["logistica", "pulizie"]
    assert list(cooperative.areas.values_list("code", flat=True)) == ["bg-isola"]
    assert cooperative.audit_passed_on == datetime.date(2025, 3, 14)
    assert cooperative.description == (
        "<p>Prima riga &amp; &lt;b&gt;non HTML&lt;/b&gt;.</p><p>Seconda riga.</p>"
    )
    assert cooperative.certification_events.count() == 0  # events are never imported
    # The revision is the record: publishing it again would change nothing.
    as_revision = cooperative.latest_revision.as_object()
    assert as_revision.name == cooperative.name
    assert [s.code for s in as_revision.sectors.all()] == [
        s.code for s in cooperative.sectors.all()
    ]
    actions = set(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Cooperative),
            object_id=str(cooperative.pk),
        ).values_list("action", flat=True)
    )
    assert actions == {"wagtail.create", "wagtail.publish"}
    assert cooperative in Cooperative.objects.search("Prova Import 1")


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "good.csv", [row(1), row(2)])
    run(path)
    before = snapshot()

    out, _err = run(path)

    assert "created 0, updated 0, unchanged 2" in out
    assert snapshot() == before


def test_a_changed_field_updates_the_record_with_a_new_revision(tmp_path):
    run(write_csv(tmp_path / "first.csv", [row(1), row(2)]))
    slug = imported(1).slug

    out, _err = run(
        write_csv(
            tmp_path / "second.csv",
            [row(1, comune="Treviglio", name="Nuovo nome", sectors="trasporti"), row(2)],
        )
    )

    assert "created 0, updated 1, unchanged 1" in out
    cooperative = imported(1)
    assert cooperative.comune == "Treviglio"
    assert cooperative.name == "Nuovo nome"
    assert cooperative.slug == slug  # addresses stay
    assert list(cooperative.sectors.values_list("code", flat=True)) == ["trasporti"]
    assert cooperative.revisions.count() == 2
    assert cooperative.live_revision == cooperative.latest_revision
    assert cooperative.latest_revision.content["comune"] == "Treviglio"
    assert imported(2).revisions.count() == 1
    actions = list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Cooperative),
            object_id=str(cooperative.pk),
        ).values_list("action", flat=True)
    )
    assert {"wagtail.edit", "wagtail.rename"} <= set(actions)
    assert actions.count("wagtail.publish") == 2


def test_update_over_a_draft_warns_and_publishes_the_live_version(tmp_path):
    run(write_csv(tmp_path / "first.csv", [row(1)]))
    draft = imported(1)
    draft.phone = "035 123456"  # edited in the admin, saved as a draft
    draft.save_revision()
    assert imported(1).has_unpublished_changes

    _out, err = run(write_csv(tmp_path / "second.csv", [row(1, comune="Dalmine")]))

    assert "warning: This cooperative has unpublished changes" in err
    cooperative = imported(1)
    assert cooperative.comune == "Dalmine"
    assert cooperative.phone == ""  # the draft was not published…
    assert not cooperative.has_unpublished_changes
    assert cooperative.revisions.count() == 3  # …but it stays in the history
    assert cooperative.latest_revision == cooperative.live_revision


def test_unchanged_text_keeps_the_formatting_made_in_the_admin(tmp_path):
    path = write_csv(tmp_path / "good.csv", [row(1, description="Testo.\n- uno\n- due")])
    run(path)
    cooperative = imported(1)
    assert cooperative.description == "<p>Testo.</p><ul><li>uno</li><li>due</li></ul>"
    formatted = '<p data-block-key="a1">Testo<b>.</b></p><ul><li data-block-key="b">uno</li>'
    formatted += '<li data-block-key="c">due</li></ul>'
    Cooperative.objects.filter(pk=cooperative.pk).update(description=formatted)

    out, _err = run(path)

    assert "unchanged 1" in out
    assert imported(1).description == formatted


def test_semicolon_delimited_csv_with_bom_and_loose_vat_format(tmp_path):
    number = vat(3)
    loose = f"it {number[:5]}.{number[5:]}"
    path = write_csv(
        tmp_path / "excel-it.csv",
        [row(3, vat_number=loose, sectors="pulizie; ristorazione", website="www.esempio.it")],
        delimiter=";",
        encoding="utf-8-sig",
    )
    # Headers in any case.
    path.write_bytes(path.read_bytes().replace(b"vat_number", b"VAT_Number"))

    out, _err = run(path)

    assert "created 1" in out
    cooperative = imported(3)
    assert sorted(cooperative.sectors.values_list("code", flat=True)) == [
        "pulizie",
        "ristorazione",
    ]
    assert cooperative.website == "https://www.esempio.it"


def test_xlsx_with_date_cells_and_numeric_vat(tmp_path):
    leading_zero = vat(4, prefix=123_000)  # starts with 0: Excel drops it from a number
    assert leading_zero.startswith("0")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    values = row(4, vat_number=int(leading_zero), audit_passed_on=datetime.datetime(2025, 1, 31))
    values.update(postcode=24047, workers=12)
    sheet.append(list(values))
    sheet.append(list(values.values()))
    sheet.append([None] * len(values))  # a trailing empty row is skipped
    path = tmp_path / "cooperatives.xlsx"
    workbook.save(path)

    out, _err = run(path)

    assert "created 1, updated 0, unchanged 0" in out
    cooperative = Cooperative.objects.get(vat_number=leading_zero, locale__language_code="it")
    assert cooperative.audit_passed_on == datetime.date(2025, 1, 31)
    assert cooperative.postcode == "24047"
    assert cooperative.workers == 12


def test_dry_run_writes_nothing(tmp_path):
    before = snapshot()

    out, _err = run(write_csv(tmp_path / "good.csv", [row(1), row(2)]), "--dry-run")

    assert "created 2, updated 0, unchanged 0" in out
    assert "dry run: nothing written" in out
    assert snapshot() == before


# Bad files ---------------------------------------------------------------------------------


def test_one_bad_row_writes_nothing_and_lists_every_problem(tmp_path):
    run(write_csv(tmp_path / "existing.csv", [row(1)]))
    before = snapshot()
    rows = [
        row(1, comune="Treviglio"),  # a valid update…
        row(2),  # …and a valid creation, both withheld
        row(
            3,
            vat_number=bad_check_digit(vat(3)),
            sectors="pulizie;pulizia",
            audit_passed_on="31/02/2025",
            email="not-an-address",
        ),
    ]
    path = write_csv(tmp_path / "bad.csv", rows)

    message, problems = run_failing(path)

    assert message == "4 problems found: nothing was imported."
    assert snapshot() == before
    assert imported(1).comune == "Bergamo"
    # Every problem, as file:line:column:reason.
    by_column = {line.split(":")[2]: line for line in problems}
    assert sorted(by_column) == ["audit_passed_on", "email", "sectors", "vat_number"]
    assert all(line.startswith(f"{path}:4:") for line in problems)
    assert "check digit" in by_column["vat_number"]
    assert "“pulizia”" in by_column["sectors"]
    assert "not a real date" in by_column["audit_passed_on"]
    assert "valid email" in by_column["email"]


def test_duplicate_vat_number_in_the_file(tmp_path):
    path = write_csv(tmp_path / "dup.csv", [row(1), row(2), row(1, name="Copia")])

    _message, [problem] = run_failing(path)

    assert problem.startswith(f"{path}:4:vat_number:")
    assert "line 2" in problem
    assert not Cooperative.objects.filter(vat_number__in=[vat(1), vat(2)]).exists()


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("postcode", "2412", "5 digits"),
        ("province", "Bergamo", "Two capital letters"),
        ("legal_form", "cooperativa", "Unknown code “cooperativa”"),
        ("workers", "dieci", "not a whole number"),
        ("members", "-3", "greater than or equal to 0"),
        ("audit_passed_on", "2999-01-01", "in the future"),
        ("ccnl_verified_on", "marzo 2025", "YYYY-MM-DD or DD/MM/YYYY"),
        ("website", "http://", "valid URL"),
        ("fiscal_code", "RSSMRA80A01A794X", "not a valid fiscal code"),
        ("name", "x" * 256, "at most 255 characters"),
        ("comune", " ", "Required"),
        ("vat_number", "IT123", "11 digits"),
    ],
)
def test_cell_problems(tmp_path, column, value, expected):
    path = write_csv(tmp_path / "cells.csv", [row(1, **{column: value})])

    with translation.override("en"):
        plan = plan_import(path.read_bytes(), "cells.csv")

    assert [(p.line, p.column) for p in plan.problems] == [(2, column)]
    assert expected in plan.problems[0].reason


def test_certificate_number_belongs_to_one_cooperative(tmp_path):
    rows = [row(1, certificate_number="imp-1"), row(2, certificate_number="IMP-1")]
    plan = plan_import(write_csv(tmp_path / "cert.csv", rows).read_bytes(), "cert.csv")
    assert [p.format("cert.csv").split(":")[:3] for p in plan.problems] == [
        ["cert.csv", "3", "certificate_number"]
    ]


def test_numbers_are_read_as_the_verification_reads_them(tmp_path):
    """Full-width or other scripts' digits and any dashes, the same reading as everywhere."""
    fullwidth = "ＩＴ" + "".join(chr(0xFF10 + int(digit)) for digit in vat(5))
    rows = [
        row(5, vat_number=fullwidth, certificate_number="imp 2025.0005"),
        row(6, vat_number="IT–" + vat(6), certificate_number="2025-0006"),
    ]
    with translation.override("en"):
        plan = plan_import(write_csv(tmp_path / "n.csv", rows).read_bytes(), "n.csv")
    assert [(p.line, p.column) for p in plan.problems] == [(3, "certificate_number")]
    assert "reads as a VAT number" in plan.problems[0].reason

    run(write_csv(tmp_path / "ok.csv", rows[:1]))
    assert imported(5).certificate_number == "IMP-2025-0005"


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ([c for c in row(1) if c != "comune"], "comune:Required column missing"),
        ([*row(1), "fax"], "fax:Unknown column"),
    ],
)
def test_header_problems(tmp_path, columns, expected):
    rows = [{key: value for key, value in row(1, fax="1").items() if key in columns}]
    path = write_csv(tmp_path / "header.csv", rows, columns=columns)

    with translation.override("en"):
        plan = plan_import(path.read_bytes(), "header.csv")
        [problem] = plan.formatted_problems()
    assert problem.startswith(f"header.csv:1:{expected}")
    _message, problems = run_failing(path)
    assert problems == [f"{path}{problem.removeprefix('header.csv')}"]


def test_missing_description_is_required_only_for_new_cooperatives(tmp_path):
    run(write_csv(tmp_path / "first.csv", [row(1)]))
    columns = [c for c in row(1) if c != "description"]
    rows = [
        {k: v for k, v in row(1, workers="7").items() if k in columns},
        {k: v for k, v in row(2).items() if k in columns},
    ]
    plan = plan_import(
        write_csv(tmp_path / "partial.csv", rows, columns=columns).read_bytes(), "p.csv"
    )
    assert [(p.line, p.column) for p in plan.problems] == [(3, "description")]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "The file is empty."),
        ("blank.csv", b"\r\n  \r\n", "The file is empty."),
        ("header.csv", ",".join(COLUMNS).encode() + b"\r\n", "header row but no cooperatives"),
        ("header2.csv", ";".join(COLUMNS).encode() + b"\r\n;;;\r\n", "but no cooperatives"),
        ("image.csv", PNG, "it looks like a PNG image"),
        ("noise.csv", b"\x01\x02" + os.urandom(2048) + b"\x00\x00", "binary file"),
        ("image.xlsx", PNG, "not an Excel .xlsx file"),
        ("damaged.xlsx", b"PK\x03\x04" + b"\x00" * 200, "cannot be opened as an Excel .xlsx"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 200, "not supported"),
    ],
)
def test_unreadable_files_give_one_clear_error(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()

    message, [problem] = run_failing(path)

    assert message == "1 problem found: nothing was imported."
    assert problem.startswith(f"{path}:1:-:")
    assert expected in problem
    assert snapshot() == before


def test_latin1_csv_is_refused_with_an_encoding_error(tmp_path):
    path = write_csv(
        tmp_path / "latin1.csv",
        [row(1), row(2, comune="Calusco d’Adda", name="Società Cooperativa Però")],
        encoding="cp1252",
    )

    with translation.override("en"):
        plan = plan_import(path.read_bytes(), "latin1.csv")

    [problem] = plan.formatted_problems()
    # The first row and cell with an unreadable character: “Società”, in the name.
    assert problem.startswith("latin1.csv:3:name:The file is not UTF-8 text")
    assert "Societ\N{REPLACEMENT CHARACTER} Cooperativa" in problem
    assert "CSV UTF-8" in problem
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()


def test_the_template_is_a_valid_file(tmp_path):
    from register.admin_views import TEMPLATE_FILE

    plan = plan_import(TEMPLATE_FILE.read_bytes(), TEMPLATE_FILE.name)

    assert plan.is_valid, plan.formatted_problems()
    assert plan.columns == list(COLUMNS)
    assert len(plan.rows) == 2


# Admin -------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def manager(client, django_user_model):
    user = django_user_model.objects.create_superuser("manager", "m@example.org", "pw")
    client.force_login(in_english(user))
    return client


def upload(client, path, **extra):
    with path.open("rb") as handle:
        return client.post(reverse("register_import"), {"file": handle}, **extra)


def the_job() -> ImportJob:
    return ImportJob.objects.get()


def confirm(client, job, **extra):
    return client.post(
        reverse("register_import_job_confirm", args=[job.pk]),
        {"fingerprint": job.fingerprint},
        **extra,
    )


def test_admin_upload_preview_confirm(manager, media, tmp_path):
    response = manager.get(reverse("register_import"))
    assert response.status_code == 200
    assert b"Download the template" in response.content
    path = write_csv(tmp_path / "good.csv", [row(1), row(2)])

    response = upload(manager, path)

    # The file became a job, checked by its task (run at once by the tests' task backend).
    job = the_job()
    assert response.status_code == 302
    assert response.url == reverse("register_import_job", args=[job.pk])
    assert (job.state, job.step, job.counts) == (
        "ready",
        "check",
        {"create": 2, "update": 0, "unchanged": 0},
    )
    preview = manager.get(response.url)
    assert b"Cooperativa Prova Import 1" in preview.content
    assert b"Confirm the import" in preview.content
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()
    assert job.data is not None  # kept, privately, until the import is confirmed or cancelled
    assert not media.exists() or not any(media.rglob("*"))  # never under MEDIA_ROOT

    response = confirm(manager, job)

    assert response.status_code == 302
    assert response.url == reverse("register_import_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, job.step, job.data) == ("done", "import", None)
    cooperative = imported(1)
    assert cooperative.live
    assert cooperative.latest_revision.user.username == "manager"
    assert imported(2).revisions.count() == 1
    # The preview cannot be confirmed twice.
    response = confirm(manager, job, follow=True)
    assert b"can no longer be confirmed" in response.content
    assert imported(2).revisions.count() == 1


def test_admin_confirm_checks_the_register_again(manager, media, tmp_path):
    path = write_csv(tmp_path / "good.csv", [row(1)])
    upload(manager, path)
    job = the_job()
    run(path)  # someone imports the same file in the meantime

    confirm(manager, job)

    job.refresh_from_db()
    # The preview again, with what would now happen, to confirm once more.
    assert job.state == "ready"
    assert job.counts == {"create": 0, "update": 0, "unchanged": 1}
    assert job.report["changed"] is True
    page = manager.get(reverse("register_import_job", args=[job.pk])).content.decode()
    assert "The register has changed since the preview" in page
    assert imported(1).revisions.count() == 1


def test_admin_bad_file_shows_the_report_and_writes_nothing(manager, media, tmp_path):
    before = snapshot()
    path = write_csv(tmp_path / "bad.csv", [row(1), row(2, vat_number=bad_check_digit(vat(2)))])

    response = upload(manager, path, follow=True)

    assert response.status_code == 200
    job = the_job()
    assert (job.state, job.data) == ("failed", None)
    [problem] = response.context["problems"]
    assert (problem["line"], problem["column"]) == (3, "vat_number")
    assert b"check digit" in response.content
    assert b"Nothing was written" in response.content
    assert snapshot() == before


def test_admin_refuses_other_file_types(manager, media, tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(PNG)

    response = upload(manager, path)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_admin_cancel_removes_the_upload(manager, media, tmp_path):
    upload(manager, write_csv(tmp_path / "good.csv", [row(1)]))
    job = the_job()

    response = manager.post(reverse("register_import_job_cancel", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.data) == ("cancelled", None)
    assert confirm(manager, job).status_code == 302
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()


def test_admin_template_download(manager):
    response = manager.get(reverse("register_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbfname;vat_number;")


def test_admin_menu_has_the_import_for_managers(manager):
    response = manager.get(reverse("wagtailadmin_home"))
    assert reverse("register_import").encode() in response.content


def test_admin_import_needs_add_and_change_permissions(client, django_user_model, tmp_path):
    editor = in_english(django_user_model.objects.create_user("editor", "e@example.org", "pw"))
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_cooperative"),
    )
    client.force_login(editor)

    for response in (
        client.get(reverse("register_import")),
        upload(client, write_csv(tmp_path / "good.csv", [row(1)])),
        client.get(reverse("register_import_jobs")),
    ):
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("register_import").encode() not in response.content

    editor.user_permissions.add(Permission.objects.get(codename="add_cooperative"))
    editor = django_user_model.objects.get(pk=editor.pk)  # no cached permissions
    client.force_login(editor)
    assert client.get(reverse("register_import")).status_code == 200


def test_admin_import_is_not_public(client):
    response = client.get(reverse("register_import"))
    assert response.status_code == 302
    assert "login" in response.url


# The first issue of the mark --------------------------------------------------------------


def day(offset: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=offset)


def certified(number: int, issued: int = -30, until: int = 1000, **values) -> dict:
    """A row that also gives the first issue of the mark, in days from today."""
    certification = {
        "certificate_number": f"IMP-PROVA-{number:04d}",
        "issued_on": day(issued).strftime("%d/%m/%Y"),
        "valid_until": day(until).isoformat(),
    }
    return row(number, **{**certification, **values})


def test_the_issue_in_the_file_is_recorded_and_makes_the_cooperative_public(client, tmp_path):
    rows = [
        certified(1),
        row(2, certificate_number="", issued_on="", valid_until=""),
        certified(3, issued=-1200, until=-10),
    ]
    path = write_csv(tmp_path / "issued.csv", rows)

    out, _err = run(path)

    assert "created 3, updated 0, unchanged 0" in out
    expired_on = day(-10).strftime("%d/%m/%Y")
    assert (
        "1 now public in the register; 2 not public: no certification given (line 3); "
        f"certificate expired on {expired_on} (line 4)"
    ) in out
    first = imported(1)
    [event] = first.certification_events.all()
    assert (event.kind, event.date, event.valid_until) == ("issued", day(-30), day(1000))
    assert first.status == "active" and first.first_certified_on == day(-30)
    assert first.certificate_number == "IMP-PROVA-0001"
    assert client.get(f"/it/registro/{first.slug}/").status_code == 200
    listing = client.get("/it/registro/", {"q": "Cooperativa Prova Import"}).content.decode()
    assert "Cooperativa Prova Import 1" in listing
    assert "Cooperativa Prova Import 2" not in listing
    assert imported(2).status == "pending" and not imported(2).certification_events.exists()
    assert client.get(f"/it/registro/{imported(2).slug}/").status_code == 404
    assert imported(3).status == "expired"

    # The same file again: the history already says so, nothing is recorded twice.
    out, _err = run(path)
    assert "created 0, updated 0, unchanged 3" in out
    assert first.certification_events.count() == 1


def test_a_pending_cooperative_is_issued_by_a_later_file(tmp_path):
    run(write_csv(tmp_path / "first.csv", [row(1)]))
    assert imported(1).status == "pending"

    out, _err = run(write_csv(tmp_path / "second.csv", [certified(1)]))

    assert "created 0, updated 1, unchanged 0" in out
    assert "1 now public in the register" in out
    cooperative = imported(1)
    assert cooperative.status == "active"
    assert cooperative.certification_events.get().kind == "issued"
    assert cooperative.revisions.count() == 2  # published again, with the history of both


def test_the_import_never_rewrites_an_existing_history(tmp_path, make_cooperative):
    existing = make_cooperative(
        "Storia Esistente",
        vat_number=vat(1),
        certificate_number="IMP-ESISTE-1",
        history=[("issued", -400, 300), ("suspended", -5, None)],
    )
    changed = certified(1, issued=-20, until=900, certificate_number="IMP-ESISTE-1")

    with translation.override("en"):
        plan = plan_import(write_csv(tmp_path / "rewrite.csv", [changed]).read_bytes(), "f.csv")

    [problem] = plan.problems
    assert (problem.line, problem.column) == (2, "issued_on")
    assert "already has a certification history" in problem.reason
    assert day(-400).strftime("%d/%m/%Y") in problem.reason
    assert existing.certification_events.count() == 2

    # The dates the register already has are accepted and record nothing.
    same = certified(1, issued=-400, until=300, certificate_number="IMP-ESISTE-1")
    out, _err = run(write_csv(tmp_path / "same.csv", [same]))
    assert existing.certification_events.count() == 2
    existing.refresh_from_db()
    assert existing.status == "suspended"
    assert "1 now public in the register" in out  # a suspended mark is shown, as suspended


@pytest.mark.parametrize(
    ("values", "column", "expected"),
    [
        ({"issued_on": day(3).isoformat()}, "issued_on", "in the future"),
        ({"issued_on": "31/02/2025"}, "issued_on", "not a real date"),
        ({"valid_until": "presto"}, "valid_until", "YYYY-MM-DD or DD/MM/YYYY"),
        ({"valid_until": day(-30).isoformat()}, "valid_until", "must come after the issue date"),
        ({"valid_until": ""}, "valid_until", "Give both the issue date"),
        ({"issued_on": ""}, "issued_on", "Give both the issue date"),
        ({"certificate_number": ""}, "certificate_number", "certificate number"),
        ({"certificate_number": "IMP#2023"}, "certificate_number", "is not a certificate number"),
    ],
)
def test_certification_cell_problems(tmp_path, values, column, expected):
    path = write_csv(tmp_path / "cells.csv", [certified(1, **values)])

    with translation.override("en"):
        plan = plan_import(path.read_bytes(), "cells.csv")

    assert [(p.line, p.column) for p in plan.problems] == [(2, column)]
    assert expected in plan.problems[0].reason


def test_certification_problems_speak_the_users_language_and_write_nothing(tmp_path):
    before = snapshot()
    rows = [
        certified(1),
        certified(2, certificate_number="IMP-PROVA-0001"),  # the number of line 2
        certified(3, valid_until=day(-31).isoformat()),
    ]
    path = write_csv(tmp_path / "bad.csv", rows)

    with translation.override("it"):
        plan = plan_import(path.read_bytes(), "bad.csv")

    assert [(p.line, p.column) for p in plan.problems] == [
        (3, "certificate_number"),
        (4, "valid_until"),
    ]
    assert "riga 2" in plan.problems[0].reason
    assert "data di rilascio" in plan.problems[1].reason
    run_failing(path)
    assert snapshot() == before
    assert not Cooperative.objects.filter(vat_number=vat(1)).exists()


def test_admin_preview_and_report_say_what_becomes_public(manager, media, tmp_path):
    path = write_csv(tmp_path / "mixed.csv", [certified(1), row(2, issued_on="", valid_until="")])

    response = upload(manager, path, follow=True)

    html = response.content.decode()
    assert "1 would be public in the register; 1 not public: no certification given" in html
    assert "Not public: no certification given" in html
    assert "Issued on" in html
    response = confirm(manager, the_job(), follow=True)
    html = response.content.decode()
    assert "2 created, 0 updated, 0 unchanged." in html
    assert "1 now public in the register; 1 not public: no certification given (line 3)." in html
    event = imported(1).certification_events.get()
    assert event.recorded_by.username == "manager"


def test_an_issue_recorded_in_the_admin_meanwhile_is_not_recorded_twice(tmp_path):
    from register.importing import ImportApplyError, apply_plan
    from register.models import CertificationEvent

    run(write_csv(tmp_path / "first.csv", [row(1)]))
    plan = plan_import(write_csv(tmp_path / "issue.csv", [certified(1)]).read_bytes(), "f.csv")
    assert plan.is_valid
    CertificationEvent.objects.create(  # someone records the issue by hand before the import
        cooperative=imported(1), kind="issued", date=day(-1), valid_until=day(700)
    )

    with pytest.raises(ImportApplyError):
        apply_plan(plan)

    assert imported(1).certification_events.count() == 1
