"""The teacher's streams and rosters: only their own."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.tests.factories import StudentRecordFactory, TeacherFactory
from schedule.models import LessonType
from schedule.tests.factories import ExamFactory, SlotFactory, StreamChoiceFactory, StreamFactory
from university.models import AcademicYear, Term
from university.tests.factories import StudyGroupFactory

TEACHING = reverse("schedule:teaching")


@pytest.fixture
def english_teacher(teacher):
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    return teacher


@pytest.fixture
def stream(english_teacher):
    stream = StreamFactory(teacher=english_teacher, kind=LessonType.PRACTICE, code="P-07", capacity=25)
    SlotFactory(stream=stream, weekday=2, start_time=dt.time(14), end_time=dt.time(14, 50), room="305")
    return stream


class TestTeaching:
    def test_lists_own_streams_with_seats_and_slots(self, client, english_teacher, stream):
        foreign = StreamFactory(term=stream.term, code="X-99")
        group = StudyGroupFactory(name="IT-24-01")
        for _ in range(3):
            StreamChoiceFactory(stream=stream, student=StudentRecordFactory(group=group))
        ExamFactory(stream=stream)
        client.force_login(english_teacher)
        html = client.get(TEACHING).content.decode()
        assert stream.discipline.name_en in html
        assert "P-07" in html and "X-99" not in html and foreign.discipline.name_en not in html
        assert "3 of 25 seats taken" in html
        assert html.count("IT-24-01</td>") == 3  # the roster inside the card
        assert "Wednesday, 14:00–14:50" in html
        assert reverse("schedule:roster", args=[stream.pk]) in html

    def test_term_switch(self, client, english_teacher, stream):
        spring_year = AcademicYear.objects.get()
        spring = Term.objects.create(
            academic_year=spring_year,
            kind=Term.Kind.SPRING,
            start_date=dt.date(2027, 1, 20),
            end_date=dt.date(2027, 5, 31),
        )
        later = StreamFactory(teacher=english_teacher, term=spring, code="L-55")
        client.force_login(english_teacher)
        html = client.get(TEACHING, {"term": spring.pk}).content.decode()
        assert "L-55" in html and "P-07" not in html
        html = client.get(TEACHING, {"term": "garbage"}).content.decode()
        assert later.code in html or stream.code in html  # falls back to a term the teacher teaches in

    def test_no_streams(self, client, db):
        lonely = TeacherFactory(language="en")
        client.force_login(lonely)
        assert "You teach no streams this term" in client.get(TEACHING).content.decode()

    def test_students_get_404(self, client, student):
        client.force_login(student)
        assert client.get(TEACHING).status_code == 404

    def test_query_budget(self, client, english_teacher, stream, django_assert_max_num_queries):
        client.force_login(english_teacher)
        with CaptureQueriesContext(connection) as few:
            client.get(TEACHING)
        for _ in range(6):
            more = StreamFactory(teacher=english_teacher, term=stream.term, groups=[StudyGroupFactory()])
            SlotFactory(stream=more)
            ExamFactory(stream=more)
            StreamChoiceFactory(stream=more)
        with django_assert_max_num_queries(len(few)):
            client.get(TEACHING)


class TestRoster:
    def test_lists_the_students_who_chose_the_stream(self, client, english_teacher, stream):
        group = StudyGroupFactory(name="CS-23-02")
        alice = StudentRecordFactory(
            group=group, student_number="S2300042", user__last_name="Abenova", user__first_name="Aruzhan"
        )
        StreamChoiceFactory(stream=stream, student=alice)
        bystander = StudentRecordFactory(user__last_name="Zhaksylykov")
        client.force_login(english_teacher)
        html = client.get(reverse("schedule:roster", args=[stream.pk])).content.decode()
        assert "Abenova Aruzhan" in html and "CS-23-02" in html and "S2300042" in html
        assert "Zhaksylykov" not in html
        assert bystander.student_number not in html
        assert "1 student of 25 seats" in html

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("kk", ["Абаев", "Әлиев", "Ерлан", "Ёлкин", "Қасымов", "Тоқаев", "Үсенова", "Шәкенов"]),
            ("ru", ["Абаев", "Әлиев", "Ёлкин", "Ерлан", "Қасымов", "Тоқаев", "Үсенова", "Шәкенов"]),
        ],
    )
    def test_the_roster_is_in_the_readers_alphabet(self, client, english_teacher, stream, language, expected):
        """By character code Ә, Қ and Ү came after Т and Ш, and Ё before А (issue 9, §5.7)."""
        for name in reversed(expected):
            StreamChoiceFactory(stream=stream, student=StudentRecordFactory(user__last_name=name))
        english_teacher.language = language
        english_teacher.save(update_fields=["language"])
        client.force_login(english_teacher)
        html = client.get(reverse("schedule:roster", args=[stream.pk])).content.decode()
        assert sorted(expected, key=html.index) == expected

    def test_another_teachers_roster_is_404(self, client, stream):
        client.force_login(TeacherFactory())
        assert client.get(reverse("schedule:roster", args=[stream.pk])).status_code == 404

    def test_a_student_of_the_stream_gets_404(self, client, stream):
        record = StudentRecordFactory()
        StreamChoiceFactory(stream=stream, student=record)
        client.force_login(record.user)
        assert client.get(reverse("schedule:roster", args=[stream.pk])).status_code == 404

    def test_missing_stream_is_404(self, client, english_teacher):
        client.force_login(english_teacher)
        assert client.get(reverse("schedule:roster", args=[999999])).status_code == 404

    def test_query_budget(self, client, english_teacher, stream, django_assert_max_num_queries):
        StreamChoiceFactory(stream=stream)
        client.force_login(english_teacher)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("schedule:roster", args=[stream.pk]))
        for _ in range(10):
            StreamChoiceFactory(stream=stream)
        with django_assert_max_num_queries(len(few)):
            response = client.get(reverse("schedule:roster", args=[stream.pk]))
        assert response.content.decode().count('data-testid="roster-row"') == 11
