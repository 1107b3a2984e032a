"""Ids too large for the database answer 404 or "not found", never 500 (issue 9, part 7.2).

Django's `int` path converter passes any run of digits on, and SQLite's driver (like PostgreSQL's for a bigint)
refuses a number past 64 bits with OverflowError; the `id` converter and `core.ids.parse_ids` stop them first.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from curriculum.tests.factories import DisciplineFactory
from schedule.tests.factories import registered_student, selection_period, stream_with_slot
from university.tests.factories import TermFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
PAST_BIGINT = str(2**63)  # one more than the largest bigint


@pytest.fixture
def selecting(client):
    term = TermFactory()
    selection_period(term)
    discipline = DisciplineFactory()
    record = registered_student(term, discipline)
    stream_with_slot(term=term, discipline=discipline, code="L-01", capacity=30)
    client.force_login(record.user)
    return client


@pytest.mark.parametrize("number", [HUGE, PAST_BIGINT])
@pytest.mark.parametrize("action", ["choose", "cancel", "switch", "waitlist"])
def test_a_stream_id_past_64_bits_is_not_found(selecting, number, action):
    response = selecting.post(f"/schedule/selection/streams/{number}/{action}/", {"from": number})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/schedule/selection/waitlist/{HUGE}/leave/",
        f"/schedule/selection/waitlist/{HUGE}/claim/",
        f"/schedule/exams/{HUGE}/",
        f"/schedule/lessons/{HUGE}/2026-09-01/",
        f"/schedule/teaching/{HUGE}/",
        f"/study/iup/{HUGE}/",
        f"/study/iup/{HUGE}/sign/",
        f"/study/iup/{HUGE}/return/",
        f"/study/iup/{HUGE}/pdf/",
        f"/notifications/{HUGE}/read/",
        f"/people/{HUGE}/photo/",
    ],
)
def test_every_id_in_a_path_past_64_bits_is_not_found(client, advisor, path):
    client.force_login(advisor)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


def test_a_stream_switch_from_an_id_past_64_bits_is_not_found(selecting):
    stream = stream_with_slot(code="L-02", capacity=30)
    response = selecting.post(reverse("schedule:stream_switch", args=[stream.pk]), {"from": HUGE})
    assert response.status_code == 404


def test_bulk_signing_ids_past_64_bits_signs_nothing_and_says_not_found(client, advisor):
    advisor.language = "en"
    advisor.save()
    client.force_login(advisor)
    response = client.post(reverse("study_plan:iup_bulk_sign"), {"plans": [HUGE, PAST_BIGINT, "12x", "-3"]})
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["Choose at least one IUP to sign."]


@pytest.mark.parametrize("query", [f"term={HUGE}", f"term={HUGE}&discipline={HUGE}"])
@pytest.mark.parametrize(
    "name", ["schedule:selection", "schedule:teaching", "study_plan:iup", "study_plan:registration"]
)
def test_ids_past_64_bits_in_a_query_string_fall_back_to_the_default(selecting, name, query):
    response = selecting.get(f"{reverse(name)}?{query}")
    assert response.status_code in (200, 302, 404)


def test_the_bulk_sign_service_skips_ids_past_64_bits(advisor):
    from curriculum.services.iup import iup_bulk_sign

    assert iup_bulk_sign(plan_ids=[HUGE, PAST_BIGINT], actor=advisor) == ([], [])
