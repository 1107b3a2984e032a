"""The exam timetable's services: what the registrar may put on it, and who is told."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from curriculum.tests.factories import HolidayFactory
from notifications.models import Notification
from people.tests.factories import StudentRecordFactory
from schedule.models import Exam
from schedule.services.exams import exam_create, exam_set_test_url, exam_update
from schedule.tests.factories import ExamFactory, StreamChoiceFactory, StreamFactory


def at(day, hour):
    return timezone.make_aware(dt.datetime(2026, 12, day, hour))


@pytest.fixture
def stream(db):
    stream = StreamFactory()
    for _ in range(2):
        StreamChoiceFactory(stream=stream, student=StudentRecordFactory(user__language="en"))
    return stream


class TestExamCreate:
    def test_creates_and_notifies_the_stream_students(self, stream):
        bystander = StudentRecordFactory()
        exam = exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room=" 301 ")
        assert Exam.objects.get().room == "301"
        notes = Notification.objects.filter(url=f"/schedule/exams/{exam.pk}/")
        assert notes.count() == 2
        assert set(notes.values_list("recipient", flat=True)) == set(
            stream.choices.values_list("student__user", flat=True)
        )
        assert notes.first().title == f"Exam scheduled: {stream.discipline.name_en}"
        assert not Notification.objects.filter(recipient=bystander.user).exists()

    def test_without_notifications(self, stream):
        exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301", notify_students=False)
        assert not Notification.objects.exists()

    @pytest.mark.parametrize(
        ("values", "field"),
        [
            ({"starts_at": at(21, 12), "ends_at": at(21, 10), "room": "301"}, "ends_at"),
            ({"starts_at": at(21, 10), "ends_at": at(21, 12), "room": " "}, "room"),
            ({"starts_at": at(21, 10), "ends_at": at(21, 12), "room": "301", "test_url": "/testing/1/"}, "test_url"),
            (
                {"starts_at": at(21, 10), "ends_at": at(21, 12), "is_online": True, "test_url": "javascript:alert(1)"},
                "test_url",
            ),
            (
                {"starts_at": at(21, 10), "ends_at": at(21, 12), "is_online": True, "test_url": "//evil.kz/x"},
                "test_url",
            ),
            (  # a browser reads "/\\" as "//": another site (issue 9, part 7.8)
                {"starts_at": at(21, 10), "ends_at": at(21, 12), "is_online": True, "test_url": "/\\evil.example/"},
                "test_url",
            ),
            (
                {"starts_at": at(21, 10), "ends_at": at(21, 12), "is_online": True, "test_url": "https://a\\@b.kz/"},
                "test_url",
            ),
        ],
    )
    def test_refused_with_a_reason_and_nothing_saved(self, stream, values, field):
        with pytest.raises(ValidationError) as error:
            exam_create(stream=stream, **values)
        assert field in error.value.message_dict
        assert not Exam.objects.exists()
        assert not Notification.objects.exists()

    def test_a_public_holiday_is_refused(self, stream):
        HolidayFactory(date=dt.date(2026, 12, 16), name_en="Independence Day")
        with pytest.raises(ValidationError) as error, translation.override("en"):
            exam_create(stream=stream, starts_at=at(16, 10), ends_at=at(16, 12), room="301")
        assert error.value.message_dict["starts_at"] == ["16 December 2026 is a public holiday: Independence Day."]
        assert not Exam.objects.exists()

    def test_online_test_needs_no_room(self, stream):
        exam = exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), is_online=True)
        assert exam.is_online and exam.room == "" and exam.test_url == ""

    def test_room_taken_by_another_discipline_is_refused(self, stream):
        other = StreamFactory(term=stream.term)
        ExamFactory(stream=other, starts_at=at(21, 11), ends_at=at(21, 13), room="301")
        with pytest.raises(ValidationError) as error:
            exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301")
        assert "301" in error.value.message_dict["room"][0]
        assert Exam.objects.count() == 1

    def test_streams_of_one_discipline_may_sit_together(self, stream):
        sibling = StreamFactory(term=stream.term, discipline=stream.discipline, code="L-02")
        ExamFactory(stream=sibling, starts_at=at(21, 10), ends_at=at(21, 12), room="Hall A")
        exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="hall a")
        assert Exam.objects.count() == 2

    def test_back_to_back_in_one_room_is_fine(self, stream):
        ExamFactory(stream=StreamFactory(term=stream.term), starts_at=at(21, 8), ends_at=at(21, 10), room="301")
        exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301")
        assert Exam.objects.count() == 2


class TestExamUpdate:
    def test_moving_notifies_the_students(self, stream):
        exam = exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301", notify_students=False)
        exam_update(exam=exam, starts_at=at(22, 10), ends_at=at(22, 12), room="301")
        exam.refresh_from_db()
        assert exam.starts_at == at(22, 10)
        assert Notification.objects.filter(title_msgid__startswith="Exam moved").count() == 2

    def test_a_change_that_is_not_a_move_does_not_notify(self, stream):
        exam = exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301", notify_students=False)
        exam_update(exam=exam, starts_at=at(21, 10), ends_at=at(21, 12), room="301", is_online=True, test_url="/t/1/")
        exam.refresh_from_db()
        assert exam.is_online and exam.test_url == "/t/1/"
        assert not Notification.objects.exists()

    def test_its_own_slot_is_not_a_clash(self, stream):
        exam = exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301", notify_students=False)
        exam_update(exam=exam, starts_at=at(21, 10), ends_at=at(21, 13), room="301", notify_students=False)
        exam.refresh_from_db()
        assert exam.ends_at == at(21, 13)

    def test_create_and_update_write_alike_and_a_room_exam_keeps_no_link(self, stream):
        exam = exam_create(
            stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), is_online=True, test_url="/testing/3/"
        )
        exam.refresh_from_db()
        assert (exam.room, exam.test_url) == ("", "/testing/3/")
        exam_update(exam=exam, starts_at=at(21, 10), ends_at=at(21, 12), room=" 301 ", notify_students=False)
        exam.refresh_from_db()
        assert (exam.room, exam.is_online, exam.test_url) == ("301", False, "")

    def test_refused_update_changes_nothing(self, stream):
        exam = exam_create(stream=stream, starts_at=at(21, 10), ends_at=at(21, 12), room="301", notify_students=False)
        with pytest.raises(ValidationError):
            exam_update(exam=exam, starts_at=at(21, 10), ends_at=at(21, 9), room="301")
        exam.refresh_from_db()
        assert exam.ends_at == at(21, 12)


class TestTestLink:
    def test_the_testing_module_fills_the_link(self, stream):
        exam = ExamFactory(stream=stream, room="", is_online=True)
        exam_set_test_url(exam=exam, test_url="/testing/5/")
        exam.refresh_from_db()
        assert exam.test_url == "/testing/5/"

    def test_a_room_exam_has_no_test_link(self, stream):
        exam = ExamFactory(stream=stream)
        with pytest.raises(ValidationError):
            exam_set_test_url(exam=exam, test_url="/testing/5/")
        exam.refresh_from_db()
        assert exam.test_url == ""
