"""URLs of testing; each part of the module adds its block (docs/modules.md)."""

from django.urls import path  # noqa: F401

app_name = "testing"

urlpatterns = []
