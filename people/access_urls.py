from django.urls import path

from . import access_views

app_name = "access"

urlpatterns = [
    path("first/", access_views.first_access_request, name="first_access"),
    path("first/sent/", access_views.first_access_sent, name="first_access_sent"),
    path("first/<uidb64>/<token>/", access_views.first_access_confirm, name="first_access_confirm"),
]
