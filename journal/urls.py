from django.urls import path

from .views import student, teacher

app_name = "journal"

urlpatterns = [
    path("", student.index, name="index"),
    path("advisees/", student.advisees, name="advisees"),
    path("streams/<id:pk>/", teacher.grid, name="grid"),
    path("streams/<id:pk>/cell/", teacher.cell_save_view, name="cell_save"),
    path("streams/<id:pk>/changes/", teacher.changes, name="changes"),
    path("streams/<id:pk>/unlock/", teacher.unlock, name="unlock"),
]
