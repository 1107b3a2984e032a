"""URLs of testing; each part of the module adds its block (docs/modules.md#testing)."""

from django.urls import path

from .views import files

app_name = "testing"

urlpatterns = [
    path("questions/<id:pk>/files/<str:name>", files.question_file, name="question_file"),
]
