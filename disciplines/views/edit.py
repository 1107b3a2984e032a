"""Teachers edit the syllabus and lessons of the disciplines they teach, in kk/ru/en (docs/modules.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import FileForm, LessonForm, LinkForm, ReadingForm, SyllabusForm, WeekForm
from ..models import MAX_WEEKS, Lesson, Syllabus, SyllabusWeek
from ..permissions import editable_discipline_or_404, lesson_get_or_404
from ..selectors.disciplines import lesson_materials
from ..services.syllabus import (
    MATERIALS,
    lesson_delete,
    lesson_file_add,
    lesson_link_add,
    lesson_material_delete,
    lesson_save,
    reading_item_add,
    syllabus_save,
    week_save,
)


def _discipline_url(discipline) -> str:
    return reverse("disciplines:discipline", args=[discipline.code])


def _apply_errors(form, error: ValidationError, field: str | None = None) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(field, error)


@login_required
@require_http_methods(["GET", "POST"])
def syllabus_edit(request, code):
    discipline = editable_discipline_or_404(request.user, code)
    instance = Syllabus.objects.filter(discipline=discipline).first() or Syllabus(discipline=discipline)
    form = SyllabusForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        syllabus_save(discipline=discipline, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The syllabus is saved."))
        return redirect(_discipline_url(discipline))
    return render(request, "disciplines/syllabus_edit.html", {"discipline": discipline, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def week_edit(request, code, number):
    discipline = editable_discipline_or_404(request.user, code)
    if not 1 <= number <= MAX_WEEKS:
        raise Http404
    week = SyllabusWeek.objects.filter(syllabus__discipline=discipline, number=number).first() or SyllabusWeek(
        number=number
    )
    form = WeekForm(request.POST or None, instance=week)
    if request.method == "POST" and form.is_valid():
        week_save(discipline=discipline, number=number, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Week %(number)s is saved.") % {"number": number})
        return redirect(_discipline_url(discipline) + f"#week-{number}")
    lessons = list(week.lessons.all()) if week.pk else []
    context = {"discipline": discipline, "form": form, "week": week, "number": number, "lessons": lessons}
    return render(request, "disciplines/week_edit.html", context)


def _lesson_context(discipline, lesson, form, **forms):
    context = {
        "discipline": discipline,
        "lesson": lesson_materials(lesson) if lesson.pk else lesson,
        "week": lesson.week,
        "form": form,
        "link_form": forms.get("link_form") or LinkForm(prefix="link"),
        "reading_form": forms.get("reading_form") or ReadingForm(prefix="reading"),
        "file_form": forms.get("file_form") or FileForm(prefix="file"),
    }
    return context


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request, code, number):
    discipline = editable_discipline_or_404(request.user, code)
    week = SyllabusWeek.objects.filter(syllabus__discipline=discipline, number=number).first()
    if week is None:
        raise Http404
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lesson = lesson_save(week=week, data=form.cleaned_data)
        messages.success(request, _("The lesson is saved."))
        return redirect("disciplines:lesson_edit", code=discipline.code, pk=lesson.pk)
    return render(request, "disciplines/lesson_edit.html", _lesson_context(discipline, Lesson(week=week), form))


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request, code, pk):
    discipline = editable_discipline_or_404(request.user, code)
    lesson = lesson_get_or_404(discipline, pk)
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        lesson_save(week=lesson.week, lesson=lesson, data=form.cleaned_data)
        messages.success(request, _("The lesson is saved."))
        return redirect("disciplines:lesson_edit", code=discipline.code, pk=lesson.pk)
    return render(request, "disciplines/lesson_edit.html", _lesson_context(discipline, lesson, form))


@login_required
@require_POST
def lesson_remove(request, code, pk):
    discipline = editable_discipline_or_404(request.user, code)
    lesson = lesson_get_or_404(discipline, pk)
    number = lesson.week.number
    lesson_delete(lesson=lesson)
    messages.success(request, _("The lesson is deleted."))
    return redirect(_discipline_url(discipline) + f"#week-{number}")


ADD_FORMS = {"link": ("link_form", LinkForm), "reading": ("reading_form", ReadingForm), "file": ("file_form", FileForm)}


@login_required
@require_POST
def material_add(request, code, pk, kind):
    discipline = editable_discipline_or_404(request.user, code)
    lesson = lesson_get_or_404(discipline, pk)
    if kind not in ADD_FORMS:
        raise Http404
    key, form_class = ADD_FORMS[kind]
    form = form_class(request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        try:
            if kind == "link":
                lesson_link_add(lesson=lesson, data=form.cleaned_data)
            elif kind == "reading":
                reading_item_add(lesson=lesson, data=form.cleaned_data)
            else:
                lesson_file_add(
                    lesson=lesson, upload=form.cleaned_data["file"], actor=request.user, data=form.cleaned_data
                )
        except ValidationError as error:
            _apply_errors(form, error, "file" if kind == "file" else None)
        else:
            messages.success(request, _("The material is added."))
            return redirect("disciplines:lesson_edit", code=discipline.code, pk=lesson.pk)
    context = _lesson_context(discipline, lesson, LessonForm(instance=lesson), **{key: form})
    return render(request, "disciplines/lesson_edit.html", context, status=400)


@login_required
@require_POST
def material_delete(request, code, pk, kind, item):
    discipline = editable_discipline_or_404(request.user, code)
    lesson = lesson_get_or_404(discipline, pk)
    if kind not in MATERIALS or not lesson_material_delete(lesson=lesson, kind=kind, pk=item):
        raise Http404
    messages.success(request, _("The material is removed."))
    return redirect("disciplines:lesson_edit", code=discipline.code, pk=lesson.pk)
