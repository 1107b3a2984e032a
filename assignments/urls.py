from django.urls import path

from .views import files, student, teacher

app_name = "assignments"

urlpatterns = [
    # the student's side (and the one menu entry, which shows teachers their assignments)
    path("", student.index, name="index"),
    path("<id:pk>/", student.detail, name="detail"),
    path("<id:pk>/answer/", student.answer_save, name="answer_save"),
    path("<id:pk>/answer/files/<id:file_id>/remove/", student.answer_file_remove, name="answer_file_remove"),
    path("<id:pk>/messages/", student.message, name="message"),
    # the teacher's side
    path("new/", teacher.create, name="create"),
    path("<id:pk>/queue/", teacher.queue, name="queue"),
    path("<id:pk>/students/<id:student_id>/", teacher.work, name="work"),
    path("<id:pk>/students/<id:student_id>/grade/", teacher.grade, name="grade"),
    path("<id:pk>/students/<id:student_id>/return/", teacher.return_for_rework, name="return"),
    path("<id:pk>/students/<id:student_id>/messages/", teacher.work_message, name="work_message"),
    # files, access-checked
    path("materials/<id:pk>/", files.material_file, name="material_file"),
    path("answers/<id:pk>/", files.answer_file, name="answer_file"),
]
