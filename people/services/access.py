"""Access to the cabinet: first access for people the registrar created, and roles (docs/modules.md#accounts).

An applicant who is admitted keeps the same login and password: the same User row becomes a student.
A student the registrar enrolled has no password; a one-time link by e-mail lets them set one.
"""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record_create
from core.jobs import enqueue_after_commit
from core.site import site_url
from people.models import StudentRecord, User
from people.tokens import first_access_token_generator
from university.models import Programme, StudyGroup
from university.selectors import university_site_url

# ---------------------------------------------------------------------------------------------------------------
# First access
# ---------------------------------------------------------------------------------------------------------------


def first_access_candidate(*, email: str) -> User | None:
    """The active account with this e-mail that has no usable password yet, else None."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None or user.has_usable_password():
        return None
    return user


def first_access_link_request(*, email: str, base_url: str = "") -> bool:
    """Queue the first-access e-mail when `email` is an active account without a password.

    The caller answers the same whatever the result, so nobody learns which e-mails exist;
    the return value is only for the caller's own bookkeeping.
    """
    user = first_access_candidate(email=email)
    if user is None:
        return False
    _first_access_email_enqueue(user=user, base_url=base_url)
    return True


def first_access_links_send(*, users: Iterable[User], base_url: str = "") -> tuple[int, int]:
    """The registrar's bulk action: queue a link for every active person without a password.

    Returns (queued, skipped); people who already have a password or are inactive are skipped.
    """
    sent = skipped = 0
    for user in users:
        if user.is_active and not user.has_usable_password():
            _first_access_email_enqueue(user=user, base_url=base_url)
            sent += 1
        else:
            skipped += 1
    return sent, skipped


def _first_access_email_enqueue(*, user: User, base_url: str) -> None:
    from people.tasks import send_first_access_email_task  # the task module imports this one

    enqueue_after_commit(send_first_access_email_task, user.pk, base_url)


def _first_allowed_host_url() -> str:
    """The last resort for a link that must be absolute: the first host the site answers to."""
    host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")), "localhost")
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{host}"


def first_access_valid_days() -> int:
    """How long a first-access link works, in whole days (PASSWORD_RESET_TIMEOUT)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def first_access_email_send(*, user: User, base_url: str = "") -> bool:
    """Send the one-time link, in the person's language (Kazakh when they have not chosen one).

    Safe to run twice or late: someone who meanwhile set a password or was deactivated gets nothing.
    """
    if not user.is_active or user.has_usable_password():
        return False
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = first_access_token_generator.make_token(user)
    root = site_url(base_url=base_url) or university_site_url() or _first_allowed_host_url()
    context = {
        "user": user,
        "link": root + reverse("access:first_access_confirm", kwargs={"uidb64": uidb64, "token": token}),
        "request_url": root + reverse("access:first_access"),
        "valid_days": first_access_valid_days(),
    }
    with translation.override(user.preferred_language):
        subject = " ".join(render_to_string("people/access/email/first_access_subject.txt", context).split())
        body = render_to_string("people/access/email/first_access_message.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def first_access_link_user(*, uidb64: str, token: str) -> User | None:
    """The person a first-access link opens the door for, or None when the link is wrong, used or expired."""
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError, User.DoesNotExist, ValidationError):
        return None
    if not user.is_active or user.has_usable_password():
        return None
    if not first_access_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def first_access_complete(*, user: User, token: str, password: str) -> User:
    """Set the first password through a valid link. The link dies with it (the token hashes the password).

    Following the link proves the mailbox is theirs, so the address is marked verified and primary.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active or user.has_usable_password() or not first_access_token_generator.check_token(user, token):
        raise ValidationError(_("This link has already been used or has expired."), code="invalid_link")
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    _email_mark_verified(user=user)
    return user


def _email_mark_verified(*, user: User) -> None:
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": False, "primary": False}
    )
    address.set_verified()
    if not address.primary:
        address.set_as_primary()


# ---------------------------------------------------------------------------------------------------------------
# Roles: enrolment by the registrar, applicant -> student
# ---------------------------------------------------------------------------------------------------------------


def _student_record_check(*, programme: Programme, group: StudyGroup | None, student_number: str) -> str:
    number = (student_number or "").strip()
    if not number:
        raise ValidationError({"student_number": _("Enter the student ID.")}, code="required")
    if StudentRecord.objects.filter(student_number__iexact=number).exists():
        raise ValidationError(
            {"student_number": _("Student ID %(number)s is already taken.") % {"number": number}}, code="unique"
        )
    if group is not None and group.programme_id != programme.pk:
        raise ValidationError(
            {"group": _("Group %(group)s belongs to another programme.") % {"group": group.name}}, code="programme"
        )
    return number


@transaction.atomic
def applicant_admit(
    *, user: User, programme: Programme, group: StudyGroup | None, student_number: str, actor: User | None
) -> StudentRecord:
    """Admit an applicant: the same account becomes a student, same login, same password (docs/modules.md#accounts).

    Refused when the person is already a student or is not an applicant.
    """
    person = User.objects.select_for_update().get(pk=user.pk)
    if person.is_student or StudentRecord.objects.filter(user=person).exists():
        raise ValidationError(_("%(person)s is already a student.") % {"person": person}, code="already_student")
    if not person.is_applicant:
        raise ValidationError(_("%(person)s is not an applicant.") % {"person": person}, code="not_applicant")
    number = _student_record_check(programme=programme, group=group, student_number=student_number)
    record = StudentRecord.objects.create(user=person, programme=programme, group=group, student_number=number)
    person.is_student = True
    person.is_applicant = False
    person.save(update_fields=["is_student", "is_applicant", "updated_at"])
    audit_record_create(
        actor=actor,
        action=AuditAction.APPLICANT_ADMIT,
        target=person,
        summary=f"{person.email} admitted as {number}",
        before={"is_applicant": True, "is_student": False},
        after={
            "is_applicant": False,
            "is_student": True,
            "student_number": number,
            "programme": programme.code,
            "group": group.name if group else None,
        },
    )
    # the caller's instance tells the truth too
    user.is_student, user.is_applicant = True, False
    user.__dict__.pop("roles", None)
    return record


@transaction.atomic
def student_create(
    *,
    email: str,
    last_name: str,
    first_name: str,
    programme: Programme,
    group: StudyGroup | None,
    student_number: str,
    actor: User | None,
) -> StudentRecord:
    """The registrar enrols a student who never signed up: no password; first access comes by e-mail link."""
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}, code="invalid") from None
    if User.objects.filter(email__iexact=address).exists():
        raise ValidationError({"email": _("A person with this e-mail already exists.")}, code="unique")
    last_name, first_name = (last_name or "").strip(), (first_name or "").strip()
    if not last_name or not first_name:
        raise ValidationError(_("Enter the last and the first name."), code="required")
    number = _student_record_check(programme=programme, group=group, student_number=student_number)
    user = User.objects.create_user(
        email=address, password=None, last_name=last_name, first_name=first_name, is_student=True
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    record = StudentRecord.objects.create(user=user, programme=programme, group=group, student_number=number)
    audit_record_create(
        actor=actor,
        action=AuditAction.STUDENT_CREATE,
        target=user,
        summary=f"{user.email} enrolled as {number}",
        after={"student_number": number, "programme": programme.code, "group": group.name if group else None},
    )
    return record
