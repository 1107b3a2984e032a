from django.urls import path

from .views import edit, pages

app_name = "disciplines"

urlpatterns = [
    # My disciplines and a discipline's page with its syllabus (docs/modules.md#my-disciplines)
    path("", pages.index, name="index"),
    path("files/<id:pk>/", pages.lesson_file, name="lesson_file"),
    path("<str:code>/", pages.discipline, name="discipline"),
    path("<str:code>/lessons/<id:pk>/", pages.lesson, name="lesson"),
    # Teachers of the discipline edit its syllabus and lessons
    path("<str:code>/syllabus/edit/", edit.syllabus_edit, name="syllabus_edit"),
    path("<str:code>/weeks/<id:number>/edit/", edit.week_edit, name="week_edit"),
    path("<str:code>/weeks/<id:number>/lessons/new/", edit.lesson_create, name="lesson_create"),
    path("<str:code>/lessons/<id:pk>/edit/", edit.lesson_edit, name="lesson_edit"),
    path("<str:code>/lessons/<id:pk>/delete/", edit.lesson_remove, name="lesson_delete"),
    path("<str:code>/lessons/<id:pk>/<str:kind>/add/", edit.material_add, name="material_add"),
    path("<str:code>/lessons/<id:pk>/<str:kind>/<id:item>/delete/", edit.material_delete, name="material_delete"),
]
