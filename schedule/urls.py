from django.urls import path

from .views import feed, selection, teacher, timetable

app_name = "schedule"

# Stream selection and the waitlist (docs/modules.md#stream-selection).
selection_patterns = [
    path("selection/", selection.selection, name="selection"),
    path("selection/streams/<id:pk>/choose/", selection.choose, name="stream_choose"),
    path("selection/streams/<id:pk>/cancel/", selection.cancel, name="stream_cancel"),
    path("selection/streams/<id:pk>/switch/", selection.switch, name="stream_switch"),
    path("selection/streams/<id:pk>/waitlist/", selection.waitlist_join_view, name="waitlist_join"),
    path("selection/waitlist/<id:pk>/leave/", selection.waitlist_leave_view, name="waitlist_leave"),
    path("selection/waitlist/<id:pk>/claim/", selection.waitlist_claim_view, name="waitlist_claim"),
    path("streams/", selection.streams, name="streams"),
]

# Personal timetable, exams, calendar feed, teacher rosters (docs/modules.md#schedule, docs/modules.md#exams).
timetable_patterns = [
    path("", timetable.timetable, name="timetable"),
    path("lessons/<id:slot_id>/<str:day>/", timetable.lesson, name="lesson"),
    path("exams/<id:pk>/", timetable.exam, name="exam"),
    path("teaching/", teacher.teaching, name="teaching"),
    path("teaching/<id:pk>/", teacher.roster, name="roster"),
    path("feed/", feed.feed, name="feed"),
    path("feed/new-link/", feed.feed_rotate, name="feed_rotate"),
    path("feed/<slug:token>.ics", feed.feed_ics, name="feed_ics"),
]

urlpatterns = selection_patterns + timetable_patterns
