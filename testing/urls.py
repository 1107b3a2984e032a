"""URLs of testing; each part of the module adds its block (docs/modules.md#testing)."""

from django.urls import path

from .views import files, transfer

app_name = "testing"

urlpatterns = [
    path("questions/<id:pk>/files/<str:name>", files.question_file, name="question_file"),
    # import and export of question banks, Moodle XML and GIFT (formats part: testing/views/transfer.py)
    path("banks/<id:pk>/import/", transfer.bank_import_view, name="bank_import"),
    path("banks/<id:pk>/export/<str:fmt>/", transfer.bank_export_view, name="bank_export"),
]
