"""The IUP tab, the review page, the work queues with bulk signing, and the IUP PDF."""

import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from curriculum.models import IndividualPlan, IUPSignature
from curriculum.services.iup import iup_plan_get_or_create, iup_return, iup_sign
from curriculum.tests.factories import DisciplineFactory, RegistrationFactory, academic_terms
from curriculum.tests.test_iup_services import end_term, make_plan
from people.tests.factories import AdvisorFactory, StudentRecordFactory, TeacherFactory
from university.tests.factories import ProgrammeFactory, StudyGroupFactory

pytestmark = pytest.mark.django_db
Status = IndividualPlan.Status
IUP_URL = reverse("study_plan:iup")


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def history(student, terms, *, per_term=6):
    """Registrations in each of `terms` (6 disciplines each) and the IUP of the last term."""
    for number, term in enumerate(terms, start=1):
        for _ in range(per_term):
            RegistrationFactory(student=student, term=term, semester=number, discipline=DisciplineFactory())
    return iup_plan_get_or_create(student=student, term=terms[-1])


# --- the student's IUP tab ------------------------------------------------------------------------------------


def test_student_sees_disciplines_totals_status_and_signs(client, advisor):
    plan = make_plan(advisor=advisor, credits=(5, 4, 3))
    student_user = plan.student.user
    client.force_login(student_user)

    html = client.get(IUP_URL).content.decode()
    for registration in plan.student.registrations.select_related("discipline"):
        assert registration.discipline.code in html
    assert "Total: 3 disciplines, 12 credits" in html
    assert "Not signed" in html
    assert 'data-testid="iup-sign"' in html

    response = client.post(reverse("study_plan:iup_sign", args=[plan.pk]), follow=True)
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED
    html = response.content.decode()
    assert "Awaiting the signature of your advisor" in html
    assert advisor.get_full_name() in html
    assert 'data-testid="iup-sign"' not in html


def test_term_switch_with_and_without_htmx(client, advisor):
    student = StudentRecordFactory(advisor=advisor, user__language="en")
    terms = academic_terms(first_year=2024, years=1)
    old = DisciplineFactory(code="OLD101")
    new = DisciplineFactory(code="NEW201")
    RegistrationFactory(student=student, term=terms[0], discipline=old)
    RegistrationFactory(student=student, term=terms[1], discipline=new)
    client.force_login(student.user)

    html = client.get(IUP_URL).content.decode()
    assert "NEW201" in html and "OLD101" not in html  # the latest term by default
    assert "<html" in html

    partial = client.get(IUP_URL, {"term": terms[0].pk}, headers={"HX-Request": "true"}).content.decode()
    assert "OLD101" in partial and "NEW201" not in partial
    assert "<html" not in partial and partial.lstrip().startswith('<div id="iup-plan">')

    # a term that is not the student's falls back to the latest one, never a 500
    assert "NEW201" in client.get(IUP_URL, {"term": "999999"}).content.decode()
    assert "NEW201" in client.get(IUP_URL, {"term": "x"}).content.decode()


def test_student_without_registrations_sees_an_empty_state(client, student):
    client.force_login(english(student))
    html = client.get(IUP_URL).content.decode()
    assert 'data-testid="iup-none"' in html
    assert not IndividualPlan.objects.exists()


def test_returned_plan_shows_the_comment(client, advisor):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    iup_return(plan=plan, actor=advisor, comment="Please add Kazakh language")
    client.force_login(plan.student.user)
    html = client.get(IUP_URL).content.decode()
    assert 'data-testid="iup-returned"' in html
    assert "Please add Kazakh language" in html
    assert 'data-testid="iup-sign"' in html


def test_staff_without_student_record_goes_to_the_queue(client, advisor, teacher):
    client.force_login(advisor)
    assert client.get(IUP_URL)["Location"] == reverse("study_plan:iup_queue")
    client.force_login(teacher)
    assert client.get(IUP_URL).status_code == 404


def test_iup_page_queries_are_the_same_for_first_and_fourth_year(client, django_assert_max_num_queries, advisor):
    terms = academic_terms(first_year=timezone.localdate().year - 3, years=4)  # the last one has not ended
    first = StudentRecordFactory(advisor=advisor, year_of_study=1)
    fourth = StudentRecordFactory(advisor=advisor, year_of_study=4)
    history(first, terms[-1:])
    plan = history(fourth, terms)
    iup_sign(plan=plan, actor=fourth.user)
    iup_return(plan=plan, actor=advisor, comment="Check the electives")
    iup_sign(plan=plan, actor=fourth.user)

    counts = []
    for record in (first, fourth):
        client.force_login(record.user)
        client.get(IUP_URL)  # the first visit may create nothing more, but warm the session
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
            response = client.get(IUP_URL)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- review, sign and return by staff ---------------------------------------------------------------------------


def test_advisor_reviews_and_signs_then_the_next_one_opens(client, advisor):
    english(advisor)
    plans = [make_plan(advisor=advisor) for _ in range(2)]
    for plan in plans:
        iup_sign(plan=plan, actor=plan.student.user)
    client.force_login(advisor)

    html = client.get(reverse("study_plan:iup_review", args=[plans[0].pk])).content.decode()
    assert plans[0].student.user.get_full_name() in html
    assert 'data-testid="iup-sign"' in html and 'data-testid="iup-return"' in html

    response = client.post(reverse("study_plan:iup_sign", args=[plans[0].pk]))
    assert response["Location"] == reverse("study_plan:iup_review", args=[plans[1].pk])
    plans[0].refresh_from_db()
    assert plans[0].status == Status.ADVISOR_SIGNED
    assert IUPSignature.objects.get(plan=plans[0], step="advisor").signer == advisor

    response = client.post(reverse("study_plan:iup_sign", args=[plans[1].pk]))
    assert response["Location"] == reverse("study_plan:iup_queue")


def test_signing_out_of_turn_through_the_view_changes_nothing(client, advisor, registrar):
    english(registrar)
    plan = make_plan(advisor=advisor)
    client.force_login(registrar)
    response = client.post(reverse("study_plan:iup_sign", args=[plan.pk]), follow=True)
    assert "awaits the student&#x27;s signature" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT and not plan.signatures.exists()


def test_return_needs_a_comment_and_keeps_what_was_typed(client, advisor):
    english(advisor)
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    client.force_login(advisor)
    url = reverse("study_plan:iup_return", args=[plan.pk])

    response = client.post(url, {"comment": "  "})
    assert response.status_code == 400
    assert "Write a comment" in response.content.decode()
    too_long = "x" * 2001
    response = client.post(url, {"comment": too_long})
    assert response.status_code == 400 and too_long in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED

    response = client.post(url, {"comment": "Wrong elective"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.RETURNED
    assert plan.events.get(action="returned").comment == "Wrong elective"


def test_forged_requests_for_someone_elses_plan_are_404(client, advisor):
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    outsiders = [AdvisorFactory(), TeacherFactory(), make_plan(advisor=advisor).student.user]
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.get(reverse("study_plan:iup_review", args=[plan.pk])).status_code == 404
        assert client.post(reverse("study_plan:iup_sign", args=[plan.pk])).status_code == 404
        assert client.post(reverse("study_plan:iup_return", args=[plan.pk]), {"comment": "x"}).status_code == 404
        assert client.get(reverse("study_plan:iup_pdf", args=[plan.pk])).status_code == 404
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED and plan.signatures.count() == 1


def test_sign_and_return_refuse_get(client, advisor):
    plan = make_plan(advisor=advisor)
    client.force_login(plan.student.user)
    assert client.get(reverse("study_plan:iup_sign", args=[plan.pk])).status_code == 405
    assert client.get(reverse("study_plan:iup_return", args=[plan.pk])).status_code == 405


# --- queues -----------------------------------------------------------------------------------------------------


def test_advisor_queue_lists_advisees_awaiting_and_filters(client, advisor):
    english(advisor)
    programme_a, programme_b = ProgrammeFactory(), ProgrammeFactory()
    group_a = StudyGroupFactory(programme=programme_a)
    group_b = StudyGroupFactory(programme=programme_b)
    in_a = make_plan(advisor=advisor, programme=programme_a, group=group_a)
    in_b = make_plan(advisor=advisor, programme=programme_b, group=group_b, credits=(5, 5, 5))
    draft = make_plan(advisor=advisor, programme=programme_a, group=group_a)
    foreign = make_plan(advisor=AdvisorFactory(), programme=programme_a, group=group_a)
    for plan in (in_a, in_b, foreign):
        iup_sign(plan=plan, actor=plan.student.user)
    client.force_login(advisor)
    url = reverse("study_plan:iup_queue")

    response = client.get(url)
    assert [p.pk for p in response.context["plans"]] == [in_a.pk, in_b.pk]
    assert [p.credits for p in response.context["plans"]] == [9, 15]
    html = response.content.decode()
    assert draft.student.user.get_full_name() not in html
    assert foreign.student.user.get_full_name() not in html

    assert [p.pk for p in client.get(url, {"group": group_b.pk}).context["plans"]] == [in_b.pk]
    assert [p.pk for p in client.get(url, {"programme": programme_a.pk}).context["plans"]] == [in_a.pk]
    # an unknown filter value is reported by the form and ignored, never a 500
    response = client.get(url, {"group": "junk"})
    assert response.status_code == 200 and response.context["filter"].form.errors

    partial = client.get(url, {"group": group_a.pk}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="queue-results">')
    assert in_a.student.user.get_full_name() in partial and in_b.student.user.get_full_name() not in partial


def test_registrar_queue_holds_plans_signed_by_the_advisor(client, advisor, registrar):
    waiting = make_plan(advisor=advisor)
    early = make_plan(advisor=advisor)
    for actor in (waiting.student.user, advisor):
        iup_sign(plan=waiting, actor=actor)
    iup_sign(plan=early, actor=early.student.user)
    client.force_login(registrar)
    assert [p.pk for p in client.get(reverse("study_plan:iup_queue")).context["plans"]] == [waiting.pk]


def test_queue_is_not_for_students(client, student):
    client.force_login(student)
    assert client.get(reverse("study_plan:iup_queue")).status_code == 404
    assert client.post(reverse("study_plan:iup_bulk_sign"), {"plans": ["1"]}).status_code == 404


def test_bulk_sign_reports_signed_and_skipped(client, advisor):
    english(advisor)
    ready = [make_plan(advisor=advisor) for _ in range(3)]
    for plan in ready:
        iup_sign(plan=plan, actor=plan.student.user)
    draft = make_plan(advisor=advisor)
    client.force_login(advisor)

    response = client.post(
        reverse("study_plan:iup_bulk_sign"),
        {"plans": [p.pk for p in (*ready, draft)], "query": "group=&page=2"},
        follow=True,
    )
    html = response.content.decode()
    assert "3 IUPs signed." in html
    assert "1 IUP not signed" in html and draft.student.user.get_full_name() in html
    assert response.redirect_chain[0][0] == reverse("study_plan:iup_queue") + "?group=&page=2"
    assert {p.status for p in IndividualPlan.objects.filter(pk__in=[p.pk for p in ready])} == {Status.ADVISOR_SIGNED}

    response = client.post(reverse("study_plan:iup_bulk_sign"), {}, follow=True)
    assert "Choose at least one IUP" in response.content.decode()


def test_queue_queries_do_not_grow_with_rows(client, advisor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("study_plan:iup_queue")).status_code == 200
        return len(queries)

    client.force_login(advisor)
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    one = count()
    for _ in range(5):
        plan = make_plan(advisor=advisor, group=StudyGroupFactory())
        iup_sign(plan=plan, actor=plan.student.user)
    assert count() == one <= 20


# --- PDF --------------------------------------------------------------------------------------------------------


def test_iup_pdf_is_a_real_pdf_with_the_signature_block(client, advisor, registrar):
    plan = make_plan(advisor=advisor, user__last_name="Әбілқасымова", user__first_name="Гүлнұр")
    for actor in (plan.student.user, advisor, registrar):
        iup_sign(plan=plan, actor=actor)
    code = plan.student.registrations.select_related("discipline").first().discipline.code

    for viewer in (plan.student.user, advisor, registrar):
        client.force_login(english(viewer))
        response = client.get(reverse("study_plan:iup_pdf", args=[plan.pk]))
        assert response.status_code == 200
        text = pdf_text(response)
        assert "Әбілқасымова Гүлнұр" in text  # Kazakh letters survive (DejaVu Sans)
        assert code in text
        assert advisor.get_full_name() in text and registrar.get_full_name() in text
        assert "Not signed" not in text
    assert "attachment" in response["Content-Disposition"]


def test_iup_pdf_of_a_draft_says_not_signed(client, advisor):
    plan = make_plan(advisor=advisor)
    client.force_login(english(plan.student.user))
    text = pdf_text(client.get(reverse("study_plan:iup_pdf", args=[plan.pk])))
    for step in ("Student", "Advisor", "Registrar"):
        assert f"{step}\nNot signed" in text or f"{step}\n{plan.student.advisor.get_full_name()}\nNot signed" in text
    assert "This plan is not fully signed yet." in text


# --- plans of past terms (issue 9, §5.1) ------------------------------------------------------------------------


def test_the_plan_of_a_past_term_says_why_it_cannot_be_signed(client, advisor):
    plan = end_term(make_plan(advisor=advisor))
    client.force_login(plan.student.user)
    html = client.get(IUP_URL, {"term": plan.term_id}).content.decode()
    assert 'data-testid="iup-past"' in html and "can no longer be signed, returned or changed" in html
    assert 'data-testid="iup-sign"' not in html

    response = client.post(reverse("study_plan:iup_sign", args=[plan.pk]), follow=True)
    assert "can no longer be signed" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_the_advisor_sees_a_past_plan_as_history_not_as_work(client, advisor):
    english(advisor)
    plan = make_plan(advisor=advisor)
    iup_sign(plan=plan, actor=plan.student.user)
    end_term(plan)
    client.force_login(advisor)
    html = client.get(reverse("study_plan:iup_review", args=[plan.pk])).content.decode()
    assert 'data-testid="iup-past"' in html
    assert 'data-testid="iup-sign"' not in html and 'data-testid="iup-return"' not in html
    assert 'data-testid="queue-empty"' in client.get(reverse("study_plan:iup_queue")).content.decode()


# --- signing asks once (issue 9, §5.9) --------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_signing_asks_once_in_a_dialog_that_says_what_signing_means(client, advisor):
    plan = make_plan(advisor=advisor, credits=(5, 4))
    client.force_login(plan.student.user)
    html = client.get(IUP_URL).content.decode()
    found = tags(html)
    ids = {attrs["id"] for _tag, attrs in found if "id" in attrs}

    # the Sign button opens the question; without JavaScript it is a link to the same question as a page
    trigger = next(attrs for _tag, attrs in found if attrs.get("data-testid") == "iup-sign")
    assert trigger["href"] == reverse("study_plan:iup_sign_confirm", args=[plan.pk])
    assert trigger["data-bs-toggle"] == "modal" and trigger["data-bs-target"] == "#iup-sign-dialog"
    dialog = next(attrs for _tag, attrs in found if attrs.get("id") == "iup-sign-dialog")
    assert "modal" in dialog["class"].split() and dialog["tabindex"] == "-1"
    assert dialog["aria-labelledby"] in ids and dialog["aria-describedby"] in ids  # labelled by what exists
    assert "Sign your IUP?" in html
    assert "You sign your IUP for" in html and "2 disciplines, 9 credits" in html
    assert "a change restarts the signatures" in html

    # the dialog's own button posts the signature; nothing runs inline (a CSP without 'unsafe-inline')
    posts = [a for t, a in found if t == "form" and a.get("action") == reverse("study_plan:iup_sign", args=[plan.pk])]
    assert len(posts) == 1 and posts[0]["method"] == "post"
    assert not [a for _t, a in found if any(name.startswith("on") for name in a)]
    assert not [a for t, a in found if t == "script" and "src" not in a]
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT  # opening the page signs nothing


def test_without_javascript_the_question_is_a_page(client, advisor):
    plan = make_plan(advisor=advisor, credits=(5,))
    confirm = reverse("study_plan:iup_sign_confirm", args=[plan.pk])
    client.force_login(plan.student.user)
    html = client.get(confirm).content.decode()
    assert "Sign your IUP?" in html and "1 discipline, 5 credits" in html
    form = next(a for t, a in tags(html) if t == "form" and a.get("data-testid") == "iup-sign-page")
    assert form["action"] == reverse("study_plan:iup_sign", args=[plan.pk]) and form["method"] == "post"
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT

    client.post(form["action"])
    plan.refresh_from_db()
    assert plan.status == Status.STUDENT_SIGNED
    # signed: the question is not asked again, the page goes back to the plan
    assert client.get(confirm)["Location"] == f"{IUP_URL}?term={plan.term_id}"
    # the advisor does not get the student's question, another student gets 404
    client.force_login(advisor)
    assert client.get(confirm)["Location"] == reverse("study_plan:iup_review", args=[plan.pk])
    client.force_login(StudentRecordFactory().user)
    assert client.get(confirm).status_code == 404


# --- the queue's order (issue 9, §5.7) --------------------------------------------------------------------------


def test_the_queue_sorts_by_the_column_the_advisor_chooses_and_keeps_the_filters(client, advisor):
    english(advisor)
    second, first = ProgrammeFactory(code="6B06102"), ProgrammeFactory(code="6B06101")
    groups = {
        "Ә": StudyGroupFactory(name="ӘЖ-22", programme=first),
        "А": StudyGroupFactory(name="АЖ-23", programme=first),
    }
    people = [  # in the order they were submitted
        ("Шәкенов", "А", second),
        ("Әлиев", "Ә", first),
        ("Абаев", "А", first),
        ("Қасымов", "Ә", second),
    ]
    for name, group, programme in people:
        plan = make_plan(advisor=advisor, user__last_name=name, group=groups[group], programme=programme)
        iup_sign(plan=plan, actor=plan.student.user)
    url = reverse("study_plan:iup_queue")
    client.force_login(advisor)

    def names(**query):
        return [p.student.user.last_name for p in client.get(url, query).context["plans"]]

    assert names() == ["Шәкенов", "Әлиев", "Абаев", "Қасымов"]  # submitted, oldest first
    assert names(sort="-submitted") == ["Қасымов", "Абаев", "Әлиев", "Шәкенов"]
    assert names(sort="name") == ["Абаев", "Әлиев", "Қасымов", "Шәкенов"]  # the Kazakh alphabet
    assert names(sort="-name") == ["Шәкенов", "Қасымов", "Әлиев", "Абаев"]
    assert names(sort="group") == ["Абаев", "Шәкенов", "Әлиев", "Қасымов"]  # АЖ-23, then ӘЖ-22, by name within
    assert names(sort="programme") == ["Абаев", "Әлиев", "Қасымов", "Шәкенов"]
    assert names(sort="name", group=groups["Ә"].pk) == ["Әлиев", "Қасымов"]
    assert names(sort="junk") == names()  # an unknown order falls back to the default, never a 500

    # the column headers sort, say how (aria-sort) and keep the filters; the current one turns the order round
    response = client.get(url, {"group": groups["Ә"].pk, "sort": "name"})
    headers = {
        a["data-testid"]: a["href"]
        for t, a in tags(response.content.decode())
        if t == "a" and "sort-" in a.get("data-testid", "")
    }
    assert set(headers) == {"sort-name", "sort-group", "sort-programme", "sort-submitted"}
    assert all(f"group={groups['Ә'].pk}" in href and "page=" not in href for href in headers.values())
    assert "sort=-name" in headers["sort-name"] and "sort=group" in headers["sort-group"]
    sorted_headers = [a for t, a in tags(response.content.decode()) if t == "th" and "aria-sort" in a]
    assert [a["aria-sort"] for a in sorted_headers] == ["ascending"]
    partial = client.get(url, {"sort": "-name"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="queue-results">') and 'aria-sort="descending"' in partial
