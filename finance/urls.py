from django.urls import path

from .views import account, staff

app_name = "finance"

urlpatterns = [
    path("", account.index, name="index"),
]

# --- the student's actions and the office's pages (fin-pages) ---
urlpatterns += [
    path("pay/", account.pay, name="pay"),
    path("statement/", account.statement, name="statement"),
    path("students/", staff.students, name="students"),
    path("students/<id:pk>/", staff.student, name="student"),
    path("students/<id:pk>/statement/", staff.student_statement, name="student_statement"),
    path("students/<id:pk>/discount/", staff.student_discount, name="student_discount"),
    path("students/<id:pk>/reverse/", staff.student_reverse, name="student_reverse"),
    path("students/<id:pk>/refund/", staff.student_refund, name="student_refund"),
    path("students/<id:pk>/hold/", staff.student_hold_sync, name="student_hold_sync"),
    path("tuition/", staff.tuition, name="tuition"),
    path("tuition/start/", staff.tuition_start, name="tuition_start"),
]
