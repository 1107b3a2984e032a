"""URLs of testing; each part of the module adds its block (docs/modules.md#testing)."""

from django.urls import path

from .views import attempt, files, results, student

app_name = "testing"

urlpatterns = [
    path("questions/<id:pk>/files/<str:name>", files.question_file, name="question_file"),
]

# The testing engine and the student's pages (issue 12, part 2)
urlpatterns += [
    path("", student.index, name="index"),
    path("<id:pk>/", student.detail, name="detail"),
    path("<id:pk>/start/", student.start, name="start"),
    path("attempts/<id:pk>/", attempt.attempt_page, name="attempt"),
    path("attempts/<id:pk>/answer/", attempt.answer, name="answer"),
    path("attempts/<id:pk>/clock/", attempt.clock, name="clock"),
    path("attempts/<id:pk>/finish/", attempt.finish, name="finish"),
    path("attempts/<id:pk>/result/", attempt.result, name="result"),
    path("manage/<id:pk>/results/", results.quiz_results, name="quiz_results"),
    path("manage/slots/<id:pk>/grade/", results.grade_slot, name="grade_slot"),
]
