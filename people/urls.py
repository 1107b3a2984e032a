from django.urls import path

from .views import access, profile

app_name = "people"

# First access (§1): its own "access" namespace, as the e-mailed links name it.
access_patterns = (
    [
        path("first/", access.first_access_request, name="first_access"),
        path("first/sent/", access.first_access_sent, name="first_access_sent"),
        path("first/<uidb64>/<token>/", access.first_access_confirm, name="first_access_confirm"),
    ],
    "access",
)

urlpatterns = [
    path("profile/", profile.profile, name="profile"),
    path("settings/", profile.settings_page, name="settings"),
    path("settings/photo/remove/", profile.photo_remove, name="photo_remove"),
    path("settings/notifications/", profile.settings_notifications, name="settings_notifications"),
    path("settings/contacts/", profile.settings_contacts, name="settings_contacts"),
    path("settings/security/", profile.settings_security, name="settings_security"),
    path("people/<id:pk>/photo/", profile.photo, name="photo"),
]
