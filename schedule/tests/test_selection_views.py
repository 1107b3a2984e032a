"""Stream selection pages: full page and htmx partials, each action with and without HX-Request, access, and the
query budget of the selection page."""

import pytest
from django.urls import reverse

from curriculum.tests.factories import DisciplineFactory, RegistrationFactory
from people.tests.factories import StudentFactory, TeacherFactory
from schedule.models import LessonType, Slot, Stream, StreamChoice, WaitlistEntry
from schedule.services import stream_cancel, stream_choose, waitlist_join
from schedule.tests.factories import (
    SlotFactory,
    StreamChoiceFactory,
    StreamFactory,
    registered_student,
    stream_with_slot,
)
from university.tests.factories import StudyGroupFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def me(term, discipline):
    record = registered_student(term, discipline)
    record.user.language = "en"
    record.user.save()
    return record


@pytest.fixture
def lecture(term, discipline):
    return stream_with_slot(term=term, discipline=discipline, code="L-01", capacity=30)


@pytest.fixture
def client_me(client, me):
    client.force_login(me.user)
    return client


def selection_url(stream, view="type"):
    return f"{reverse('schedule:selection')}?term={stream.term_id}&discipline={stream.discipline_id}&view={view}"


def taken(stream) -> int:
    return Stream.objects.get(pk=stream.pk).taken


def test_the_page_shows_iup_disciplines_and_streams_with_free_seats(client_me, lecture):
    StreamChoiceFactory.create_batch(27, stream=lecture)

    response = client_me.get(reverse("schedule:selection"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'data-testid="discipline-list"' in html
    assert "CS101" in html and "Algorithms" in html
    assert "3 of 30 free" in html
    assert "Monday, 09:00–09:50" in html
    assert lecture.teacher.get_full_name() in html
    assert 'data-testid="choose"' in html


def test_the_streams_panel_alone_answers_htmx(client_me, lecture):
    response = client_me.get(selection_url(lecture), **HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<section id="streams-panel"')
    assert 'hx-swap-oob="true"' in html  # the disciplines list comes along, out of band
    assert "30 of 30 free" in html


def test_a_discipline_is_checked_when_all_its_types_are_chosen(client_me, me, lecture, term, discipline):
    practice = stream_with_slot(term=term, discipline=discipline, kind=LessonType.PRACTICE, weekday=Slot.Weekday.FRIDAY)
    stream_choose(student=me, stream=lecture, actor=me.user)

    before = client_me.get(selection_url(lecture)).content.decode()
    stream_choose(student=me, stream=practice, actor=me.user)
    after = client_me.get(selection_url(lecture)).content.decode()

    assert 'data-complete="false"' in before and "1/2" in before
    assert 'data-complete="true"' in after


def test_by_group_shows_the_streams_of_my_group_first(client_me, me, term, discipline):
    other_group = StudyGroupFactory()
    stream_with_slot(term=term, discipline=discipline, code="L-01", groups=[other_group])
    stream_with_slot(term=term, discipline=discipline, code="L-02", groups=[me.group], weekday=Slot.Weekday.FRIDAY)

    by_type = client_me.get(selection_url(Stream.objects.first(), "type")).content.decode()
    by_group = client_me.get(selection_url(Stream.objects.first(), "group")).content.decode()

    assert by_type.index('data-stream="L-01"') < by_type.index('data-stream="L-02"')
    assert by_group.index('data-stream="L-02"') < by_group.index('data-stream="L-01"')
    assert "For your group" in by_group


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_choose(client_me, me, lecture, headers):
    response = client_me.post(reverse("schedule:stream_choose", args=[lecture.pk]), {"view": "type"}, **headers)

    assert taken(lecture) == 1
    assert StreamChoice.objects.filter(student=me, stream=lecture).exists()
    if headers:
        html = response.content.decode()
        assert response.status_code == 200
        assert "29 of 30 free" in html and "You are in stream L-01." in html
        assert 'data-testid="cancel"' in html
        # the discipline's line in the list comes along out of band, now checked (its only type is chosen)
        assert f'id="discipline-{lecture.discipline_id}"' in html and 'hx-swap-oob="true"' in html
        assert 'data-complete="true"' in html
    else:
        assert response.status_code == 302 and response.url == selection_url(lecture)
        page = client_me.get(response.url).content.decode()
        assert "You are in stream L-01." in page and "29 of 30 free" in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_double_click_makes_one_choice_and_a_calm_message(client_me, me, lecture, headers):
    url = reverse("schedule:stream_choose", args=[lecture.pk])
    client_me.post(url, **headers)

    response = client_me.post(url, follow=not headers, **headers)

    assert response.status_code == 200
    assert "You are already in stream L-01." in response.content.decode()
    assert StreamChoice.objects.filter(student=me).count() == 1
    assert taken(lecture) == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_stale_page_gets_the_full_message_and_fresh_numbers(client_me, me, term, discipline, headers):
    small = stream_with_slot(term=term, discipline=discipline, code="L-05", capacity=1)
    client_me.get(selection_url(small))  # the page showed "1 of 1 free"
    StreamChoiceFactory(stream=small)  # ...and someone took it meanwhile

    response = client_me.post(reverse("schedule:stream_choose", args=[small.pk]), follow=not headers, **headers)

    html = response.content.decode()
    assert "This stream is full" in html
    assert "0 of 1 free" in html
    assert 'data-testid="join-waitlist"' in html
    assert not StreamChoice.objects.filter(student=me).exists()
    assert taken(small) == 1


def test_a_refusal_is_shown_and_changes_nothing(client_me, me, term):
    stranger = stream_with_slot(term=term, discipline=DisciplineFactory(code="MA200"))

    response = client_me.post(reverse("schedule:stream_choose", args=[stranger.pk]), **HTMX)

    assert "is not in your IUP" in response.content.decode()
    assert taken(stranger) == 0


def test_a_forged_student_in_the_request_is_ignored(client_me, me, lecture, term, discipline):
    victim = registered_student(term, discipline)
    StreamChoiceFactory(student=victim, stream=lecture)

    client_me.post(reverse("schedule:stream_cancel", args=[lecture.pk]), {"student": victim.pk}, **HTMX)
    client_me.post(reverse("schedule:stream_choose", args=[lecture.pk]), {"student": victim.pk})

    assert StreamChoice.objects.filter(student=victim, stream=lecture).exists()
    assert StreamChoice.objects.filter(student=me, stream=lecture).exists()
    assert taken(lecture) == 2


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_cancel(client_me, me, lecture, headers):
    stream_choose(student=me, stream=lecture, actor=me.user)

    response = client_me.post(reverse("schedule:stream_cancel", args=[lecture.pk]), **headers)

    assert taken(lecture) == 0
    assert not StreamChoice.objects.filter(student=me).exists()
    assert response.status_code == (200 if headers else 302)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_switch(client_me, me, lecture, term, discipline, headers):
    other = stream_with_slot(term=term, discipline=discipline, code="L-02", weekday=Slot.Weekday.TUESDAY)
    stream_choose(student=me, stream=lecture, actor=me.user)
    page = client_me.get(selection_url(lecture)).content.decode()
    assert 'data-testid="switch"' in page

    response = client_me.post(reverse("schedule:stream_switch", args=[other.pk]), {"from": lecture.pk}, **headers)

    assert StreamChoice.objects.get(student=me).stream_id == other.pk
    assert (taken(lecture), taken(other)) == (0, 1)
    if headers:
        assert "You switched to stream L-02." in response.content.decode()


def test_switch_from_a_stream_that_is_not_mine_changes_nothing(client_me, me, lecture, term, discipline):
    other = stream_with_slot(term=term, discipline=discipline, code="L-02", weekday=Slot.Weekday.TUESDAY)
    someone = StreamChoiceFactory(stream=lecture)

    response = client_me.post(reverse("schedule:stream_switch", args=[other.pk]), {"from": lecture.pk}, **HTMX)

    assert "You are not in stream L-01." in response.content.decode()
    assert StreamChoice.objects.get(pk=someone.pk).stream_id == lecture.pk
    assert (taken(lecture), taken(other)) == (1, 0)


def test_switch_without_from_is_404(client_me, lecture):
    assert client_me.post(reverse("schedule:stream_switch", args=[lecture.pk]), {"from": "x"}).status_code == 404


def test_a_clash_is_named_on_the_card_and_refused(client_me, me, lecture, term):
    physics = DisciplineFactory(code="PH110")
    RegistrationFactory(student=me, discipline=physics, term=term)
    clashing = stream_with_slot(term=term, discipline=physics, code="P-07", start=(9, 30), end=(10, 20))
    stream_choose(student=me, stream=lecture, actor=me.user)

    page = client_me.get(selection_url(clashing)).content.decode()
    response = client_me.post(reverse("schedule:stream_choose", args=[clashing.pk]), **HTMX)

    assert "Clashes with your stream L-01 of CS101 on Monday, 09:00–09:50." in page
    assert "clashes with your stream L-01" in response.content.decode()
    assert taken(clashing) == 0


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_waitlist_join_claim_and_leave(client_me, me, term, discipline, headers):
    small = stream_with_slot(term=term, discipline=discipline, code="L-05", capacity=1)
    holder = StreamChoiceFactory(stream=small).student

    client_me.post(reverse("schedule:waitlist_join", args=[small.pk]), **headers)
    entry = WaitlistEntry.objects.get(student=me)
    page = client_me.get(selection_url(small)).content.decode()
    assert "You are number 1 in the waitlist." in page

    stream_cancel(student=holder, stream=small, actor=None)
    page = client_me.get(selection_url(small)).content.decode()
    assert "A seat is held for you until" in page
    response = client_me.post(reverse("schedule:waitlist_claim", args=[entry.pk]), **headers)

    assert StreamChoice.objects.filter(student=me, stream=small).exists()
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.CLAIMED
    assert response.status_code == (200 if headers else 302)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_waitlist_leave(client_me, me, term, discipline, headers):
    small = stream_with_slot(term=term, discipline=discipline, code="L-05", capacity=1)
    StreamChoiceFactory(stream=small)
    entry = waitlist_join(student=me, stream=small)

    client_me.post(reverse("schedule:waitlist_leave", args=[entry.pk]), **headers)

    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.CANCELLED


def test_someone_elses_waitlist_entry_is_404(client_me, term, discipline):
    small = stream_with_slot(term=term, discipline=discipline, capacity=1)
    StreamChoiceFactory(stream=small)
    other = registered_student(term, discipline)
    entry = waitlist_join(student=other, stream=small)

    for name in ("schedule:waitlist_leave", "schedule:waitlist_claim"):
        assert client_me.post(reverse(name, args=[entry.pk])).status_code == 404
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.WAITING


def test_actions_need_post(client_me, lecture):
    assert client_me.get(reverse("schedule:stream_choose", args=[lecture.pk])).status_code == 405
    assert taken(lecture) == 0


def test_a_missing_stream_is_404(client_me):
    assert client_me.post(reverse("schedule:stream_choose", args=[999999])).status_code == 404


def test_not_a_student_gets_404(client, lecture):
    client.force_login(TeacherFactory())
    assert client.get(reverse("schedule:selection")).status_code == 404
    assert client.post(reverse("schedule:stream_choose", args=[lecture.pk])).status_code == 404
    assert client.get(reverse("schedule:streams")).status_code == 404


def test_signed_out_goes_to_sign_in(client, lecture):
    response = client.get(reverse("schedule:selection"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_closed_selection_says_so(client_me, lecture, term):
    term.periods.all().delete()

    html = client_me.get(reverse("schedule:selection")).content.decode()

    assert 'data-testid="selection-closed"' in html
    assert 'data-testid="choose"' not in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_my_streams_page(client_me, me, lecture, headers):
    stream_choose(student=me, stream=lecture, actor=me.user)

    html = client_me.get(reverse("schedule:streams"), **headers).content.decode()

    assert ("<html" in html) is not bool(headers)
    assert 'data-stream="L-01"' in html and "Monday, 09:00–09:50" in html
    assert 'data-testid="cancel"' in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_cancel_from_my_streams(client_me, me, lecture, headers):
    stream_choose(student=me, stream=lecture, actor=me.user)

    response = client_me.post(reverse("schedule:stream_cancel", args=[lecture.pk]), {"back": "streams"}, **headers)

    assert taken(lecture) == 0
    if headers:
        html = response.content.decode()
        assert html.strip().startswith('<div id="streams-list"') and "is cancelled" in html
    else:
        assert response.url == reverse("schedule:streams")


def test_my_streams_has_no_cancel_once_selection_closed(client_me, me, lecture, term):
    stream_choose(student=me, stream=lecture, actor=me.user)
    term.periods.all().delete()

    html = client_me.get(reverse("schedule:streams")).content.decode()

    assert 'data-stream="L-01"' in html and 'data-testid="cancel"' not in html


def _student_with(term, n: int):
    """A student with `n` IUP disciplines, each with a lecture and a practice of two slots; half of them chosen,
    and a waitlist place on a full stream of the first discipline."""
    record = StudentFactory(language="en").student_record
    for i in range(n):
        discipline = DisciplineFactory()
        RegistrationFactory(student=record, discipline=discipline, term=term)
        for k, kind in enumerate((LessonType.LECTURE, LessonType.PRACTICE)):
            stream = StreamFactory(term=term, discipline=discipline, kind=kind, groups=[record.group])
            for day in (0, 3):
                SlotFactory(stream=stream, weekday=(k + day), start_time=f"{8 + i}:00", end_time=f"{8 + i}:50")
            if i % 2:
                stream_choose(student=record, stream=stream, actor=None)
        if i == 0:
            full = StreamFactory(term=term, discipline=discipline, code=f"F-{record.pk}", capacity=1)
            StreamChoiceFactory(stream=full)
            waitlist_join(student=record, stream=full)
    return record


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_selection_page_query_budget_does_not_grow_with_disciplines(
    client, term, django_assert_max_num_queries, headers
):
    counts = []
    for n in (2, 6):
        client.force_login(_student_with(term, n).user)
        with django_assert_max_num_queries(7 if headers else 9) as captured:  # a fragment counts no unread
            response = client.get(reverse("schedule:selection"), **headers)
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="discipline"') == n
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_a_choice_answered_with_its_panel_has_a_fixed_budget(client, term, django_assert_max_num_queries):
    record = _student_with(term, 6)
    client.force_login(record.user)
    stream = Stream.objects.filter(discipline__registrations__student=record, choices__isnull=True).first()

    with django_assert_max_num_queries(12):  # 11, and one for the waitlist place this student holds
        response = client.post(reverse("schedule:stream_choose", args=[stream.pk]), **HTMX)

    assert "alert-success" in response.content.decode()


def test_my_streams_query_budget_does_not_grow(client, term, django_assert_max_num_queries):
    counts = []
    for n in (2, 6):
        client.force_login(_student_with(term, n).user)
        with django_assert_max_num_queries(10) as captured:
            assert client.get(reverse("schedule:streams")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_my_streams_lists_waitlist_places_and_takes_an_offered_seat(client_me, me, term, discipline, headers):
    small = stream_with_slot(term=term, discipline=discipline, code="L-05", capacity=1)
    holder = StreamChoiceFactory(stream=small).student
    entry = waitlist_join(student=me, stream=small)
    assert "You are number 1 in the waitlist." in client_me.get(reverse("schedule:streams")).content.decode()
    stream_cancel(student=holder, stream=small, actor=None)

    response = client_me.post(reverse("schedule:waitlist_claim", args=[entry.pk]), {"back": "streams"}, **headers)

    assert StreamChoice.objects.filter(student=me, stream=small).exists()
    if headers:
        assert 'data-stream="L-05"' in response.content.decode()
    else:
        assert response.url == reverse("schedule:streams")


def test_a_term_without_iup_disciplines_says_so(client, term):
    user = StudentFactory(language="en")
    client.force_login(user)

    html = client.get(reverse("schedule:selection")).content.decode()

    assert 'data-testid="no-disciplines"' in html


def test_a_card_shows_what_the_registrar_changed_since_the_last_render(client_me, lecture):
    """Cards are rendered from fragments kept per process under a key of every value they show: an edited
    timetable, teacher or capacity is shown at once, never a stale fragment."""
    first = client_me.get(selection_url(lecture), **HTMX).content.decode()
    slot = lecture.slots.get()
    assert slot.room in first

    slot.room = "B-404"
    slot.save()
    lecture.teacher.last_name = "Renamed"
    lecture.teacher.save()
    Stream.objects.filter(pk=lecture.pk).update(capacity=31)
    html = client_me.get(selection_url(lecture), **HTMX).content.decode()

    assert "B-404" in html and "Renamed" in html
    assert 'data-free="31"' in html and "31 of 31 free" in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_answer_to_a_cancel_offers_the_seat_to_the_first_in_line(client_me, me, term, discipline, headers):
    full = stream_with_slot(term=term, discipline=discipline, code="F-01", capacity=1)
    stream_choose(student=me, stream=full, actor=None)
    other = registered_student(term, discipline)
    waitlist_join(student=other, stream=full)

    response = client_me.post(reverse("schedule:stream_cancel", args=[full.pk]), **headers)

    assert response.status_code == (200 if headers else 302)
    entry = WaitlistEntry.objects.get(student=other)
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert taken(full) == 1  # the freed seat is held for the first in line
    assert not StreamChoice.objects.filter(student=me).exists()
