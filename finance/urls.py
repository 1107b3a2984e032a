from django.urls import path

from .views import account, callbacks, staff, topup

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

# top-ups (fin-pay): the student's, the office's receipt queue, the providers' callbacks
urlpatterns += [
    path("top-up/", topup.topup, name="topup"),
    path("top-up/<id:pk>/", topup.topup_detail, name="topup_detail"),
    path("top-up/<id:pk>/receipt/", topup.topup_receipt, name="topup_receipt"),
    path("receipts/", topup.receipts, name="receipts"),
    path("receipts/<id:pk>/", topup.receipt, name="receipt"),
    path("receipts/<id:pk>/file/", topup.receipt_file, name="receipt_file"),
    path("receipts/<id:pk>/confirm/", topup.receipt_confirm, name="receipt_confirm"),
    path("receipts/<id:pk>/reject/", topup.receipt_reject, name="receipt_reject"),
    path("callbacks/halyk/", callbacks.callback_halyk, name="callback_halyk"),
    path("callbacks/kaspi/", callbacks.callback_kaspi, name="callback_kaspi"),
]
