"""URLs of testing; each part of the module adds its block (docs/modules.md#testing)."""

from django.urls import path

from .views import attempt, files, proctoring, results, student, transfer
from .views.authoring import banks as authoring_banks
from .views.authoring import questions as authoring_questions
from .views.authoring import quizzes as authoring_quizzes

app_name = "testing"

urlpatterns = [
    path("questions/<id:pk>/files/<str:name>", files.question_file, name="question_file"),
    # import and export of question banks, Moodle XML and GIFT (formats part: testing/views/transfer.py)
    path("banks/<id:pk>/import/", transfer.bank_import_view, name="bank_import"),
    path("banks/<id:pk>/export/<str:fmt>/", transfer.bank_export_view, name="bank_export"),
]

# --- authoring (teachers): banks, question editor, test builder ---
urlpatterns += [
    path("banks/", authoring_banks.banks, name="banks"),
    path("banks/<id:pk>/", authoring_banks.bank, name="bank"),
    path("banks/<id:pk>/edit/", authoring_banks.bank_edit, name="bank_edit"),
    path("banks/<id:pk>/delete/", authoring_banks.bank_delete_view, name="bank_delete"),
    path("banks/<id:pk>/questions/add/<str:qtype>/", authoring_questions.question_create, name="question_create"),
    path("questions/<id:pk>/", authoring_questions.question_preview, name="question_preview"),
    path("questions/<id:pk>/edit/", authoring_questions.question_edit, name="question_edit"),
    path("questions/<id:pk>/delete/", authoring_questions.question_delete_view, name="question_delete"),
    path("questions/<id:pk>/images/", authoring_questions.question_file_upload, name="question_file_upload"),
    path(
        "questions/<id:pk>/images/<id:file_id>/delete/",
        authoring_questions.question_file_remove,
        name="question_file_remove",
    ),
    path("manage/", authoring_quizzes.manage, name="manage"),
    path("manage/new/", authoring_quizzes.quiz_create_view, name="quiz_create"),
    path("manage/<id:pk>/", authoring_quizzes.quiz_edit, name="quiz_edit"),
    path("manage/<id:pk>/questions/", authoring_quizzes.quiz_questions, name="quiz_questions"),
    path("manage/<id:pk>/extra-time/", authoring_quizzes.quiz_accommodations, name="quiz_accommodations"),
    path("manage/<id:pk>/publish/", authoring_quizzes.quiz_publish_view, name="quiz_publish"),
    path("manage/<id:pk>/unpublish/", authoring_quizzes.quiz_unpublish_view, name="quiz_unpublish"),
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
