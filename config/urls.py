from django.contrib import admin
from django.urls import include, path

from core.views import healthz
from people import urls as people_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("access/", include(people_urls.access_patterns)),
    path("", include("people.urls")),
    path("notifications/", include("notifications.urls")),
    path("messages/", include("messaging.urls")),
    path("study/", include("curriculum.urls")),
    path("calendar/", include("academic_calendar.urls")),
    path("schedule/", include("schedule.urls")),
    path("disciplines/", include("disciplines.urls")),
    path("assignments/", include("assignments.urls")),
    path("journal/", include("journal.urls")),
    path("finance/", include("finance.urls")),
    path("", include("documents.urls")),  # /verify/<code>/ and /documents/...
    path("requests/", include("requests_app.urls")),
    path("advisor/", include("advising.urls")),
    path("testing/", include("testing.urls")),
    path("courses/", include("courses.urls")),
    path("", include("cabinet.urls")),
]
