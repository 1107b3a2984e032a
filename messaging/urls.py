from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.index, name="index"),
    path("dropdown/", views.dropdown, name="dropdown"),
    path("unread/", views.unread, name="unread"),
    path("new/", views.new, name="new"),
    path("<id:pk>/", views.conversation, name="conversation"),
    path("<id:pk>/poll/", views.poll, name="poll"),
    path("stream/<id:pk>/", views.stream, name="stream"),
    path("attachment/<id:pk>/", views.attachment, name="attachment"),
]
