"""Who may see and change what in the study plan (CONVENTIONS §5: 404 for both 'missing' and 'not yours')."""

from django.http import Http404

from people.models import StudentRecord

from .models import Discipline

STAFF_ROLES = ("teacher", "advisor", "registrar", "administrator")


def student_record_for_user_or_404(user) -> StudentRecord:
    """The signed-in student's own record; anyone else (staff, applicants) gets 404 on the student pages."""
    if not (user.is_authenticated and user.is_student):
        raise Http404
    record = (
        StudentRecord.objects.select_related("user", "programme__department__faculty", "group")
        .filter(user=user)
        .first()
    )
    if record is None:
        raise Http404
    return record


def posted_student_is_forged(student: StudentRecord, posted_student_id) -> bool:
    """The student always comes from the session; a request naming another student is forged and refused."""
    if posted_student_id in (None, ""):
        return False
    return str(posted_student_id).strip() != str(student.pk)


def can_view_discipline(user) -> bool:
    """The discipline catalogue is open to the university's people: students and staff (not applicants)."""
    return user.is_authenticated and (user.is_student or user.has_role(*STAFF_ROLES))


def discipline_get_for_user_or_404(user, code: str) -> Discipline:
    if not can_view_discipline(user):
        raise Http404
    discipline = Discipline.objects.select_related("department").filter(code=code).first()
    if discipline is None:
        raise Http404
    return discipline
