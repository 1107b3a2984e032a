"""URLs of the IUP and the transcript; included into the "study_plan" namespace at /study/."""

from django.urls import path

from . import views_iup, views_transcript

urlpatterns = [
    path("iup/", views_iup.iup, name="iup"),
    path("iup/queue/", views_iup.iup_queue, name="iup_queue"),
    path("iup/queue/sign/", views_iup.iup_bulk_sign_view, name="iup_bulk_sign"),
    path("iup/<int:pk>/", views_iup.iup_review, name="iup_review"),
    path("iup/<int:pk>/sign/", views_iup.iup_sign_view, name="iup_sign"),
    path("iup/<int:pk>/return/", views_iup.iup_return_view, name="iup_return"),
    path("iup/<int:pk>/pdf/", views_iup.iup_pdf, name="iup_pdf"),
    path("transcript/", views_transcript.transcript, name="transcript"),
    path("transcript/pdf/", views_transcript.transcript_pdf, name="transcript_pdf"),
    path("transcript/official/", views_transcript.transcript_official_issue, name="transcript_official_issue"),
    path("transcript/official/<str:code>/", views_transcript.transcript_official_pdf, name="transcript_official_pdf"),
]
