from django.urls import path

from .views import account

app_name = "finance"

urlpatterns = [
    path("", account.index, name="index"),
]

# top-ups (fin-pay): the student's, the office's receipt queue, the providers' callbacks
from .views import callbacks, topup  # noqa: E402

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
