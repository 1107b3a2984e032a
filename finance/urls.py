from django.urls import path

from .views import account, topup

app_name = "finance"

urlpatterns = [
    # the student's finance page and staff's view of a student's (views/account.py)
    path("", account.index, name="index"),
    path("students/<id:pk>/", account.student, name="student"),
    # top-ups and their providers (views/topup.py)
    path("topup/", topup.topup, name="topup"),
    path("receipts/", topup.receipts, name="receipts"),
]
