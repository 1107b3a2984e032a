"""My disciplines, a discipline page with its syllabus, a lesson and its files (docs/modules.md)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.files import protected_file_response
from people.permissions import student_record_for_user_or_404

from ..permissions import (
    can_download_files,
    can_edit_syllabus,
    discipline_get_for_user_or_404,
    lesson_file_get_for_user_or_404,
    lesson_get_or_404,
)
from ..selectors.disciplines import TABS, lesson_materials, my_disciplines, syllabus_page, taught_disciplines


@login_required
@require_GET
def index(request):
    """A student's disciplines by done / current / future; a teacher's, the disciplines they teach, to edit."""
    user = request.user
    if user.is_student:
        student = student_record_for_user_or_404(user)
        tab = request.GET.get("tab")
        page = my_disciplines(student=student)
        if tab not in TABS:
            tab = "current"
        context = {"page": page, "tab": tab, "cards": page.section(tab), "counts": page.counts, "tabs": TABS}
        return render(request, "disciplines/index.html", context)
    if user.is_teacher:
        return render(request, "disciplines/taught.html", {"rows": taught_disciplines(teacher=user)})
    raise Http404


@login_required
@require_GET
def discipline(request, code):
    """A discipline: description, competences, skills, details, teachers' cards and the syllabus by week."""
    item = discipline_get_for_user_or_404(request.user, code)
    student = student_record_for_user_or_404(request.user) if request.user.is_student else None
    page = syllabus_page(discipline=item, user=request.user, student=student)
    return render(request, "disciplines/discipline.html", {"student": student, "page": page})


@login_required
@require_GET
def lesson(request, code, pk):
    item = discipline_get_for_user_or_404(request.user, code)
    lesson = lesson_materials(lesson_get_or_404(item, pk))
    context = {
        "discipline": item,
        "lesson": lesson,
        "week": lesson.week,
        "can_download": can_download_files(request.user, item.pk),
        "can_edit": can_edit_syllabus(request.user, item.pk),
    }
    return render(request, "disciplines/lesson.html", context)


@login_required
@require_GET
def lesson_file(request, pk):
    """A lesson's file, for registered students, the discipline's teachers, registrars and administrators only."""
    item = lesson_file_get_for_user_or_404(request.user, pk)
    return protected_file_response(item.file, content_type=item.content_type, filename=item.name)
