"""Demo question bank imported from Moodle (issue 12, part 5): teacher@demo.kz's bank "Imported from Moodle" for
the discipline of their lecture (else any stream) in the term of `today` (else their latest), read from
demo/data/moodle-bank.xml through the import service, as a teacher's upload would be (audited, images checked).

Idempotent: nothing is done when the teacher already has a bank with that title."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Case, IntegerField, Value, When

from people.models import User
from schedule.models import Stream
from testing.models import QuestionBank
from testing.services.banks import bank_import

DEMO_TEACHER = "teacher@demo.kz"
TITLE = "Imported from Moodle"
FILE = Path(__file__).parent / "data" / "moodle-bank.xml"


def _discipline(teacher, today):
    streams = Stream.objects.filter(teacher=teacher).select_related("discipline", "term")
    current = streams.filter(term__start_date__lte=today, term__end_date__gte=today)
    stream = (
        (current if current.exists() else streams)
        .annotate(lecture=Case(When(kind="lecture", then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("-term__start_date", "lecture", "discipline__code", "pk")
        .first()
    )
    return stream.discipline if stream else None


def seed_testing_bank(*, today) -> QuestionBank | None:
    teacher = User.objects.filter(email=DEMO_TEACHER).first()
    if teacher is None:
        return None
    existing = QuestionBank.objects.filter(owner=teacher, title=TITLE).first()
    if existing is not None:
        return existing
    discipline = _discipline(teacher, today)
    if discipline is None:
        return None
    bank = QuestionBank.objects.create(discipline=discipline, owner=teacher, title=TITLE)
    upload = SimpleUploadedFile(FILE.name, FILE.read_bytes(), "application/xml")
    bank_import(bank=bank, upload=upload, file_format="xml", actor=teacher)
    return bank
