from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("dropdown/", views.dropdown, name="dropdown"),
    path("<id:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
]
