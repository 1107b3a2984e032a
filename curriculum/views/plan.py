from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from people.permissions import student_record_for_user_or_404

from ..selectors.plan import curriculum_page
from ..selectors.status import STATUS_LEGEND
from . import tabs_context


@login_required
def curriculum(request):
    """The Curriculum tab (docs/modules.md#study-plan): disciplines by semester with statuses; semesters fold open."""
    student = student_record_for_user_or_404(request.user)
    page = curriculum_page(student=student)
    context = {"student": student, "page": page, "status_legend": STATUS_LEGEND, **tabs_context("curriculum")}
    return render(request, "curriculum/curriculum.html", context)
