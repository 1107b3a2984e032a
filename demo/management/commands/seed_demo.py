"""`python manage.py seed_demo`: the demo university, the same on every run and safe to run again."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.seed import PASSWORD, DemoContext, run_steps

ROLES = {
    "student": "student, Information systems, 2nd year",
    "teacher": "teacher",
    "advisor": "teacher and advisor of student@demo.kz's group",
    "registrar": "registrar's office, Django admin",
    "admin": "administrator, superuser",
}


class Command(BaseCommand):
    help = "Build the demo university (faculties, programmes, curricula, teachers, students). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=320, help="How many students in all (default 320).")
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args, students: int, quiet: bool, **options):
        if students < 1:
            raise CommandError("--students must be at least 1 (the demo student).")
        quiet = quiet or options["verbosity"] == 0
        ctx = DemoContext(
            today=timezone.localdate(),
            student_count=students,
            log=(lambda message: None) if quiet else self.stdout.write,
        )
        with transaction.atomic():
            run_steps(ctx)
        if quiet:
            return
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {PASSWORD}):"))
        for role, user in ctx.logins.items():
            extra = ""
            if role == "student":
                record = user.student_record
                extra = f", group {record.group}"
            self.stdout.write(f"  {user.email:<20} {ROLES[role]}{extra}")
        self.stdout.write(f"Every other demo person has the same password (e.g. {ctx.teachers[-1].email}).")
