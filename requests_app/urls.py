from django.urls import path

from .views import requests

app_name = "requests"

urlpatterns = [
    path("", requests.index, name="index"),
    path("add/", requests.add, name="add"),
    path("queue/", requests.queue, name="queue"),
]
