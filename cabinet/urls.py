from django.urls import path

from . import views

app_name = "cabinet"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("m/<slug:slug>/", views.module_unavailable, name="module"),
    path("language/", views.set_language, name="set_language"),
]
