"""The registrar's admin of streams, slots, the exam timetable, the waitlist and calendar feeds."""

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import Notification
from people.tests.factories import StudentRecordFactory
from schedule.models import Exam, LessonType, Slot, Stream
from schedule.services.feed import calendar_feed_get_or_create
from schedule.tests.factories import (
    ExamFactory,
    SlotFactory,
    StreamChoiceFactory,
    StreamFactory,
    WaitlistEntryFactory,
)


@pytest.fixture
def office(client, registrar):
    registrar.language = "en"
    registrar.save(update_fields=["language"])
    client.force_login(registrar)
    return client


@pytest.fixture
def stream(db):
    stream = StreamFactory(capacity=3)
    SlotFactory(stream=stream)
    StreamChoiceFactory(stream=stream, student=StudentRecordFactory(user__language="en"))
    return stream


def stream_form(stream, **changes):
    data = {
        "discipline": stream.discipline_id,
        "term": stream.term_id,
        "kind": stream.kind,
        "code": stream.code,
        "teacher": stream.teacher_id,
        "language": stream.language,
        "capacity": stream.capacity,
        "slots-TOTAL_FORMS": 0,
        "slots-INITIAL_FORMS": 0,
        "slots-MIN_NUM_FORMS": 0,
        "slots-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


class TestPagesRender:
    @pytest.mark.parametrize("model", ["stream", "exam", "waitlistentry", "calendarfeed"])
    def test_changelist(self, office, stream, model):
        ExamFactory(stream=stream)
        WaitlistEntryFactory(stream=stream)
        calendar_feed_get_or_create(user=stream.teacher)
        response = office.get(reverse(f"admin:schedule_{model}_changelist"))
        assert response.status_code == 200
        assert stream.code in response.content.decode() or model == "calendarfeed"

    def test_stream_list_shows_seats(self, office, stream):
        html = office.get(reverse("admin:schedule_stream_changelist")).content.decode()
        assert "1 / 3" in html

    def test_stream_list_filters_and_search(self, office, stream):
        other = StreamFactory(kind=LessonType.LAB, code="LAB-9")
        url = reverse("admin:schedule_stream_changelist")
        html = office.get(url, {"kind": "lab"}).content.decode()
        assert "LAB-9" in html and f">{stream.code}<" not in html
        html = office.get(url, {"q": other.discipline.code}).content.decode()
        assert "LAB-9" in html and f">{stream.code}<" not in html

    @pytest.mark.parametrize("model", ["stream", "exam"])
    def test_add_and_change_forms(self, office, stream, model):
        exam = ExamFactory(stream=stream)
        assert office.get(reverse(f"admin:schedule_{model}_add")).status_code == 200
        obj = stream if model == "stream" else exam
        assert office.get(reverse(f"admin:schedule_{model}_change", args=[obj.pk])).status_code == 200

    def test_waitlist_is_read_only(self, office, stream):
        entry = WaitlistEntryFactory(stream=stream)
        html = office.get(reverse("admin:schedule_waitlistentry_change", args=[entry.pk])).content.decode()
        assert 'name="status"' not in html
        assert office.get(reverse("admin:schedule_waitlistentry_add")).status_code == 403

    def test_students_are_kept_out(self, client, student):
        client.force_login(student)
        response = client.get(reverse("admin:schedule_stream_changelist"))
        assert response.status_code == 302


class TestStreamAdmin:
    def test_saving_keeps_seats_taken_meanwhile(self, office, stream):
        """The form was opened with 1 seat taken; a student took another before it was saved."""
        StreamChoiceFactory(stream=stream)
        response = office.post(
            reverse("admin:schedule_stream_change", args=[stream.pk]), stream_form(stream, code="L-99")
        )
        assert response.status_code == 302
        stream.refresh_from_db()
        assert (stream.code, stream.taken) == ("L-99", 2)

    def test_capacity_below_seats_taken_is_refused(self, office, stream):
        StreamChoiceFactory(stream=stream)
        response = office.post(
            reverse("admin:schedule_stream_change", args=[stream.pk]), stream_form(stream, capacity=1)
        )
        assert response.status_code == 200
        assert "2 students already chose this stream" in response.content.decode()
        stream.refresh_from_db()
        assert stream.capacity == 3

    def test_add_a_stream_with_slots(self, office, stream):
        data = stream_form(stream, code="P-02", kind="practice")
        data.update(
            {
                "slots-TOTAL_FORMS": 1,
                "slots-0-weekday": 3,
                "slots-0-start_time": "10:00",
                "slots-0-end_time": "10:50",
                "slots-0-room": "101",
                "slots-0-online_url": "",
                "slots-0-start_date": "2026-09-01",
                "slots-0-end_date": "2026-12-20",
                "slots-0-parity": "even",
            }
        )
        response = office.post(reverse("admin:schedule_stream_add"), data)
        assert response.status_code == 302
        created = Stream.objects.get(code="P-02")
        assert created.taken == 0
        assert list(created.slots.values_list("weekday", "parity")) == [(3, "even")]

    def test_slot_outside_the_term_is_refused(self, office, stream):
        data = stream_form(stream, code="P-03")
        data.update(
            {
                "slots-TOTAL_FORMS": 1,
                "slots-0-weekday": 3,
                "slots-0-start_time": "10:00",
                "slots-0-end_time": "10:50",
                "slots-0-start_date": "2026-09-01",
                "slots-0-end_date": "2027-03-01",
                "slots-0-parity": "every",
            }
        )
        response = office.post(reverse("admin:schedule_stream_add"), data)
        assert response.status_code == 200
        assert "The lessons must fall within the term" in response.content.decode()
        assert not Stream.objects.filter(code="P-03").exists()
        assert Slot.objects.count() == 1


class TestExamAdmin:
    def test_add_an_exam_through_the_service(self, office, stream):
        response = office.post(
            reverse("admin:schedule_exam_add"),
            {
                "stream": stream.pk,
                "starts_at_0": "2026-12-21",
                "starts_at_1": "10:00",
                "ends_at_0": "2026-12-21",
                "ends_at_1": "12:00",
                "room": "Hall A",
                "test_url": "",
            },
        )
        assert response.status_code == 302
        exam = Exam.objects.get()
        assert (exam.room, dt.datetime.fromisoformat("2026-12-21T10:00+05:00")) == ("Hall A", exam.starts_at)
        assert Notification.objects.filter(url=f"/schedule/exams/{exam.pk}/").count() == 1

    def test_refused_exam_keeps_the_form(self, office, stream):
        response = office.post(
            reverse("admin:schedule_exam_add"),
            {
                "stream": stream.pk,
                "starts_at_0": "2026-12-21",
                "starts_at_1": "12:00",
                "ends_at_0": "2026-12-21",
                "ends_at_1": "10:00",
                "room": "Hall B",
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "The exam must end after it starts." in html
        assert 'value="Hall B"' in html
        assert not Exam.objects.exists()


class TestCalendarFeedAdmin:
    def test_revoke_action(self, office, stream):
        feed = calendar_feed_get_or_create(user=stream.teacher)
        old = feed.token
        response = office.post(
            reverse("admin:schedule_calendarfeed_changelist"), {"action": "revoke", "_selected_action": [feed.pk]}
        )
        assert response.status_code == 302
        feed.refresh_from_db()
        assert feed.token != old
