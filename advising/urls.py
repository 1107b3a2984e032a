from django.urls import path

from .views import advisor

app_name = "advising"

urlpatterns = [
    path("", advisor.index, name="index"),
]
