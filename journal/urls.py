from django.urls import path

from .views import certificates, columns, student, teacher

app_name = "journal"

urlpatterns = [
    path("", student.index, name="index"),
    path("advisees/", student.advisees, name="advisees"),
    path("certificates/", certificates.upload, name="certificate_upload"),
    path("certificates/pending/", certificates.pending, name="certificates_pending"),
    path("certificates/<id:pk>/file/", certificates.certificate_file, name="certificate_file"),
    path("certificates/<id:pk>/review/", certificates.review, name="certificate_review"),
    path("streams/<id:pk>/", teacher.grid, name="grid"),
    path("streams/<id:pk>/cell/", teacher.cell_save_view, name="cell_save"),
    path("streams/<id:pk>/changes/", teacher.changes, name="changes"),
    path("streams/<id:pk>/unlock/", teacher.unlock, name="unlock"),
    path("streams/<id:pk>/columns/new/", columns.column_new, name="column_new"),
    path("streams/<id:pk>/columns/<id:column>/edit/", columns.column_edit, name="column_edit"),
    path("streams/<id:pk>/columns/<id:column>/delete/", columns.column_delete, name="column_delete"),
    path("streams/<id:pk>/export/", teacher.export, name="export"),
    path("streams/<id:pk>/import/", teacher.import_view, name="import"),
]
