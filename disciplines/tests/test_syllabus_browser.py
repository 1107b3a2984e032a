"""The syllabus end to end in a real browser on the demo university: the demo teacher edits a week's lesson in
Kazakh and English in the portal, and the demo student reads it in both languages (docs/modules.md#my-disciplines)."""

from io import StringIO

import pytest
from django.core.management import call_command

from conftest import browser_sign_in
from disciplines.models import Lesson
from people.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo12345"


@pytest.fixture
def demo():
    call_command("seed_demo", students=40, quiet=True, stdout=StringIO())
    User.objects.filter(email__in=["student@demo.kz", "teacher@demo.kz"]).update(language="en")
    teacher = User.objects.get(email="teacher@demo.kz")
    student = User.objects.get(email="student@demo.kz")
    lesson = (
        Lesson.objects.filter(
            week__number=1,
            week__syllabus__discipline__streams__teacher=teacher,
            week__syllabus__discipline__registrations__student__user=student,
        )
        .select_related("week__syllabus__discipline")
        .order_by("pk")
        .first()
    )
    return teacher, student, lesson


def test_the_teacher_edits_a_lesson_in_kk_and_en_and_the_student_reads_it(browser_page, demo):
    from playwright.sync_api import expect

    page = browser_page
    teacher, student, lesson = demo
    code = lesson.week.syllabus.discipline.code

    browser_sign_in(page, teacher.email, PASSWORD)
    page.goto("/disciplines/")
    card = page.locator(f"[data-testid=taught-discipline][data-code='{code}']")
    card.get_by_role("link", name=lesson.week.syllabus.discipline.name_en, exact=True).click()
    page.get_by_role("button", name="Week 1:").click()
    page.locator(f"#week-body-1 a[href$='/lessons/{lesson.pk}/edit/']").click()
    page.get_by_test_id("lang-tab-kk").first.click()
    page.fill("#id_title_kk", "Жаңартылған дәріс")
    page.fill("#id_content_kk", "<p>Жаңа <strong>мазмұн</strong></p>")
    page.get_by_test_id("lang-tab-en").first.click()
    page.fill("#id_title_en", "Updated lecture")
    page.fill("#id_content_en", "<p>New <strong>content</strong></p><script>alert(1)</script>")
    page.get_by_test_id("save-lesson").click()
    expect(page.get_by_text("The lesson is saved.")).to_be_visible()
    lesson.refresh_from_db()
    assert (lesson.title_kk, lesson.title_en) == ("Жаңартылған дәріс", "Updated lecture")
    assert lesson.content_en == "<p>New <strong>content</strong></p>"

    browser_sign_in(page, student.email, PASSWORD)
    page.goto(f"/study/disciplines/{code}/")  # the study plan's old address leads to the same page
    page.get_by_role("button", name="Week 1:").click()
    page.get_by_role("link", name="Updated lecture").click()
    expect(page.get_by_test_id("lesson-title")).to_have_text("Updated lecture")
    expect(page.get_by_test_id("lesson-content").locator("strong")).to_have_text("content")
    expect(page.get_by_test_id("lesson-files").get_by_role("link")).to_have_count(1)
    User.objects.filter(pk=student.pk).update(language="kk")
    page.reload()
    expect(page.get_by_test_id("lesson-title")).to_have_text("Жаңартылған дәріс")
    expect(page.get_by_test_id("lesson-content")).to_contain_text("Жаңа мазмұн")
    assert page.problems == []
