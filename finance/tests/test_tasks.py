"""Finance's background jobs: a term's tuition charges with their progress, and the daily debt-hold check."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from curriculum.models import Hold
from finance.models import TuitionCharge
from finance.selectors import finance_summary
from finance.services.topups import topup_create, topup_post
from finance.services.tuition import tuition_charge, tuition_pay
from finance.tasks import debt_holds_sync_task, tuition_charge_term_task, tuition_job_state
from people.models import StudentRecord
from people.tests.factories import RegistrarFactory

from .factories import TuitionFeeFactory, paying_student

pytestmark = pytest.mark.django_db


def _payers(fee, n):
    return [paying_student(programme=fee.programme) for _ in range(n)]


def test_the_task_charges_the_term_and_records_its_progress():
    staff, fee = RegistrarFactory(), TuitionFeeFactory()
    _payers(fee, 3)
    paying_student(programme=fee.programme, status=StudentRecord.Status.EXPELLED)
    tuition_charge_term_task.delay(fee.term_id, staff.pk, "job-1")
    state = tuition_job_state("job-1")
    assert (state["state"], state["done"], state["total"]) == ("done", 3, 3)
    assert (state["charged"], state["skipped"]) == (3, 0)
    tuition_charge_term_task.delay(fee.term_id, staff.pk, "job-2")  # twice: nothing charged again
    assert (tuition_job_state("job-2")["charged"], tuition_job_state("job-2")["skipped"]) == (0, 3)
    assert TuitionCharge.objects.count() == 3


def test_progress_is_reported_after_each_student():
    from finance.services.tuition import tuition_charge_term

    staff, fee = RegistrarFactory(), TuitionFeeFactory()
    _payers(fee, 2)
    seen = []
    assert tuition_charge_term(term=fee.term, actor=staff, progress=seen.append) == {"charged": 2, "skipped": 0}
    assert [(s["done"], s["total"]) for s in seen] == [(0, 2), (1, 2), (2, 2)]


def test_the_office_starts_the_job_and_polls_its_progress(client, password, django_capture_on_commit_callbacks):
    staff, fee = RegistrarFactory(), TuitionFeeFactory()
    _payers(fee, 2)
    client.cookies["django_language"] = "en"
    client.login(email=staff.email, password=password)
    page = client.get(reverse("finance:tuition")).content.decode()
    assert str(fee.term) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("finance:tuition_start"), {"term": fee.term.pk})
    assert response.status_code == 302 and "?job=" in response["Location"]
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="tuition-progress"') and 'data-state="done"' in fragment
    assert "Charged: 2. Skipped (charged before): 0." in fragment
    assert "every 1s" not in fragment  # done: the polling stops
    assert TuitionCharge.objects.filter(term=fee.term).count() == 2


def test_a_queued_job_is_polled_every_second(client, password):
    staff, fee = RegistrarFactory(), TuitionFeeFactory()
    client.login(email=staff.email, password=password)
    response = client.post(reverse("finance:tuition_start"), {"term": fee.term.pk})  # not committed: still queued
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-state="queued"' in page


def test_a_wrong_term_or_job_is_refused(client, password):
    staff = RegistrarFactory()
    client.login(email=staff.email, password=password)
    assert client.post(reverse("finance:tuition_start"), {"term": "999999"}).status_code == 400
    assert client.get(reverse("finance:tuition"), {"job": "no-such-job"}).status_code == 404


def test_the_tuition_page_queries_do_not_grow(client, password, django_assert_max_num_queries):
    staff = RegistrarFactory()
    client.login(email=staff.email, password=password)
    TuitionFeeFactory()
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("finance:tuition"))
    for _ in range(5):
        TuitionFeeFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("finance:tuition")).status_code == 200


def test_the_daily_job_places_holds_on_overdue_debts_and_lifts_paid_ones():
    staff = RegistrarFactory()
    overdue_fee = TuitionFeeFactory(amount=D("800.00"), due_date=dt.date(2020, 1, 1))
    owing, paying = _payers(overdue_fee, 2)
    for record in (owing, paying):
        tuition_charge(student=record, fee=overdue_fee, actor=staff)
    not_due = paying_student()
    tuition_charge(
        student=not_due, fee=TuitionFeeFactory(programme=not_due.programme, due_date=dt.date(2099, 1, 1)), actor=staff
    )
    assert debt_holds_sync_task.delay().get() == 2
    assert debt_holds_sync_task.delay().get() == 2  # twice: no second hold
    assert set(Hold.objects.filter(kind=Hold.Kind.DEBT).values_list("student_id", flat=True)) == {owing.pk, paying.pk}
    topup_post(topup=topup_create(student=paying, provider="receipt", amount="800"), actor=staff)
    tuition_pay(student=paying, actor=paying.user)  # lifts the hold itself
    assert finance_summary(paying).debt == 0
    assert debt_holds_sync_task.delay().get() == 1
    assert list(Hold.objects.filter(lifted_at__isnull=True).values_list("student_id", flat=True)) == [owing.pk]
