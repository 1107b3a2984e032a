from django.urls import path
from django.views.generic import RedirectView

from .views import iup, plan, registration, transcript

app_name = "study_plan"

urlpatterns = [
    # Curriculum and registration tabs (docs/modules.md, §2.3, §2.3.1)
    path("", plan.curriculum, name="curriculum"),
    # the discipline page lives in My disciplines (disciplines.urls); the old address leads there
    path(
        "disciplines/<str:code>/",
        RedirectView.as_view(pattern_name="disciplines:discipline", permanent=True, query_string=True),
        name="discipline",
    ),
    path("registration/", registration.registration, name="registration"),
    path("registration/add/", registration.registration_add_view, name="registration_add"),
    path("registration/remove/", registration.registration_remove_view, name="registration_remove"),
    # The IUP, its signatures and queues (§2.3.2)
    path("iup/", iup.iup, name="iup"),
    path("iup/queue/", iup.iup_queue, name="iup_queue"),
    path("iup/queue/sign/", iup.iup_bulk_sign_view, name="iup_bulk_sign"),
    path("iup/<id:pk>/", iup.iup_review, name="iup_review"),
    path("iup/<id:pk>/sign/", iup.iup_sign_view, name="iup_sign"),
    path("iup/<id:pk>/sign/confirm/", iup.iup_sign_confirm, name="iup_sign_confirm"),
    path("iup/<id:pk>/return/", iup.iup_return_view, name="iup_return"),
    path("iup/<id:pk>/pdf/", iup.iup_pdf, name="iup_pdf"),
    # The transcript (§2.15)
    path("transcript/", transcript.transcript, name="transcript"),
    path("transcript/pdf/", transcript.transcript_pdf, name="transcript_pdf"),
    path("transcript/official/", transcript.transcript_official_issue, name="transcript_official_issue"),
    path("transcript/official/<str:code>/", transcript.transcript_official_pdf, name="transcript_official_pdf"),
]
