from django.urls import path

from . import views

app_name = "advising"

urlpatterns = [
    path("", views.index, name="index"),
    path("materials/", views.materials, name="materials"),
    path("materials/new/", views.material_create_view, name="material_create"),
    path("materials/<id:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<id:pk>/delete/", views.material_delete_view, name="material_delete"),
    path("materials/<id:pk>/file/", views.material_file, name="material_file"),
    path("students/", views.students, name="students"),
]
