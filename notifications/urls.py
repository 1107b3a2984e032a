from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("dropdown/", views.dropdown, name="dropdown"),
]
