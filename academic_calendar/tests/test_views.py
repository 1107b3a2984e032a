"""The calendar page (docs/modules.md#academic-calendar): current periods, by semester, by month, one kind, htmx."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from academic_calendar.models import Period
from curriculum.tests.factories import HolidayFactory, PeriodFactory, academic_terms
from people.tests.factories import StudentFactory, UserFactory
from university.models import Term

pytestmark = pytest.mark.django_db

URL = reverse("calendar:index")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def calendar(db):
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    terms = academic_terms(first_year=year, years=1)
    current = Term.objects.current(on=today)
    study = PeriodFactory(
        term=current, kind=Period.Kind.STUDY, start_date=current.start_date, end_date=current.end_date
    )
    add_drop = PeriodFactory(
        term=current,
        kind=Period.Kind.ADD_DROP,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=2),
    )
    exams = PeriodFactory(
        term=current,
        kind=Period.Kind.EXAM_SESSION,
        start_date=current.end_date - datetime.timedelta(days=14),
        end_date=current.end_date,
    )
    holiday = HolidayFactory(date=today, name_en="Independence Day")
    return {
        "today": today,
        "terms": terms,
        "current": current,
        "study": study,
        "add_drop": add_drop,
        "exams": exams,
        "holiday": holiday,
    }


@pytest.fixture
def signed_in(client):
    user = StudentFactory(language="en")
    client.force_login(user)
    return client


def test_semester_view_lists_periods_and_highlights_the_current_ones(signed_in, calendar):
    response = signed_in.get(URL)

    assert response.status_code == 200
    semester = response.context["semester"]
    assert semester.term == calendar["current"]
    assert [r.period for r in semester.rows] == sorted(
        [calendar["study"], calendar["add_drop"], calendar["exams"]], key=lambda p: (p.start_date, p.kind)
    )
    current = {r.period for r in response.context["current"]}
    assert current == {calendar["study"], calendar["add_drop"]}
    html = response.content.decode()
    assert 'data-testid="current-add_drop"' in html
    assert calendar["add_drop"].end_date.strftime("%d.%m.%Y") in html
    assert f"{calendar['add_drop'].length_days} days" in html


def test_month_view_shows_the_grid_with_periods_and_holidays(signed_in, calendar):
    today = calendar["today"]
    response = signed_in.get(URL, {"view": "month", "month": today.strftime("%Y-%m")})

    month = response.context["month"]
    assert (month.year, month.month) == (today.year, today.month)
    day = next(d for week in month.weeks for d in week if d.date == today)
    assert day.is_today and [h.name_en for h in day.holidays] == ["Independence Day"]
    assert {r.period for r in day.periods} == {calendar["study"], calendar["add_drop"]}
    assert all(len(week) == 7 for week in month.weeks)
    html = response.content.decode()
    assert "Independence Day" in html and 'aria-current="date"' in html


def test_filter_to_one_kind(signed_in, calendar):
    response = signed_in.get(URL, {"kind": Period.Kind.EXAM_SESSION})
    assert [r.period for r in response.context["semester"].rows] == [calendar["exams"]]

    response = signed_in.get(URL, {"view": "month", "kind": Period.Kind.ADD_DROP})
    periods = {r.period for week in response.context["month"].weeks for d in week for r in d.periods}
    assert periods == {calendar["add_drop"]}


def test_htmx_returns_only_the_body_and_plain_links_return_the_page(signed_in, calendar):
    response = signed_in.get(URL, {"view": "month"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="calendar-body"') and "<html" not in html

    response = signed_in.get(URL, {"view": "month"})
    assert "<html" in response.content.decode()
    assert 'hx-get="/calendar/?view=semester' in response.content.decode()


def test_bad_query_falls_back_with_a_message_never_an_error(signed_in, calendar):
    response = signed_in.get(URL, {"view": "year", "month": "2026-13", "kind": "party", "term": "abc"})

    assert response.status_code == 200
    assert response.context["query"] == {"view": "semester", "term": None, "month": None, "kind": ""}
    assert "was not understood" in response.content.decode()


def test_previous_and_next_month_and_another_term(signed_in, calendar):
    response = signed_in.get(URL, {"view": "month", "month": "2027-01"})
    month = response.context["month"]
    assert (month.previous_key, month.next_key) == ("2026-12", "2027-02")

    spring = next(t for t in calendar["terms"] if t.kind == "spring")
    response = signed_in.get(URL, {"term": spring.pk})
    assert response.context["semester"].term == spring


def test_sign_in_required_and_everyone_signed_in_may_see_it(client, calendar):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory(is_applicant=True))
    assert client.get(URL).status_code == 200


def test_query_budget(signed_in, calendar, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        signed_in.get(URL)
    with django_assert_max_num_queries(12):
        signed_in.get(URL, {"view": "month"})
