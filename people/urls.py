from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/photo/remove/", views.photo_remove, name="photo_remove"),
    path("settings/notifications/", views.settings_notifications, name="settings_notifications"),
    path("settings/contacts/", views.settings_contacts, name="settings_contacts"),
    path("settings/security/", views.settings_security, name="settings_security"),
    path("people/<int:pk>/photo/", views.photo, name="photo"),
]
