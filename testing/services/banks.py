"""Question banks in and out: `bank_import` reads a Moodle XML or GIFT file into a bank, `bank_export` writes a
bank (or one category of it) in either format (testing/formats/, docs/modules.md#testing).

An import is all or nothing: the file is read and every question and image checked before anything is written,
and the writing happens in one transaction. Refusals are ValidationErrors with a translated message (and the line
of the file where the format has lines).
"""

import datetime as dt
import io
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from audit.models import AuditAction
from audit.services import audit_record_create
from testing import formats
from testing.formats import FormatError
from testing.models import Question, QuestionBank, QuestionFile, QuestionType

FORMATS = (formats.AUTO, formats.MOODLE_XML, formats.GIFT)
# An uploaded file waits here between the import's preview and its confirmation (testing/views/transfer.py).
PENDING_IMPORTS = "testing/imports"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    file_format: str
    dry_run: bool
    created: dict[str, int] = field(default_factory=dict)  # question type -> how many
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (question name, why)
    categories: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())

    @property
    def created_by_type(self) -> list[tuple[str, int]]:
        """(type label, count) in the order of QuestionType, for the page."""
        return [(label, self.created[value]) for value, label in QuestionType.choices if self.created.get(value)]


def _content(upload) -> bytes:
    limit = settings.TESTING_IMPORT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)}, code="too_large"
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)}, code="too_large"
        )
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    return content


def _image_type(name: str, question_name: str, content: bytes) -> str:
    limit = settings.TESTING_IMPORT_MAX_FILE_BYTES
    if len(content) > limit:
        raise ValidationError(
            _("Question “%(question)s”: the file “%(file)s” is larger than %(size)s.")
            % {"question": question_name, "file": name, "size": filesizeformat(limit)},
            code="file_too_large",
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()
    # Pillow refuses in many ways (unidentified, truncated, a decompression bomb...): each means "not an image"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    if kind not in IMAGE_TYPES:
        raise ValidationError(
            _("Question “%(question)s”: the file “%(file)s” is not an image (PNG, JPEG, GIF or WebP).")
            % {"question": question_name, "file": name},
            code="file_type",
        )
    return IMAGE_TYPES[kind]


def bank_import(*, bank: QuestionBank, upload, file_format: str, actor, dry_run: bool = False) -> ImportReport:
    """Read `upload` (a file object) as `file_format` ("auto", "xml" or "gift") into `bank`; with `dry_run`, check
    everything and say what would be created, writing nothing."""
    if file_format not in FORMATS:
        raise ValidationError(_("Choose the file's format."), code="format")
    content = _content(upload)
    if file_format == formats.AUTO:
        file_format = formats.detect(content)
    try:
        parsed = formats.parse(content, file_format, max_questions=settings.TESTING_IMPORT_MAX_QUESTIONS)
    except FormatError as error:
        raise ValidationError(str(error), code="malformed") from None
    if not parsed.questions and not parsed.skipped:
        raise ValidationError(_("The file holds no questions."), code="no_questions")
    content_types = {}
    for question in parsed.questions:
        for parsed_file in question.files:
            content_types[id(parsed_file)] = _image_type(parsed_file.name, question.name, parsed_file.content)
    report = ImportReport(file_format=file_format, dry_run=dry_run, skipped=parsed.skipped)
    report.categories = list(parsed.categories)
    for question in parsed.questions:
        report.created[str(question.type)] = report.created.get(str(question.type), 0) + 1
        report.files += len(question.files)
    if dry_run or not parsed.questions:
        return report
    stored = []
    try:
        with transaction.atomic():
            rows = Question.objects.bulk_create(
                [Question(bank=bank, **question.fields()) for question in parsed.questions], batch_size=500
            )
            file_rows = []
            for row, question in zip(rows, parsed.questions, strict=True):
                for parsed_file in question.files:
                    token = secrets.token_hex(16)
                    file_row = QuestionFile(
                        question=row,
                        token=token,
                        name=parsed_file.name,
                        content_type=content_types[id(parsed_file)],
                        size=len(parsed_file.content),
                    )
                    file_row.file.save(token, ContentFile(parsed_file.content), save=False)
                    stored.append(file_row.file.name)
                    file_rows.append(file_row)
            QuestionFile.objects.bulk_create(file_rows)
            bank.save(update_fields=["updated_at"])
            audit_record_create(
                actor=actor,
                action=AuditAction.QUESTION_BANK_IMPORT,
                target=bank,
                summary=_("Questions imported: %(count)s (%(format)s)")
                % {"count": report.total, "format": file_format},
                after={"format": file_format, "created": report.created, "skipped": len(report.skipped)},
            )
    except BaseException:
        for name in stored:
            QuestionFile._meta.get_field("file").storage.delete(name)
        raise
    return report


def bank_questions(bank: QuestionBank, category: str = ""):
    """The bank's questions in export order, `category` and the categories under it when given."""
    questions = Question.objects.filter(bank=bank)
    if category:
        questions = questions.filter(Q(category=category) | Q(category__startswith=category.rstrip("/") + "/"))
    return questions.order_by("category", "id").prefetch_related("files")


def bank_export(*, bank: QuestionBank, file_format: str, category: str = "") -> bytes:
    """The bank (or one category and those under it) as a Moodle XML ("xml") or GIFT ("gift") file."""
    if file_format not in (formats.MOODLE_XML, formats.GIFT):
        raise ValueError(f"unknown question bank format {file_format!r}")
    return formats.write(list(bank_questions(bank, category)), file_format)


def pending_import_name(user, token: str) -> str:
    """Where a teacher's previewed upload waits for the confirmation."""
    return f"{PENDING_IMPORTS}/{user.pk}/{token}"


def pending_imports_clean(*, older_than: dt.timedelta = dt.timedelta(days=1), now=None) -> int:
    """Delete the previewed uploads never confirmed (the teacher left the preview): those older than `older_than`.
    Answers how many files were deleted. Daily (beat `testing-clean-imports`)."""
    now = now or timezone.now()
    deleted = 0
    try:
        folders, _files = default_storage.listdir(PENDING_IMPORTS)
    except FileNotFoundError:
        return 0
    for folder in folders:
        for name in default_storage.listdir(f"{PENDING_IMPORTS}/{folder}")[1]:
            path = f"{PENDING_IMPORTS}/{folder}/{name}"
            if now - default_storage.get_modified_time(path) > older_than:
                default_storage.delete(path)
                deleted += 1
    return deleted
