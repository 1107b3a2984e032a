from django.urls import path

from .views import plan, registration

app_name = "study_plan"

urlpatterns = [
    # Curriculum and registration tabs (SPEC §2.3, §2.3.1)
    path("", plan.curriculum, name="curriculum"),
    path("disciplines/<str:code>/", plan.discipline_detail, name="discipline"),
    path("registration/", registration.registration, name="registration"),
    path("registration/add/", registration.registration_add_view, name="registration_add"),
    path("registration/remove/", registration.registration_remove_view, name="registration_remove"),
]

# ---------------------------------------------------------------------------------------------------------------
# IUP, signatures, queues, transcript (SPEC §2.3.2, §2.15): added here by their module. The IUP tab appears on the
# study plan page as soon as "study_plan:iup" reverses.
# ---------------------------------------------------------------------------------------------------------------
from .urls_iup import urlpatterns as iup_urlpatterns  # noqa: E402

urlpatterns += iup_urlpatterns
