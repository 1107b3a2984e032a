"""URLs of testing; each part of the module adds its block (docs/modules.md#testing)."""

from django.urls import path

from .views import files, proctoring

app_name = "testing"

urlpatterns = [
    path("questions/<id:pk>/files/<str:name>", files.question_file, name="question_file"),
]

# Proctoring (issue 12, part 3; docs/modules.md#proctoring)
urlpatterns += [
    path("<id:pk>/proctoring/", proctoring.rules, name="proctoring_rules"),
    path("<id:pk>/proctoring/check/", proctoring.check, name="proctoring_check"),
    path("<id:pk>/proctoring/photo/", proctoring.photo, name="proctoring_photo"),
    path("proctoring/checks/<id:pk>/photo/", proctoring.photo_file, name="proctoring_photo_file"),
    path("attempts/<id:pk>/proctoring/heartbeat/", proctoring.heartbeat, name="proctoring_heartbeat"),
    path("attempts/<id:pk>/proctoring/event/", proctoring.event, name="proctoring_event"),
    path("attempts/<id:pk>/proctoring/resume/", proctoring.resume, name="proctoring_resume"),
    path("attempts/<id:pk>/proctoring/closed/", proctoring.closed, name="proctoring_closed"),
    path("manage/<id:pk>/proctoring/", proctoring.review, name="proctoring_review"),
    path("proctoring/attempts/<id:pk>/", proctoring.attempt_detail, name="proctoring_attempt"),
    path("proctoring/webhook/<str:backend>/", proctoring.webhook, name="proctoring_webhook"),
]
