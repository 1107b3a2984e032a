from django.urls import path

from .views import student, teacher

app_name = "journal"

urlpatterns = [
    path("", student.index, name="index"),
    path("advisees/", student.advisees, name="advisees"),
    path("streams/<int:pk>/", teacher.grid, name="grid"),
    path("streams/<int:pk>/cell/", teacher.cell_save_view, name="cell_save"),
    path("streams/<int:pk>/changes/", teacher.changes, name="changes"),
    path("streams/<int:pk>/unlock/", teacher.unlock, name="unlock"),
]
