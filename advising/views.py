"""My advisor (SPEC §2.19, docs/modules.md#my-advisor): the student's page; the advisor's materials and their
overview of their students."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.files import protected_file_response

from .forms import AdviseeFilterForm, MaterialForm
from .permissions import (
    can_manage_materials,
    material_file_get_for_user_or_404,
    material_get_for_advisor_or_404,
    student_record_or_404,
)
from .selectors import (
    AdviseeFilters,
    advisee_rows,
    advisees_overview,
    advisor_card,
    advisor_materials,
    student_materials,
)
from .services import material_create, material_delete, material_update

PAGE_SIZE = 10
STUDENTS_PAGE_SIZE = 25


@login_required
@require_GET
def index(request):
    """The student's advisor: their card, "write", "ask for another advisor", and the materials for the student."""
    record = student_record_or_404(request.user)
    page = Paginator(student_materials(student=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    card = advisor_card(student=request.user, record=record)
    return render(request, "advising/index.html", {"card": card, "page": page, "materials": page.object_list})


def _advisor_only(user) -> None:
    if not can_manage_materials(user):
        raise Http404


@login_required
@require_GET
def materials(request):
    _advisor_only(request.user)
    page = Paginator(advisor_materials(advisor=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "advising/materials.html", {"page": page, "materials": page.object_list})


def _saved(form, save):
    """The service's material for a valid form, else None: its refusals land on the form's fields."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        form.add_error(None, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        return None


def _form_page(request, form, *, material=None):
    status = 400 if request.method == "POST" else 200
    return render(request, "advising/material_form.html", {"form": form, "material": material}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def material_create_view(request):
    _advisor_only(request.user)
    form = MaterialForm(request.POST or None, request.FILES or None, advisor=request.user)
    if request.method == "POST":
        saved = _saved(form, lambda **data: material_create(actor=request.user, **data))
        if saved is not None:
            messages.success(request, _("The material “%(title)s” is saved.") % {"title": saved.title})
            return redirect("advising:materials")
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def material_edit(request, pk):
    material = material_get_for_advisor_or_404(request.user, pk)
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        advisor=request.user,
        material=material,
        initial=MaterialForm.initial_for(material),
    )
    if request.method == "POST":
        saved = _saved(form, lambda **data: material_update(actor=request.user, material=material, **data))
        if saved is not None:
            messages.success(request, _("The material “%(title)s” is saved.") % {"title": saved.title})
            return redirect("advising:materials")
    return _form_page(request, form, material=material)


@login_required
@require_http_methods(["GET", "POST"])
def material_delete_view(request, pk):
    """GET asks to confirm; POST deletes the material and its file."""
    material = material_get_for_advisor_or_404(request.user, pk)
    if request.method == "POST":
        material_delete(actor=request.user, material=material)
        messages.success(request, _("The material “%(title)s” is deleted.") % {"title": material.title})
        return redirect("advising:materials")
    return render(request, "advising/material_delete.html", {"material": material})


@login_required
@require_GET
def material_file(request, pk):
    """A material's file, for its advisor and the students it is addressed to (404 for anyone else)."""
    material = material_file_get_for_user_or_404(request.user, pk)
    return protected_file_response(material.file, content_type=material.file_type, filename=material.file_name)


@login_required
@require_GET
def students(request):
    """The advisor's students: journal warnings, this term's IUP and holds, with filters, a page at a time."""
    _advisor_only(request.user)
    form = AdviseeFilterForm(request.GET or None, advisor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    filters = AdviseeFilters(
        group=data.get("group"),
        with_warnings=bool(data.get("warnings")),
        iup_unsigned=bool(data.get("unsigned")),
        with_holds=bool(data.get("holds")),
    )
    records, warnings = advisees_overview(advisor=request.user, filters=filters)
    page = Paginator(records, STUDENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": advisee_rows(page.object_list, warnings=warnings),
        "query": query.urlencode(),
    }
    template = "advising/students.html#students-results" if request.htmx else "advising/students.html"
    return render(request, template, context)
