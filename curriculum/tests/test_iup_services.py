"""IUP signatures (docs/domain.md#iup-signatures): student → advisor → registrar, returns, restarts, bulk signing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditRecord
from curriculum.models import IndividualPlan, IUPEvent, IUPSignature, Registration
from curriculum.permissions import can_return_plan, step_for
from curriculum.selectors.iup import iup_queue_for
from curriculum.services.iup import iup_bulk_sign, iup_plan_changed, iup_plan_get_or_create, iup_return, iup_sign
from curriculum.tests.factories import DisciplineFactory, FinalGradeFactory, RegistrationFactory
from notifications.models import Notification
from people.tests.factories import AdvisorFactory, RegistrarFactory, StudentRecordFactory, TeacherFactory
from university.models import Term
from university.tests.factories import TermFactory

pytestmark = pytest.mark.django_db
Status = IndividualPlan.Status


def current_term():
    """A term going on today: its plans can be signed (a plan of a term that has ended is read-only)."""
    today = timezone.localdate()
    return TermFactory(start_date=today - datetime.timedelta(days=60), end_date=today + datetime.timedelta(days=60))


def make_plan(*, advisor, credits=(5, 4), term=None, **record) -> IndividualPlan:
    """A student of `advisor` registered for disciplines of `credits` in one term (by default one going on today),
    and the IUP of that term."""
    record.setdefault("user__language", "en")
    student = StudentRecordFactory(advisor=advisor, **record)
    term = term or current_term()
    for value in credits:
        RegistrationFactory(student=student, term=term, discipline=DisciplineFactory(credits=value))
    return iup_plan_get_or_create(student=student, term=term)


def snapshot(plan):
    plan.refresh_from_db()
    return (
        plan.status,
        plan.round,
        IUPSignature.objects.filter(plan=plan).count(),
        IUPEvent.objects.filter(plan=plan).count(),
        AuditRecord.objects.filter(target_type="curriculum.individualplan", target_id=str(plan.pk)).count(),
    )


def titles(user):
    return [note.title for note in Notification.objects.filter(recipient=user).order_by("id")]


def test_the_chain_student_then_advisor_then_registrar(advisor):
    advisor.language = "en"
    advisor.save()
    registrars = [RegistrarFactory(language="en"), RegistrarFactory(language="en")]
    plan = make_plan(advisor=advisor)
    student_user = plan.student.user

    iup_sign(plan=plan, actor=student_user)
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED
    assert titles(student_user) == [f"You signed your IUP for {plan.term}"]
    assert titles(advisor) == [f"The IUP of {student_user.get_full_name()} awaits your signature"]
    assert all(titles(r) == [] for r in registrars)

    iup_sign(plan=plan, actor=advisor)
    plan.refresh_from_db()
    assert plan.status == Status.ADVISOR_SIGNED
    assert titles(student_user)[-1] == f"Your advisor signed your IUP for {plan.term}"
    for registrar in registrars:
        assert titles(registrar) == [f"The IUP of {student_user.get_full_name()} awaits your signature"]
        assert Notification.objects.get(recipient=registrar).url == f"/study/iup/{plan.pk}/"

    iup_sign(plan=plan, actor=registrars[1])
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert titles(student_user)[-1] == f"Your IUP for {plan.term} is signed"

    signatures = list(plan.signatures.order_by("signed_at").values_list("step", "round", "signer"))
    assert signatures == [
        ("student", 1, student_user.pk),
        ("advisor", 1, advisor.pk),
        ("registrar", 1, registrars[1].pk),
    ]
    assert all(s.signed_at is not None for s in plan.signatures.all())
    assert list(plan.events.values_list("action", "step", "actor")) == [
        ("signed", "student", student_user.pk),
        ("signed", "advisor", advisor.pk),
        ("signed", "registrar", registrars[1].pk),
    ]
    audit = AuditRecord.objects.filter(action="iup.sign", target_id=str(plan.pk)).order_by("id")
    assert [a.after["status"] for a in audit] == ["student_signed", "advisor_signed", "approved"]
    assert [a.actor_id for a in audit] == [student_user.pk, advisor.pk, registrars[1].pk]


def test_registrar_cannot_sign_before_the_advisor(advisor, registrar):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="awaits the advisor's signature"):
        iup_sign(plan=plan, actor=registrar)
    assert snapshot(plan) == before


def test_registrar_cannot_sign_a_draft(advisor, registrar):
    plan = make_plan(advisor=advisor)
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="awaits the student's signature"):
        iup_sign(plan=plan, actor=registrar)
    assert snapshot(plan) == before


def test_advisor_of_another_student_is_refused(advisor):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    before = snapshot(plan)
    with pytest.raises(PermissionDenied, match="not yours"):
        iup_sign(plan=plan, actor=AdvisorFactory())
    assert snapshot(plan) == before


def test_student_cannot_sign_twice(advisor):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="awaits the advisor's signature"):
        iup_sign(plan=plan, actor=plan.student.user)
    assert snapshot(plan) == before


def test_teacher_without_advisees_is_refused(advisor):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    before = snapshot(plan)
    with pytest.raises(PermissionDenied):
        iup_sign(plan=plan, actor=TeacherFactory())
    assert snapshot(plan) == before


def test_another_student_cannot_sign(advisor):
    plan = make_plan(advisor=advisor)
    other = make_plan(advisor=advisor)
    before = snapshot(plan)
    with pytest.raises(PermissionDenied):
        iup_sign(plan=plan, actor=other.student.user)
    assert snapshot(plan) == before


def test_an_empty_plan_cannot_be_signed(advisor):
    plan = make_plan(advisor=advisor, credits=())
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="no disciplines"):
        iup_sign(plan=plan, actor=plan.student.user)
    assert snapshot(plan) == before


def test_a_student_without_advisor_is_told_why(advisor):
    plan = make_plan(advisor=None)
    with pytest.raises(ValidationError, match="no advisor"):
        iup_sign(plan=plan, actor=plan.student.user)
    assert snapshot(plan)[:3] == (Status.DRAFT, 1, 0)


def test_an_approved_plan_is_not_signed_again(advisor, registrar):
    plan = make_plan(advisor=advisor)
    for actor in (plan.student.user, advisor, registrar):
        iup_sign(plan=plan, actor=actor)
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="already signed by everyone"):
        iup_sign(plan=plan, actor=registrar)
    assert snapshot(plan) == before


def test_return_with_comment_then_sign_again(advisor, registrar):
    plan = make_plan(advisor=advisor)
    student_user = plan.student.user
    iup_sign(plan=plan, actor=student_user)

    before = snapshot(plan)
    with pytest.raises(ValidationError, match="Write a comment"):
        iup_return(plan=plan, actor=advisor, comment="   ")
    assert snapshot(plan) == before
    with pytest.raises(ValidationError):
        iup_return(plan=plan, actor=student_user, comment="I changed my mind")
    assert snapshot(plan) == before

    iup_return(plan=plan, actor=advisor, comment="Add the elective from group B")
    plan.refresh_from_db()
    assert (plan.status, plan.round) == (Status.RETURNED, 2)
    event = plan.events.get(action=IUPEvent.Action.RETURNED)
    assert (event.step, event.round, event.actor, event.comment) == (
        "advisor",
        1,
        advisor,
        "Add the elective from group B",
    )
    note = Notification.objects.filter(recipient=student_user).latest("id")
    assert note.title == f"Your IUP for {plan.term} was returned for changes"
    assert note.body == "Add the elective from group B"
    assert AuditRecord.objects.filter(action="iup.return", target_id=str(plan.pk)).count() == 1

    iup_sign(plan=plan, actor=student_user)
    iup_sign(plan=plan, actor=advisor)
    iup_return(plan=plan, actor=registrar, comment="Too many credits")
    plan.refresh_from_db()
    assert (plan.status, plan.round) == (Status.RETURNED, 3)
    iup_sign(plan=plan, actor=student_user)
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED
    assert list(plan.signatures.order_by("round", "signed_at").values_list("round", "step")) == [
        (1, "student"),
        (2, "student"),
        (2, "advisor"),
        (3, "student"),
    ]


def test_a_change_after_signing_restarts_the_chain_and_keeps_history(advisor, registrar):
    for person in (advisor, registrar):
        person.language = "en"
        person.save()
    plan = make_plan(advisor=advisor)
    student_user = plan.student.user
    for actor in (student_user, advisor, registrar):
        iup_sign(plan=plan, actor=actor)

    RegistrationFactory(student=plan.student, term=plan.term, discipline=DisciplineFactory(credits=3))
    iup_plan_changed(student=plan.student, term=plan.term, actor=student_user)

    plan.refresh_from_db()
    assert (plan.status, plan.round) == (Status.DRAFT, 2)
    assert list(plan.signatures.values_list("round", "step")) == [(1, "student"), (1, "advisor"), (1, "registrar")]
    assert plan.events.latest("id").action == IUPEvent.Action.RESTARTED
    assert titles(student_user)[-1] == f"Your IUP for {plan.term} changed: sign it again"
    assert titles(advisor)[-1] == f"The IUP of {student_user.get_full_name()} changed after you signed it"
    assert titles(registrar)[-1] == f"The IUP of {student_user.get_full_name()} changed after you signed it"
    assert AuditRecord.objects.filter(action="iup.restart", target_id=str(plan.pk)).count() == 1

    iup_sign(plan=plan, actor=student_user)
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED
    assert plan.signatures.filter(round=2).count() == 1


def test_a_change_to_a_draft_changes_nothing(advisor):
    plan = make_plan(advisor=advisor)
    before = snapshot(plan)
    iup_plan_changed(student=plan.student, term=plan.term, actor=plan.student.user)
    assert snapshot(plan) == before
    assert titles(plan.student.user) == []


def test_bulk_sign_signs_what_it_may_and_says_why_not_the_rest(advisor):
    ready = [make_plan(advisor=advisor) for _ in range(2)]
    for plan in ready:
        iup_sign(plan=plan, actor=plan.student.user)
    draft = make_plan(advisor=advisor)
    foreign = make_plan(advisor=AdvisorFactory())
    iup_sign(plan=foreign, actor=foreign.student.user)

    ids = [p.pk for p in (*ready, draft, foreign)] + ["junk"]
    signed, skipped = iup_bulk_sign(plan_ids=ids, actor=advisor)

    assert sorted(p.pk for p in signed) == sorted(p.pk for p in ready)
    for plan in ready:
        plan.refresh_from_db()
        assert plan.status == Status.ADVISOR_SIGNED
    draft.refresh_from_db()
    foreign.refresh_from_db()
    assert (draft.status, foreign.status) == (Status.DRAFT, Status.STUDENT_SIGNED)
    assert skipped == [
        (draft.student.user.get_full_name(), "Not your turn: the IUP awaits the student's signature."),
        (f"#{foreign.pk}", "Not found."),
    ]


# --- plans of past terms are read-only (issue 9, §5.1) -----------------------------------------------------------


def end_term(plan, *, graded=True):
    """The plan's term ends (yesterday) with its disciplines graded, as a finished term is."""
    today, day = timezone.localdate(), datetime.timedelta(days=1)
    Term.objects.filter(pk=plan.term_id).update(start_date=today - 120 * day, end_date=today - day)
    if graded:
        for registration in Registration.objects.filter(student_id=plan.student_id, term_id=plan.term_id):
            FinalGradeFactory(registration=registration)
    plan.refresh_from_db()
    plan.term.refresh_from_db()
    return plan


def test_the_student_cannot_sign_the_plan_of_a_finished_graded_term(advisor):
    plan = end_term(make_plan(advisor=advisor))
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="ended on .*can no longer be signed"):
        iup_sign(plan=plan, actor=plan.student.user)
    assert snapshot(plan) == before
    assert titles(advisor) == []
    assert step_for(plan.student.user, plan) is None


def test_a_plan_left_in_the_queue_when_its_term_ended_is_read_only(advisor, registrar):
    waiting_advisor = make_plan(advisor=advisor)
    waiting_registrar = make_plan(advisor=advisor)
    iup_sign(plan=waiting_advisor, actor=waiting_advisor.student.user)
    for actor in (waiting_registrar.student.user, advisor):
        iup_sign(plan=waiting_registrar, actor=actor)
    waiting_advisor.refresh_from_db()
    assert step_for(advisor, waiting_advisor) == IUPSignature.Step.ADVISOR
    end_term(waiting_advisor, graded=False)  # both plans are of the same term
    waiting_registrar.refresh_from_db()

    for plan, actor in ((waiting_advisor, advisor), (waiting_registrar, registrar)):
        before = snapshot(plan)
        assert step_for(actor, plan) is None and not can_return_plan(actor, plan)
        with pytest.raises(ValidationError, match="ended on"):
            iup_sign(plan=plan, actor=actor)
        with pytest.raises(ValidationError, match="ended on"):
            iup_return(plan=plan, actor=actor, comment="Too late")
        assert snapshot(plan) == before
    assert list(iup_queue_for(advisor)) == [] and list(iup_queue_for(registrar)) == []

    signed, skipped = iup_bulk_sign(plan_ids=[waiting_advisor.pk], actor=advisor)
    assert signed == [] and "ended on" in skipped[0][1]
    assert snapshot(waiting_advisor)[0] == Status.STUDENT_SIGNED


def test_a_registration_change_does_not_touch_the_plan_of_a_past_term(advisor, registrar):
    plan = make_plan(advisor=advisor)
    for actor in (plan.student.user, advisor, registrar):
        iup_sign(plan=plan, actor=actor)
    plan = end_term(plan)
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="ended on"):
        iup_plan_changed(student=plan.student, term=plan.term, actor=registrar)
    assert snapshot(plan) == before
