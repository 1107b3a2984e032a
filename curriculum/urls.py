from django.urls import path  # noqa: F401

app_name = "study_plan"

urlpatterns: list = []
