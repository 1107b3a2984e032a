from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("dropdown/", views.dropdown, name="dropdown"),
]
