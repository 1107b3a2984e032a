from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("settings/", views.settings_page, name="settings"),
    path("people/<int:pk>/photo/", views.photo, name="photo"),
]
