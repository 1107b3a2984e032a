"""The catalogue (SPEC §2.7): the list with search, categories, sorting, favourites and recommendations; a course's
page with its outline and "Enrol"; the favourite flag (htmx); My courses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from finance.selectors import finance_summary

from ..forms import CatalogueFilterForm, EnrolForm
from ..models import Enrolment, Favourite
from ..permissions import course_get_for_user_or_404, is_moderator
from ..selectors import catalogue as catalogue_rows
from ..selectors import categories_with_courses, course_outline, my_enrolments, recommended
from ..services.enrolment import enrolment_create, favourite_toggle

PAGE_SIZE = 12


def _student(user):
    return getattr(user, "student_record", None)


@login_required
@require_GET
def catalogue(request):
    student = _student(request.user)
    form = CatalogueFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(catalogue_rows(student=student, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "courses": page.object_list,
        "categories": categories_with_courses(),
        "recommended": recommended(student=student) if student is not None and page.number == 1 else [],
        "student": student,
        "is_moderator": is_moderator(request.user),
    }
    return render(request, "courses/catalogue.html", context)


def _detail_context(request, course, *, form=None):
    student = _student(request.user)
    enrolment = None
    if student is not None:
        enrolment = Enrolment.objects.filter(course=course, student=student).first()
    return {
        "course": course,
        "sections": course_outline(course),
        "student": student,
        "enrolment": enrolment,
        "is_favourite": student is not None and Favourite.objects.filter(course=course, student=student).exists(),
        "balance": finance_summary(student).balance if student is not None and not course.is_free else None,
        "form": form or EnrolForm(),
        "topics": list(course.topics.all()),
    }


@login_required
@require_GET
def detail(request, pk):
    course = course_get_for_user_or_404(request.user, pk)
    return render(request, "courses/detail.html", _detail_context(request, course))


@login_required
@require_POST
def enrol(request, pk):
    course = course_get_for_user_or_404(request.user, pk)
    student = _student(request.user)
    form = EnrolForm(request.POST)
    if student is None or not form.is_valid():
        return redirect("courses:detail", pk=course.pk)
    try:
        enrolment = enrolment_create(
            course=course, student=student, notify_me=form.cleaned_data["notify"], actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return render(request, "courses/detail.html", _detail_context(request, course, form=form), status=400)
    if enrolment.status == Enrolment.Status.PENDING:
        messages.success(request, _("Your application is sent: the course opens once a moderator approves it."))
        return redirect("courses:detail", pk=course.pk)
    messages.success(request, _("You are enrolled: the course is open."))
    return redirect("courses:learn", pk=course.pk)


@login_required
@require_POST
def favourite(request, pk):
    course = course_get_for_user_or_404(request.user, pk)
    student = _student(request.user)
    if student is None:
        return redirect("courses:detail", pk=course.pk)
    flagged = favourite_toggle(course=course, student=student)
    if request.htmx:
        return render(
            request, "courses/_favourite.html", {"course": course, "is_favourite": flagged, "student": student}
        )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("courses:detail", pk=course.pk)


@login_required
@require_GET
def mine(request):
    student = _student(request.user)
    rows = my_enrolments(student=student) if student is not None else []
    return render(request, "courses/mine.html", {"rows": rows, "student": student})
