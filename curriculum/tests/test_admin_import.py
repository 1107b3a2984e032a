"""Registrars edit curricula in Django admin and import them from spreadsheets with a dry-run report of errors."""

import io
import zipfile

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats import base_formats

from curriculum.imports import DisciplineResource
from curriculum.models import Curriculum, CurriculumItem, Discipline, ElectiveGroup
from people.tests.factories import RegistrarFactory
from university.tests.factories import DepartmentFactory, ProgrammeFactory

from .factories import DisciplineFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name_kk,name_ru,name_en,credits,cycle,component,languages,department,counts_in_gpa,prerequisites\n"


def format_index(model, title):
    return next(i for i, f in enumerate(admin.site._registry[model].get_import_formats()) if f().get_title() == title)


def dry_run(client, model, content: bytes, *, name="plan.csv", title="csv"):
    url = reverse(f"admin:curriculum_{model._meta.model_name}_import")
    upload = SimpleUploadedFile(name, content)
    return client.post(url, {"import_file": upload, "format": format_index(model, title), "resource": "0"})


def confirm(client, model, response):
    form = response.context["confirm_form"]
    url = reverse(f"admin:curriculum_{model._meta.model_name}_process_import")
    return client.post(url, {name: form.initial.get(name, "") for name in form.fields})


@pytest.fixture
def registrar_client(client, registrar):
    registrar.language = "en"
    registrar.save()
    client.force_login(registrar)
    return client


def test_registrar_sees_the_study_plan_admin(registrar_client):
    assert registrar_client.get(reverse("admin:curriculum_discipline_changelist")).status_code == 200
    assert registrar_client.get(reverse("admin:curriculum_curriculum_add")).status_code == 200
    assert registrar_client.get(reverse("admin:academic_calendar_period_changelist")).status_code == 200


def test_dry_run_reports_every_error_and_imports_nothing(registrar_client):
    department = DepartmentFactory(code="CS")
    DisciplineFactory(code="MATH101", department=department)
    content = (
        HEADER
        + "MATH102,Математика 2,Математика 2,Mathematics 2,5,БД,ОК,kk,CS,1,MATH101\n"
        + "PHYS101,Физика,Физика,Physics,five,basic,mandatory,kk,CS,1,\n"
        + "CHEM101,Химия,Химия,Chemistry,5,basic,mandatory,kk,NOPE,1,MATH999\n"
    ).encode()

    response = dry_run(registrar_client, Discipline, content)

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in response.context
    html = response.content.decode()
    assert "Unknown prerequisite code(s): MATH999" in html
    assert "Unknown department code: NOPE" in html
    assert "credits" in html
    assert set(Discipline.objects.values_list("code", flat=True)) == {"MATH101"}


def test_valid_file_is_imported_after_confirmation_with_prerequisites(registrar_client):
    DepartmentFactory(code="CS")
    DisciplineFactory(code="MATH101")
    content = (
        HEADER
        + "MATH102,Математика 2,Математика 2,Mathematics 2,5,БД,ОК,kk,CS,1,MATH101\n"
        + 'MATH201,Математика 3,Математика 3,Mathematics 3,6,profile,elective,"kk,ru",CS,1,"MATH101, MATH102"\n'
    ).encode()

    response = dry_run(registrar_client, Discipline, content)
    assert not response.context["result"].has_validation_errors()
    assert not Discipline.objects.filter(code="MATH102").exists()  # the dry run kept nothing

    response = confirm(registrar_client, Discipline, response)

    assert response.status_code == 302
    math201 = Discipline.objects.get(code="MATH201")
    assert (math201.cycle, math201.component, math201.credits) == ("profile", "elective", 6)
    assert set(math201.prerequisites.values_list("code", flat=True)) == {"MATH101", "MATH102"}
    assert Discipline.objects.get(code="MATH102").cycle == "basic"


def test_import_refuses_a_prerequisite_cycle(registrar_client):
    a = DisciplineFactory(code="A101")
    b = DisciplineFactory(code="B101", prerequisites=[a])
    DisciplineFactory(code="C101", prerequisites=[b])
    content = (HEADER + "A101,A,A,A,5,basic,mandatory,kk,,1,C101\n").encode()

    response = dry_run(registrar_client, Discipline, content)

    html = response.content.decode()
    assert "would make a cycle: A101 → C101 → B101 → A101" in html
    assert not a.prerequisites.exists()


def test_import_finds_a_cycle_closed_within_the_same_file(registrar_client):
    DisciplineFactory(code="A101")
    DisciplineFactory(code="B101")
    content = (
        HEADER + "A101,A,A,A,5,basic,mandatory,kk,,1,B101\n" + "B101,B,B,B,5,basic,mandatory,kk,,1,A101\n"
    ).encode()

    response = dry_run(registrar_client, Discipline, content)

    assert "would make a cycle: B101 → A101 → B101" in response.content.decode()
    assert not Discipline.prerequisites.through.objects.exists()


def test_admin_form_refuses_a_prerequisite_cycle(registrar_client):
    a = DisciplineFactory(code="A101")
    b = DisciplineFactory(code="B101", prerequisites=[a])
    data = {
        "code": "A101",
        "name_kk": "A",
        "name_ru": "",
        "name_en": "",
        "credits": 5,
        "cycle": "basic",
        "component": "mandatory",
        "languages": "kk",
        "counts_in_gpa": "on",
        "description": "",
        "competences": "",
        "prerequisites": [b.pk],
    }

    response = registrar_client.post(reverse("admin:curriculum_discipline_change", args=[a.pk]), data)

    assert response.status_code == 200
    assert "would make a cycle: A101 → B101 → A101" in response.content.decode()
    assert not a.prerequisites.exists()

    data["prerequisites"] = [a.pk]
    response = registrar_client.post(reverse("admin:curriculum_discipline_change", args=[a.pk]), data)
    assert "would make a cycle: A101 → A101" in response.content.decode()


def test_curriculum_import_builds_curriculum_and_elective_groups_from_xlsx(registrar_client):
    programme = ProgrammeFactory(code="6B06101")
    for code in ("ALG101", "ML301", "CV301"):
        DisciplineFactory(code=code)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["programme", "admission_year", "semester", "discipline", "elective_group", "choose"])
    sheet.append(["6B06101", 2025, 1, "ALG101", None, None])
    sheet.append(["6B06101", 2025, 5, "ML301", "Profile electives", 1])
    sheet.append(["6B06101", 2025, 5, "CV301", "Profile electives", 1])
    buffer = io.BytesIO()
    book.save(buffer)

    response = dry_run(registrar_client, CurriculumItem, buffer.getvalue(), name="plan.xlsx", title="xlsx")
    assert not response.context["result"].has_validation_errors(), response.content.decode()[-3000:]
    assert not Curriculum.objects.exists()

    confirm(registrar_client, CurriculumItem, response)

    curriculum = Curriculum.objects.get(programme=programme, admission_year=2025)
    assert sorted(curriculum.items.values_list("discipline__code", "semester")) == [
        ("ALG101", 1),
        ("CV301", 5),
        ("ML301", 5),
    ]
    group = ElectiveGroup.objects.get(curriculum=curriculum)
    assert (group.title, group.choose, group.items.count()) == ("Profile electives", 1, 2)


def test_curriculum_import_dry_run_reports_bad_rows(registrar_client):
    ProgrammeFactory(code="6B06101")
    DisciplineFactory(code="ALG101")
    content = (
        b"programme,admission_year,semester,discipline,elective_group,choose\n"
        b"6B99999,2025,1,ALG101,,\n"
        b"6B06101,20x5,1,ALG101,,\n"
        b"6B06101,2025,1,NOPE101,,\n"
        b"6B06101,2025,99,ALG101,,\n"
    )

    response = dry_run(registrar_client, CurriculumItem, content)

    html = response.content.decode()
    assert "Unknown programme code: 6B99999" in html
    assert "The year of admission must be a year" in html
    assert "Unknown discipline code: NOPE101" in html
    assert "Ensure this value is less than or equal to 14" in html
    assert not Curriculum.objects.exists() and not CurriculumItem.objects.exists()


def test_discipline_import_takes_the_texts_in_each_language(registrar_client):
    DepartmentFactory(code="CS")
    content = (
        "code,name_kk,name_ru,name_en,credits,cycle,component,languages,department,counts_in_gpa,prerequisites,"
        "description_kk,description_ru,description_en,competences_kk,competences_ru,competences_en\n"
        "DB201,Деректер қоры,Базы данных,Databases,5,basic,mandatory,kk,CS,1,,"
        "Реляциялық модель.,Реляционная модель.,The relational model.,"
        "SQL жаза алады.,Умеет писать SQL.,Can write SQL.\n"
    ).encode()

    confirm(registrar_client, Discipline, dry_run(registrar_client, Discipline, content))

    stored = Discipline.objects.values(
        "description_kk", "description_ru", "description_en", "competences_kk", "competences_ru", "competences_en"
    ).get(code="DB201")
    assert stored == {
        "description_kk": "Реляциялық модель.",
        "description_ru": "Реляционная модель.",
        "description_en": "The relational model.",
        "competences_kk": "SQL жаза алады.",
        "competences_ru": "Умеет писать SQL.",
        "competences_en": "Can write SQL.",
    }


def test_curriculum_import_names_elective_groups_in_each_language_and_finds_them_by_any(registrar_client):
    programme = ProgrammeFactory(code="6B06101")
    for code in ("ML301", "CV301", "NLP301"):
        DisciplineFactory(code=code)
    content = (
        b"programme,admission_year,semester,discipline,elective_group_kk,elective_group_ru,elective_group_en,choose\n"
        + "6B06101,2025,5,ML301,Бейіндік элективтер,Профильные элективы,Profile electives,1\n".encode()
        + "6B06101,2025,5,CV301,Бейіндік элективтер,Профильные элективы,Profile electives,1\n".encode()
    )
    confirm(registrar_client, CurriculumItem, dry_run(registrar_client, CurriculumItem, content))

    # a file of the earlier layout (one title column, here the English one) adds to the same group
    content = (
        b"programme,admission_year,semester,discipline,elective_group,choose\n"
        b"6B06101,2025,5,NLP301,Profile electives,1\n"
    )
    confirm(registrar_client, CurriculumItem, dry_run(registrar_client, CurriculumItem, content))

    group = ElectiveGroup.objects.get(curriculum__programme=programme)
    assert (group.title_kk, group.title_ru, group.title_en) == (
        "Бейіндік элективтер",
        "Профильные элективы",
        "Profile electives",
    )
    assert sorted(group.items.values_list("discipline__code", flat=True)) == ["CV301", "ML301", "NLP301"]


# --- caps and background jobs (issue 9, part 7.7) ---------------------------------------------------------------


def discipline_rows(count: int, *, start: int = 1) -> bytes:
    return (
        HEADER
        + "".join(
            f"GEN{n:04d},Пән {n},Дисциплина {n},Discipline {n},5,basic,mandatory,kk,CS,1,\n"
            for n in range(start, start + count)
        )
    ).encode()


def xlsx_with_rows(count: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for n in range(count):
        sheet.append([f"GEN{n:04d}", "Пән", "Дисциплина", "Discipline", 5, "basic", "mandatory", "kk", "CS", 1, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_file_over_the_size_cap_is_refused_with_a_clear_message(registrar_client, settings):
    """Security review: a 40 MB CSV ran for minutes at gigabytes of memory."""
    settings.IMPORT_MAX_BYTES = 2_000
    DepartmentFactory(code="CS")
    content = discipline_rows(40)
    assert len(content) > 2_000

    response = dry_run(registrar_client, Discipline, content)

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == ["The file is too large: at most 2.0\xa0KB."]
    assert "result" not in response.context
    assert not Discipline.objects.exists()


@pytest.mark.parametrize("title", ["csv", "xlsx"])
def test_more_rows_than_the_cap_are_refused_with_a_clear_message(registrar_client, settings, title):
    """Security review: a 200,000-row XLSX of a few megabytes; rows are counted without loading the sheet."""
    settings.IMPORT_MAX_ROWS = 5
    DepartmentFactory(code="CS")
    content = discipline_rows(6) if title == "csv" else xlsx_with_rows(6)

    response = dry_run(registrar_client, Discipline, content, name=f"plan.{title}", title=title)

    assert response.context["form"].errors["import_file"] == [
        "The file has more than 5 rows. Split it into files of at most 5 rows."
    ]
    assert not Discipline.objects.exists()


def test_only_csv_and_xlsx_are_offered(registrar_client):
    titles = [f().get_title() for f in admin.site._registry[Discipline].get_import_formats()]
    assert titles == ["csv", "xlsx"]


@pytest.fixture
def long_imports(settings):
    settings.IMPORT_INLINE_ROWS = 3  # above this, the dry run and the import are background jobs


def test_a_long_import_is_checked_and_imported_by_background_jobs_with_progress(
    registrar_client, long_imports, django_capture_on_commit_callbacks
):
    DepartmentFactory(code="CS")

    with django_capture_on_commit_callbacks(execute=True):
        response = dry_run(registrar_client, Discipline, discipline_rows(5))
    assert response.status_code == 302
    job_url = response["Location"]
    assert "/admin/curriculum/discipline/import/jobs/" in job_url
    assert not Discipline.objects.exists()  # a dry run

    page = registrar_client.get(job_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "The file is checked: 5 rows, no errors." in html
    assert 'http-equiv="refresh"' not in html  # finished: no more polling
    confirm_form = page.context["confirm_form"]

    with django_capture_on_commit_callbacks(execute=True):
        response = registrar_client.post(job_url, {"confirm": "1"})
    assert response.status_code == 302
    done = registrar_client.get(response["Location"]).content.decode()
    assert "Imported: 5 new, 0 updated, 0 skipped." in done
    assert Discipline.objects.filter(code__startswith="GEN").count() == 5
    assert confirm_form is not None


def test_a_long_import_with_errors_reports_them_and_cannot_be_confirmed(
    registrar_client, long_imports, django_capture_on_commit_callbacks
):
    DepartmentFactory(code="CS")
    content = discipline_rows(4) + b"BAD0001,A,A,A,five,basic,mandatory,kk,NOPE,1,\n"

    with django_capture_on_commit_callbacks(execute=True):
        job_url = dry_run(registrar_client, Discipline, content)["Location"]
    page = registrar_client.get(job_url)

    html = page.content.decode()
    assert "Unknown department code: NOPE" in html
    assert "Row 5" in html
    assert page.context["confirm_form"] is None
    response = registrar_client.post(job_url, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == job_url  # nothing to confirm
    assert not Discipline.objects.exists()


def test_a_queued_job_page_polls_and_shows_its_progress(registrar_client, long_imports):
    DepartmentFactory(code="CS")
    job_url = dry_run(registrar_client, Discipline, discipline_rows(5))["Location"]  # never committed: still queued

    html = registrar_client.get(job_url).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress max="5" value="0">' in html
    assert "Waiting for its turn" in html


def test_someone_elses_job_is_not_found(client, registrar_client, long_imports):
    DepartmentFactory(code="CS")
    job_url = dry_run(registrar_client, Discipline, discipline_rows(5))["Location"]
    client.force_login(RegistrarFactory())
    assert client.get(job_url).status_code == 404
    assert client.get(job_url.replace("/jobs/", "/jobs/x")).status_code == 404


def test_an_xlsx_that_unpacks_to_far_more_than_its_size_is_refused_unread(registrar_client, settings):
    settings.IMPORT_MAX_BYTES = 102_400
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", " " * 5_000_000)  # 5 MB of nothing in a few kilobytes
    assert len(buffer.getvalue()) < 102_400

    response = dry_run(registrar_client, Discipline, buffer.getvalue(), name="bomb.xlsx", title="xlsx")

    assert response.context["form"].errors["import_file"] == [
        "The spreadsheet unpacks to more than 2.0\xa0MB. Split it into smaller files."
    ]


def test_a_background_import_tells_its_progress_every_hundred_rows():
    DepartmentFactory(code="CS")
    seen = []
    dataset = base_formats.CSV(encoding="utf-8").create_dataset(discipline_rows(250).decode())

    DisciplineResource(progress=seen.append).import_data(dataset, dry_run=True)

    assert seen == [100, 200]
