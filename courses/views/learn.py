"""Studying a course: its page for the learner (sections, lessons with done marks, tests, the progress bar), a
lesson, "Mark as done", starting a test, the certificate of completion and its public verification page."""

from urllib.parse import parse_qs, urlparse

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.pdf import pdf_response, render_pdf
from documents.qr import qr_svg_data_uri

from ..models import CompletionCertificate
from ..permissions import (
    course_get_for_user_or_404,
    course_test_get_for_learner_or_404,
    enrolment_for_learner_or_404,
    lesson_get_for_user_or_404,
)
from ..selectors import course_outline, lessons_done_ids, passed_quiz_ids, progress_of
from ..services.learning import course_test_start, enrolment_completion_check, lesson_complete


def _site_root(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
@require_GET
def learn(request, pk):
    enrolment = enrolment_for_learner_or_404(request.user, pk)
    enrolment = enrolment_completion_check(enrolment=enrolment, site_root=_site_root(request))
    course = course_get_for_user_or_404(request.user, pk)
    sections = course_outline(course)
    quiz_ids = [t.quiz_id for section in sections for t in section.tests.all()]
    loose_tests = list(course.tests.filter(section__isnull=True).select_related("quiz").order_by("position", "pk"))
    quiz_ids += [t.quiz_id for t in loose_tests]
    context = {
        "course": course,
        "enrolment": enrolment,
        "sections": sections,
        "loose_tests": loose_tests,
        "done": lessons_done_ids(enrolment),
        "passed": passed_quiz_ids(student=enrolment.student_id, quiz_ids=quiz_ids),
        "progress": progress_of(enrolment),
        "certificate": CompletionCertificate.objects.filter(enrolment=enrolment).first(),
    }
    return render(request, "courses/learn.html", context)


# the players a lesson's video link may embed (the portal's CSP frames nothing else)
EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


@login_required
@require_GET
@csp_update({"frame-src": EMBED_ORIGINS})
def lesson(request, pk):
    lesson, enrolment = lesson_get_for_user_or_404(request.user, pk)
    course = lesson.section.course
    context = {
        "lesson": lesson,
        "course": course,
        "enrolment": enrolment,
        "materials": list(lesson.materials.order_by("position", "pk")),
        "is_done": pk in lessons_done_ids(enrolment),
        "progress": progress_of(enrolment) if enrolment is not None else None,
        "embed_url": embed_url(lesson.video_url),
    }
    return render(request, "courses/lesson.html", context)


def embed_url(url: str) -> str:
    """A YouTube or Vimeo watch link as its embeddable player address; "" for any other link (shown as a link)."""
    if not url:
        return ""
    parts = urlparse(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host == "youtube.com" and parts.path == "/watch":
        video = parse_qs(parts.query).get("v", [""])[0]
        return f"https://www.youtube-nocookie.com/embed/{video}" if video.isascii() and video else ""
    if host == "youtu.be" and parts.path.strip("/"):
        return f"https://www.youtube-nocookie.com/embed/{parts.path.strip('/')}"
    if host == "vimeo.com" and parts.path.strip("/").isdigit():
        return f"https://player.vimeo.com/video/{parts.path.strip('/')}"
    return ""


@login_required
@require_POST
def lesson_done(request, pk):
    lesson, enrolment = lesson_get_for_user_or_404(request.user, pk)
    if enrolment is None:  # the author looking at their own lesson
        raise Http404
    try:
        enrolment = lesson_complete(enrolment=enrolment, lesson=lesson, site_root=_site_root(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("courses:lesson", pk=lesson.pk)
    if enrolment.status == enrolment.Status.COMPLETED:
        messages.success(request, _("You have completed the course: your certificate is ready."))
    else:
        messages.success(request, _("The lesson is marked as done."))
    return redirect("courses:lesson", pk=lesson.pk)


@login_required
@require_POST
def test_start(request, pk):
    course_test, enrolment = course_test_get_for_learner_or_404(request.user, pk)
    try:
        attempt = course_test_start(course_test=course_test, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("courses:learn", pk=course_test.course_id)
    return redirect(reverse("testing:attempt", args=[attempt.pk]))


@login_required
@require_GET
def certificate(request, pk):
    enrolment = enrolment_for_learner_or_404(request.user, pk)
    issued = get_object_or_404(CompletionCertificate, enrolment=enrolment)
    verify_url = (issued.site_root or _site_root(request)) + reverse("courses:verify", args=[issued.code])
    content = render_pdf(
        "courses/pdf/certificate.html",
        {"certificate": issued, "enrolment": enrolment, "verify_url": verify_url, "qr": qr_svg_data_uri(verify_url)},
        request=request,
    )
    return pdf_response(content, filename=f"certificate-{issued.code}.pdf")


@require_GET
def verify(request, code):
    issued = (
        CompletionCertificate.objects.filter(code=(code or "").strip().upper())
        .select_related("enrolment__course")
        .first()
    )
    return render(request, "courses/verify.html", {"certificate": issued, "code": code}, status=200 if issued else 404)
