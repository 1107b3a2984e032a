"""The online exam (issue 12, "Figures to reach"): answer saves on the real stack, on this machine.

    .venv/bin/python bench/exam.py [--quick] [--students 500] [--answers 30] [--workers N] [--threads T] ...

What it does, in order (details and figures in bench/README.md, "exam.py"):
1. drops and creates a separate PostgreSQL database (`cabinet_exam` on 127.0.0.1:5432, user postgres), migrates
   it and generates in bulk: a discipline of the current term, a bank of single-choice questions (4 options each,
   shuffled per attempt), three published tests of --answers questions each (the exam, a short exam of 1 minute
   for the students who go on past their time, and a long test for the capacity phase), the students registered
   for the discipline (some with extra time on the exam) and a signed-in session for each;
2. counts the queries of one answer save, one clock read and one question fragment in this process (Django's
   test client on the bench database, production settings);
3. starts gunicorn (config.wsgi, production settings, plain HTTP on 127.0.0.1) with a generated URLconf that adds
   the fixed-response floor view /bench/floor in front of the portal's own;
4. runs the load generator in another process (asyncio + aiohttp):
   capacity: --concurrency students resave answers of their long test with no pause (growing sequences),
   interleaved in short slices with the same clients hitting /bench/floor: saves_per_s, floor_rps;
   exam: --students students arrive within --arrival s, start the exam, and answer --answers questions with
   --think-min..--think-max s between saves (a change of mind now and then, the next question's fragment after
   each), --drop-share of them drop their connection once and resume; gunicorn gets SIGHUP (graceful reload)
   in the middle; the short exam's students go on saving past their deadline and every such save must be
   refused; meanwhile this process runs the beat's job (testing.tasks.close_expired_attempts) every --beat s;
5. checks the database: every acknowledged answer is held with its sequence and value, no answer saved after
   its deadline plus the grace, deadlines as started (duration + extra time), every expired attempt closed;
6. prints one JSON line last; stops gunicorn and the load generator and drops the database, even on failure.
"""

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:  # run as a script: bench/ is on the path, the project is not
    sys.path.insert(0, str(BASE_DIR))

from bench.stack import (  # noqa: E402
    Client,
    add_redis_arguments,
    bench_environment,
    bench_main,
    create_database,
    drop_database,
    free_port,
    log,
    machine_cpu_seconds,
    percentile,
    server_cpu_seconds,
    setup_django,
    signed_in_sessions,
    start_gunicorn,
    stop,
    wait_until_up,
)

CONTRACT = (
    "students",
    "saves_per_s",
    "ratio_to_floor",
    "p50_ms",
    "p95_ms",
    "answers_lost",
    "late_answers_accepted",
    "deadline_drift_s_max",
    "errors_5xx",
)
OPTIONS = ("a", "b", "c", "d")


def parse_args(argv=None):
    cores = os.cpu_count() or 2
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=500, help="students sitting the exam (the short exam's included)")
    p.add_argument("--arrival", type=float, default=30.0, help="seconds over which the students start the exam")
    p.add_argument("--answers", type=int, default=30, help="questions of each test (one save per answer)")
    p.add_argument("--think-min", type=float, default=2.0, help="shortest pause before a save, seconds")
    p.add_argument("--think-max", type=float, default=10.0, help="longest pause before a save, seconds")
    p.add_argument("--resave-share", type=float, default=0.1, help="answers changed a moment later (sequence + 1)")
    p.add_argument("--drop-share", type=float, default=0.1, help="students who drop their connection once and resume")
    p.add_argument("--late-share", type=float, default=0.1, help="students of the 1-minute exam, saving past its end")
    p.add_argument("--late-tail", type=float, default=20.0, help="seconds they go on saving after deadline + grace")
    p.add_argument("--extra-share", type=float, default=0.1, help="exam students with extra time (+5 minutes)")
    p.add_argument("--exam-minutes", type=int, default=0, help="the exam's duration (0: what the run needs + 5 min)")
    p.add_argument("--no-reload", action="store_true", help="no SIGHUP to gunicorn during the exam")
    p.add_argument("--reload-at", type=float, default=0.0, help="seconds into the exam of the SIGHUP (0: the middle)")
    p.add_argument(
        "--preload", action="store_true", help="gunicorn --preload: a reload forks workers of the loaded app"
    )
    p.add_argument("--no-navigate", action="store_true", help="no GET of the next question's fragment between saves")
    p.add_argument(
        "--beat",
        type=float,
        default=30.0,
        help="seconds between runs of the beat's close-expired job (as config/settings)",
    )
    p.add_argument("--concurrency", type=int, default=64, help="capacity: clients saving with no pause")
    p.add_argument("--rounds", type=int, default=3, help="capacity: slices of saves, each followed by one of the floor")
    p.add_argument("--seconds", type=float, default=5.0, help="capacity: measured seconds of each slice")
    p.add_argument("--slice-warmup", type=float, default=0.5, help="capacity: unmeasured seconds starting each slice")
    p.add_argument("--warmup", type=float, default=2.0, help="capacity: unmeasured seconds of saves before slice 1")
    p.add_argument("--quick", action="store_true", help="50 students, 5 answers, 2 slices of 3 s: ~2.5 minutes")
    p.add_argument("--workers", type=int, default=cores + 1, help="gunicorn gthread workers (default cores+1)")
    p.add_argument("--threads", type=int, default=3, help="threads per gunicorn worker (as the Dockerfile)")
    p.add_argument(
        "--keep-alive", type=int, default=30, help="seconds an idle HTTP connection stays open (gthread workers)"
    )
    p.add_argument("--conn-max-age", type=int, default=600, help="CONN_MAX_AGE of the served portal")
    p.add_argument("--db", default="cabinet_exam", help="the database created and dropped (postgres user)")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="the PostgreSQL server")
    add_redis_arguments(p)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--role", choices=("run", "load"), default="run", help=argparse.SUPPRESS)
    p.add_argument("--plan", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.students, args.answers, args.arrival = 50, 5, 10.0
        args.rounds, args.seconds, args.warmup = 2, 3.0, 1.0
    if args.think_max < args.think_min:
        p.error("--think-max must be at least --think-min")
    return args


def exam_minutes(args) -> int:
    """Long enough for the slowest student (every pause the longest, a drop, a few retries) with 5 minutes over."""
    if args.exam_minutes:
        return args.exam_minutes
    slowest = args.arrival + args.answers * args.think_max * (1 + args.resave_share) + 60
    return int(slowest // 60) + 6


# --------------------------------------------------------------------------------------------------------------
# The database and the generated exam (in this process, with the bench settings)
# --------------------------------------------------------------------------------------------------------------


def generate(args) -> dict:
    """The discipline, the bank, the tests and the students, in bulk. Returns the plan for the load generator."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from curriculum.models import Discipline, Registration
    from people.models import StudentRecord, TeacherRecord, User
    from testing.models import Accommodation, Question, QuestionBank, QuestionType, Quiz, QuizQuestion
    from university.models import AcademicYear, Department, Faculty, Programme, StudyGroup, Term, University

    rng = random.Random(args.seed)
    now = timezone.now()
    today = timezone.localdate()
    late_n = round(args.students * args.late_share)
    exam_n = args.students - late_n
    total = args.students + args.concurrency + 1  # + the probe student
    with transaction.atomic():
        uni = University.objects.create(short_name="EXAM", name_kk="Емтихан университеті", name_en="Exam University")
        faculty = Faculty.objects.create(university=uni, code="F1", name_kk="Факультет", name_en="Faculty")
        dept = Department.objects.create(faculty=faculty, code="D1", name_kk="Кафедра", name_en="Department")
        year = AcademicYear.objects.create(
            university=uni, start_date=today - dt.timedelta(days=90), end_date=today + dt.timedelta(days=270)
        )
        term = Term.objects.create(
            academic_year=year,
            kind=Term.Kind.SPRING,
            start_date=today - dt.timedelta(days=60),
            end_date=today + dt.timedelta(days=60),
        )
        programme = Programme.objects.create(department=dept, code="6B00001", name_kk="Бағдарлама", name_en="Programme")
        groups = StudyGroup.objects.bulk_create(
            StudyGroup(programme=programme, name=f"E-{g:02d}", admission_year=today.year, language="kk")
            for g in range(max(1, total // 25))
        )
        password = make_password("exam-password-42")
        teacher = User.objects.create(
            email="teacher@exam.kz", last_name="Teacher", first_name="T", password=password, is_teacher=True
        )
        TeacherRecord.objects.create(user=teacher, department=dept)
        users = User.objects.bulk_create(
            (
                User(
                    email=f"s{i:05d}@exam.kz",
                    last_name=f"Student{i}",
                    first_name="S",
                    password=password,
                    is_student=True,
                    language="en",
                )
                for i in range(total)
            ),
            batch_size=2000,
        )
        records = StudentRecord.objects.bulk_create(
            (
                StudentRecord(user=u, student_number=f"E{i:07d}", programme=programme, group=groups[i % len(groups)])
                for i, u in enumerate(users)
            ),
            batch_size=2000,
        )
        discipline = Discipline.objects.create(
            code="EX101",
            name_kk="Пән",
            name_en="Discipline",
            credits=5,
            cycle="basic",
            component="mandatory",
            department=dept,
        )
        Registration.objects.bulk_create(
            (Registration(student=r, discipline=discipline, term=term, semester=2) for r in records), batch_size=5000
        )
        bank = QuestionBank.objects.create(discipline=discipline, owner=teacher, title="Exam bank")
        questions = Question.objects.bulk_create(
            Question(
                bank=bank,
                category="Exam",
                type=QuestionType.SINGLE,
                name=f"Q{k + 1}",
                text=f"<p>Question {k + 1}: which option is right?</p>",
                points=1,
                shuffle=True,
                data={
                    "options": [
                        {"id": o, "text": f"Option {o.upper()}", "fraction": 1.0 if j == k % 4 else 0.0}
                        for j, o in enumerate(OPTIONS)
                    ]
                },
            )
            for k in range(args.answers)
        )

        def quiz(title: str, minutes: int) -> Quiz:
            made = Quiz.objects.create(
                author=teacher,
                discipline=discipline,
                term=term,
                title=title,
                kind=Quiz.Kind.EXAM if minutes < 600 else Quiz.Kind.QUIZ,
                status=Quiz.Status.PUBLISHED,
                opens_at=now - dt.timedelta(hours=1),
                closes_at=now + dt.timedelta(days=1),
                duration_minutes=minutes,
                navigation=Quiz.Navigation.FREE,
                shuffle_questions=True,
            )
            QuizQuestion.objects.bulk_create(
                QuizQuestion(quiz=made, question=q, position=i) for i, q in enumerate(questions)
            )
            return made

        exam, short, long = quiz("Final exam", exam_minutes(args)), quiz("Short exam", 1), quiz("Capacity test", 600)
        extra = rng.sample(range(exam_n), round(exam_n * args.extra_share))
        Accommodation.objects.bulk_create(
            Accommodation(quiz=exam, student=records[i], extra_minutes=5, created_by=teacher) for i in extra
        )
        keys = signed_in_sessions(users)
    with connection.cursor() as cursor:  # a live database has its planner statistics; a bulk load has none yet
        cursor.execute("ANALYZE")

    def student(i: int, quiz_id: int) -> dict:
        # an unmasked CSRF secret: 32 characters of the allowed alphabet
        return {"id": records[i].pk, "session": keys[i], "csrf": secrets.token_hex(16), "quiz": quiz_id}

    order = list(range(args.students))
    rng.shuffle(order)
    drops = set(order[: round(args.students * args.drop_share)])
    sitting = [student(i, exam.pk if i < exam_n else short.pk) for i in range(args.students)]
    for i, s in enumerate(sitting):
        s["late"] = i >= exam_n
        s["drop"] = i in drops
    capacity = [student(args.students + i, long.pk) for i in range(args.concurrency)]
    return {
        "exam": exam.pk,
        "short": short.pk,
        "long": long.pk,
        "probe": {**student(total - 1, long.pk), "user": users[-1].pk},
        "students": sitting,
        "capacity": capacity,
        "grace": _grace_seconds(),
        "counts": {
            "students": len(users),
            "exam": exam_n,
            "short_exam": late_n,
            "extra_time": len(extra),
            "drops": len(drops),
            "questions": len(questions),
            "exam_minutes": exam.duration_minutes,
        },
    }


def _grace_seconds() -> int:
    from django.conf import settings

    return settings.TESTING_NETWORK_GRACE_SECONDS


def count_queries(plan: dict) -> dict:
    """The statements of one answer save, one clock read and one question fragment, in this process (the test
    client on the bench database, DEBUG off), for the probe student's attempt of the long test."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from people.models import StudentRecord, User
    from testing.models import Quiz
    from testing.services.attempts import attempt_start

    probe = plan["probe"]
    attempt = attempt_start(quiz=Quiz.objects.get(pk=probe["quiz"]), student=StudentRecord.objects.get(pk=probe["id"]))
    client = TestClient(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=probe["user"]))
    base = f"/testing/attempts/{attempt.pk}/"
    client.get(base)  # the first request of a process reads what later ones have cached
    client.post(base + "answer/", {"position": 1, "sequence": 1, "value": "a"})
    out, sql = {}, {}
    requests = {
        "save": ("post", base + "answer/", {"position": 1, "sequence": 2, "value": "b"}),
        "save_stale": ("post", base + "answer/", {"position": 1, "sequence": 2, "value": "b"}),
        "clock": ("get", base + "clock/", None),
        "fragment": ("get", base + "?n=2", None),
    }
    for name, (method, url, data) in requests.items():
        extra = {"HTTP_HX_REQUEST": "true"} if name == "fragment" else {}
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data, **extra) if data else getattr(client, method)(url, **extra)
        if response.status_code not in (200, 409):
            raise RuntimeError(f"the probe {name} answered {response.status_code}: {response.content[:300]!r}")
        out[name] = len(queries)
        sql[name] = [q["sql"][:160] for q in queries.captured_queries]
    out["attempt"] = attempt.pk
    return out, sql


class Beat(threading.Thread):
    """The beat's job (`testing-close-expired`, every minute in production) run in this process while the load
    runs: how many attempts each run closed, how late after deadline + grace, and whether any was left open."""

    def __init__(self, every: float):
        super().__init__(daemon=True)
        self.every, self.stopping = every, threading.Event()
        self.runs: list[dict] = []
        self.error = None

    def run(self):
        from django.db import connections

        try:
            while not self.stopping.wait(self.every):
                self.once()
        except Exception as error:  # reported by check_closing
            self.error = repr(error)
        finally:
            connections.close_all()

    def once(self) -> dict:
        from django.conf import settings
        from django.utils import timezone

        from testing.models import Attempt
        from testing.tasks import close_expired_attempts

        grace = dt.timedelta(seconds=settings.TESTING_NETWORK_GRACE_SECONDS)
        started = timezone.now()
        due = list(
            Attempt.objects.filter(
                status=Attempt.Status.IN_PROGRESS, paused_at__isnull=True, deadline__lt=started - grace
            ).values_list("deadline", flat=True)
        )
        closed = close_expired_attempts()  # the task's own body, as the worker runs it
        left = Attempt.objects.filter(
            status=Attempt.Status.IN_PROGRESS, paused_at__isnull=True, deadline__lt=started - grace
        ).count()
        late = max(((started - (d + grace)).total_seconds() for d in due), default=0.0)
        run = {"at": started.isoformat(), "due": len(due), "closed": closed, "left_open": left, "late_s_max": late}
        self.runs.append(run)
        log(f"beat: {json.dumps(run)}")
        return run


def check_database(result: dict, plan: dict, beat: Beat) -> dict:
    """answers_lost: an answer whose last acknowledged save (sequence, value) the database does not hold (or holds
    with a sequence the client never sent); late: answers stored after deadline + grace; drift: the deadline
    against started + duration + extra time; closing: expired attempts left open."""
    from django.conf import settings
    from django.db.models import F

    from testing.models import Accommodation, Attempt, AttemptQuestion, Quiz

    grace = dt.timedelta(seconds=settings.TESTING_NETWORK_GRACE_SECONDS)
    stored = {
        (a, p): (seq, ans)
        for a, p, seq, ans in AttemptQuestion.objects.filter(
            attempt__quiz_id__in=[plan["exam"], plan["short"]]
        ).values_list("attempt_id", "position", "sequence", "answer")
    }
    lost = wrong = 0
    examples = []
    for attempt_id, position, acked, sent in result["answers"]:
        seq, answer = stored.get((attempt_id, position), (0, None))
        held = sent.get(str(seq)) if seq else None
        if seq < acked or (seq and held is None) or (seq and held != answer):
            lost += 1
            wrong += seq >= acked
            if len(examples) < 5:
                examples.append({"attempt": attempt_id, "position": position, "acked": acked, "db": [seq, answer]})
    late_rows = AttemptQuestion.objects.filter(
        attempt__quiz_id__in=[plan["exam"], plan["short"]], answered_at__gt=F("attempt__deadline") + grace
    ).count()
    durations = dict(Quiz.objects.values_list("pk", "duration_minutes"))
    closes = dict(Quiz.objects.values_list("pk", "closes_at"))
    extra = {(q, s): m for q, s, m in Accommodation.objects.values_list("quiz_id", "student_id", "extra_minutes")}
    drift = 0.0
    attempts = list(
        Attempt.objects.filter(quiz_id__in=[plan["exam"], plan["short"]]).values_list(
            "pk", "quiz_id", "student_id", "started_at", "deadline", "status", "close_reason"
        )
    )
    by_state: dict[str, int] = {}
    for _pk, quiz, student, started, deadline, status, reason in attempts:
        meant = started + dt.timedelta(minutes=durations[quiz] + extra.get((quiz, student), 0))
        meant = min(meant, closes[quiz]) if closes[quiz] else meant
        drift = max(drift, abs((deadline - meant).total_seconds()))
        key = f"{'short' if quiz == plan['short'] else 'exam'}:{status}:{reason}"
        by_state[key] = by_state.get(key, 0) + 1
    from django.utils import timezone

    left_open = Attempt.objects.filter(
        quiz_id__in=[plan["exam"], plan["short"]],
        status=Attempt.Status.IN_PROGRESS,
        deadline__lt=timezone.now() - grace,
    ).count()
    return {
        "answers_checked": len(result["answers"]),
        "answers_lost": lost,
        "answers_wrong_value": wrong,
        "lost_examples": examples,
        "late_rows": late_rows,
        "db_deadline_drift_s_max": round(drift, 3),
        "attempts": len(attempts),
        "attempts_by_state": by_state,
        "expired_left_open": left_open,
        "beat_runs": len(beat.runs),
        "beat_late_s_max": round(max((r["late_s_max"] for r in beat.runs), default=0.0), 1),
        "beat_left_open": max((r["left_open"] for r in beat.runs), default=0),
    }


# --------------------------------------------------------------------------------------------------------------
# The load generator (its own process)
# --------------------------------------------------------------------------------------------------------------

ATTEMPT_URL = re.compile(r"/testing/attempts/(\d+)/$")
VALUES = re.compile(rb'name="value" value="([^"]+)"')
FORM = re.compile(rb'data-position="(\d+)"[^>]*data-sequence="(\d+)"')
DEADLINE = re.compile(rb'data-deadline="([^"]+)"')


def when(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


class Tally:
    """What the exam's clients saw: latencies by kind, statuses, answers sent and acknowledged, deadlines seen."""

    def __init__(self, grace: float):
        self.grace = grace
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.errors_5xx = 0
        self.connection_errors = 0  # requests without an answer, each retried
        self.gave_up = 0  # requests still without an answer after every retry
        self.late_accepted = 0  # a 200 save whose server time is past deadline + grace
        self.refused_in_time = 0  # a time_up or closed refusal before deadline + grace
        self.drift = 0.0
        self.sent: dict[tuple[int, int], dict[int, str]] = {}
        self.acked: dict[tuple[int, int], int] = {}
        self.resumed = {
            "n": 0,
            "position_mismatch": 0,
            "closed_meanwhile": 0,
            "deadline_changed": 0,
            "in_flight": 0,
            "in_flight_landed": 0,
        }
        self.windows: dict[int, list[float]] = {}
        self.started = time.perf_counter()

    def record(self, kind: str, status: int, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)
        key = f"{kind}:{status}"
        self.statuses[key] = self.statuses.get(key, 0) + 1
        if status >= 500:
            self.errors_5xx += 1
        if kind == "save":
            sent = time.perf_counter() - self.started - ms / 1000
            self.windows.setdefault(int(sent // 10) * 10, []).append(ms)

    def deadline_seen(self, student: dict, deadline: str | None) -> None:
        if not deadline:
            return
        seen = when(deadline)
        if "deadline" not in student:
            student["deadline"] = seen
        self.drift = max(self.drift, abs(seen - student["deadline"]))


class Student:
    """One student's browser: its own connection, cookies and CSRF header; requests retried on a dropped
    connection (an answer with the same sequence, so a retry that finds the first one landed gets `stale`)."""

    def __init__(self, plan: dict, data: dict, tally: Tally, rng: random.Random):
        self.plan, self.data, self.tally, self.rng = plan, data, tally, rng
        self.http = None
        self.attempt = None
        self.options: list[str] = list(OPTIONS)
        self.sequence: dict[int, int] = {}

    async def open(self):
        import aiohttp

        connector = aiohttp.TCPConnector(limit=4, keepalive_timeout=self.plan["keep_alive"])
        self.http = aiohttp.ClientSession(
            base_url=self.plan["base"],
            connector=connector,
            timeout=aiohttp.ClientTimeout(total=60),
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self):
        if self.http is not None:
            await self.http.close()
            self.http = None

    async def request(self, kind: str, method: str, path: str, *, htmx=False, data=None, retries=6):
        for k in range(retries + 1):
            status, body, ms = await Client(self.http).send(method, path, self.data, htmx=htmx, data=data)
            if status == 0:
                self.tally.connection_errors += 1
            else:
                self.tally.record(kind, status, ms)
            if status != 0 and status < 500:
                return status, body, ms
            if k < retries:
                await asyncio.sleep(min(0.2 * 2**k, 3.0))
        if status == 0:
            self.tally.gave_up += 1
        return status, body, ms

    def read_page(self, body: bytes) -> int | None:
        """The options the question shows and the server's position and sequence on the page (or fragment)."""
        values = [v.decode() for v in VALUES.findall(body)]
        if values:
            self.options = values
        deadline = DEADLINE.search(body)
        if deadline:
            self.tally.deadline_seen(self.data, deadline.group(1).decode())
        form = FORM.search(body)
        if form is None:
            return None
        position, sequence = int(form.group(1)), int(form.group(2))
        self.sequence[position] = max(self.sequence.get(position, 0), sequence)
        return position

    async def begin(self) -> bool:
        """POST start until it redirects to the attempt (a start twice resumes the one attempt); open its page
        and the clock."""
        for _ in range(5):
            location = await self.post_start()
            match = ATTEMPT_URL.search(location or "")
            if match:
                self.attempt = int(match.group(1))
                break
            await asyncio.sleep(0.5)
        else:
            return False
        await self.resume_view()
        return True

    async def post_start(self) -> str | None:
        for k in range(7):
            status, location, ms = await post_start(self.http, self.data)
            if status:
                self.tally.record("start", status, ms)
                if status < 500:
                    return location
            else:
                self.tally.connection_errors += 1
            await asyncio.sleep(min(0.2 * 2**k, 3.0))
        self.tally.gave_up += 1
        return None

    async def resume_view(self) -> int | None:
        """The attempt's page (the server's question and its sequence) and the clock, as a reopened tab shows them."""
        status, body, _ms = await self.request("page", "GET", f"/testing/attempts/{self.attempt}/")
        position = self.read_page(body) if status == 200 else None
        status, body, _ms = await self.request("clock", "GET", f"/testing/attempts/{self.attempt}/clock/")
        if status == 200:
            self.tally.deadline_seen(self.data, json.loads(body)["deadline"])
        return position

    async def next_question(self, position: int) -> None:
        path = f"/testing/attempts/{self.attempt}/?n={position}"
        status, body, _ms = await self.request("fragment", "GET", path, htmx=True)
        if status == 200:
            self.read_page(body)

    def pick(self, position: int) -> tuple[int, str]:
        sequence = self.sequence.get(position, 0) + 1
        self.sequence[position] = sequence
        return sequence, self.rng.choice(self.options)

    async def save(self, position: int, sequence: int, value: str, *, retried=False) -> str:
        """POST the answer; on no answer, the same answer again (same sequence). Returns the outcome: saved,
        landed (stale on a retry: the first one had landed), or the refusal's code."""
        key = (self.attempt, position)
        self.tally.sent.setdefault(key, {})[sequence] = value
        data = {"position": str(position), "sequence": str(sequence), "value": value}
        path = f"/testing/attempts/{self.attempt}/answer/"
        tries = 0
        while True:
            status, body, _ms = await Client(self.http).send("POST", path, self.data, data=data)
            if status == 0:
                self.tally.connection_errors += 1
            else:
                self.tally.record("save", status, _ms)
            if status != 0 and status < 500:
                break
            tries += 1
            if tries > 6:
                self.tally.gave_up += 1
                return "gave_up"
            retried = True
            await asyncio.sleep(min(0.2 * 2**tries, 3.0))
        answer = json.loads(body)
        self.tally.deadline_seen(self.data, answer.get("deadline"))
        deadline = self.data.get("deadline")
        server_now = when(answer["now"]) if answer.get("now") else time.time()
        if answer.get("saved"):
            self.tally.acked[key] = max(self.tally.acked.get(key, 0), sequence)
            if deadline is not None and server_now > deadline + self.tally.grace:
                self.tally.late_accepted += 1
            return "saved"
        code = answer.get("code", "?")
        self.tally.codes[code] = self.tally.codes.get(code, 0) + 1
        if code == "stale" and retried:
            self.tally.acked[key] = max(self.tally.acked.get(key, 0), sequence)
            return "landed"
        if code in ("time_up", "closed") and deadline is not None and server_now <= deadline + self.tally.grace:
            self.tally.refused_in_time += 1
        return code

    async def drop_and_resume(self, position: int, sequence: int, value: str) -> None:
        """The connection drops while the answer is on its way: the tab loses it (the request may or may not have
        reached the server), a few seconds later the student reopens the attempt, sees the server's question and
        clock, and the answer is sent again with the same sequence."""
        before = self.data.get("deadline")
        key = (self.attempt, position)
        self.tally.sent.setdefault(key, {})[sequence] = value
        data = {"position": str(position), "sequence": str(sequence), "value": value}
        task = asyncio.ensure_future(
            Client(self.http).send("POST", f"/testing/attempts/{self.attempt}/answer/", self.data, data=data)
        )
        await asyncio.sleep(self.rng.uniform(0, 0.03))
        in_flight = not task.done()
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        await self.close()
        self.tally.resumed["n"] += 1
        self.tally.resumed["in_flight"] += in_flight
        await asyncio.sleep(self.rng.uniform(2, 6))
        await self.open()
        shown = await self.resume_view()
        if shown is None:  # the attempt closed meanwhile (its time ran out): the page redirects to the result
            self.tally.resumed["closed_meanwhile"] += 1
        elif shown != position and self.plan["navigate"]:  # without Next, the server's question stays the first
            self.tally.resumed["position_mismatch"] += 1
        if before is not None and self.data.get("deadline") != before:
            self.tally.resumed["deadline_changed"] += 1
        outcome = await self.save(position, sequence, value, retried=True)
        self.tally.resumed["in_flight_landed"] += outcome == "landed"

    async def finish(self) -> None:
        await self.request(
            "finish", "POST", f"/testing/attempts/{self.attempt}/finish/", data={"confirm": "1"}, retries=3
        )


async def sit(plan: dict, data: dict, tally: Tally, arrives: float, seed: int) -> None:
    """One student: start, then each question: think, answer (now and then a change of mind), Next."""
    rng = random.Random(seed)
    think = (plan["think_min"], plan["think_max"])
    await asyncio.sleep(arrives)
    student = Student(plan, data, tally, rng)
    await student.open()
    try:
        if not await student.begin():
            log(f"student {data['id']} could not start")
            return
        answers = plan["answers"]
        drop_at = rng.randint(1, answers) if data["drop"] else 0
        timed_out = False
        for position in range(1, answers + 1):
            await asyncio.sleep(rng.uniform(*think))
            sequence, value = student.pick(position)
            if position == drop_at:
                await student.drop_and_resume(position, sequence, value)
                outcome = "saved"
            else:
                outcome = await student.save(position, sequence, value)
            if outcome in ("time_up", "closed"):
                timed_out = True
                break
            if rng.random() < plan["resave_share"]:
                await asyncio.sleep(rng.uniform(0.5, 2))
                sequence, value = student.pick(position)
                await student.save(position, sequence, value)
            if position < answers and plan["navigate"]:
                await student.next_question(position + 1)
        if data["late"]:
            # past the end: half read the clock (the read path closes the attempt) and stop; the others go on
            # saving, as a client that ignores the clock would, until well past deadline + grace
            if timed_out and rng.random() < 0.5:
                await student.request("clock", "GET", f"/testing/attempts/{student.attempt}/clock/")
                return
            until = data["deadline"] + tally.grace + plan["late_tail"]
            while time.time() < until:
                await asyncio.sleep(rng.uniform(*think) / 2)
                position = rng.randint(1, answers)
                sequence, value = student.pick(position)
                await student.save(position, sequence, value)
            return
        await student.finish()
    finally:
        await student.close()


def gunicorn_workers(master: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == master:
                        pids.append(int(entry))
            except OSError:
                continue
    return sorted(pids)


async def first_answer(base: str) -> float:
    """Seconds until GET /bench/floor on a new connection answers (retried every 0.1 s)."""
    import aiohttp

    began = time.perf_counter()
    while time.perf_counter() - began < 60:
        try:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
                async with http.get(base + "/bench/floor", timeout=aiohttp.ClientTimeout(total=30)) as r:
                    if r.status == 200:
                        break
        except (TimeoutError, aiohttp.ClientError):
            pass
        await asyncio.sleep(0.1)
    return time.perf_counter() - began


async def reload_gunicorn(plan: dict, at: float) -> dict:
    await asyncio.sleep(at)
    before = gunicorn_workers(plan["gunicorn_pid"])
    cpu_old = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])  # the old workers' CPU, gone with them
    os.kill(plan["gunicorn_pid"], signal.SIGHUP)
    hup = time.perf_counter()
    log(f"SIGHUP to gunicorn {plan['gunicorn_pid']} at {at:.0f} s into the exam (workers {before})")
    await asyncio.sleep(0.05)
    answered = await first_answer(plan["base"])  # a new connection's floor request: how long none was served
    after = before
    for _ in range(100):
        after = gunicorn_workers(plan["gunicorn_pid"])
        if after and not set(after) & set(before) and len(after) >= len(before):
            break
        await asyncio.sleep(0.2)
    # the new workers' CPU so far is their start (imports), counted apart
    cpu_new = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
    took = time.perf_counter() - hup
    log(f"gunicorn reloaded: a new connection answered after {answered:.1f} s, old workers gone after {took:.1f} s")
    return {
        "at_s": round(at, 1),
        "workers_before": before,
        "workers_after": after,
        "first_answer_s": round(answered, 2),
        "old_workers_gone_s": round(took, 1),
        "cpu_old": cpu_old,
        "cpu_new": cpu_new,
    }


async def exam_phase(plan: dict) -> dict:
    tally = Tally(plan["grace"])
    rng = random.Random(plan["seed"])
    mean = plan["arrival"] / 2 + plan["answers"] * (plan["think_min"] + plan["think_max"]) / 2
    at = plan["reload_at"] or mean / 2
    reload = asyncio.ensure_future(reload_gunicorn(plan, at)) if plan["reload"] else None
    before = (*server_cpu_seconds(plan["gunicorn_pid"], plan["database"]), time.process_time(), *machine_cpu_seconds())
    await asyncio.gather(
        *(sit(plan, s, tally, rng.uniform(0, plan["arrival"]), rng.random()) for s in plan["students"])
    )
    after = (*server_cpu_seconds(plan["gunicorn_pid"], plan["database"]), time.process_time(), *machine_cpu_seconds())
    reloaded = await reload if reload is not None else None
    app, db, loader, busy, total = (a - b for a, b in zip(after, before, strict=True))
    if reloaded is not None:  # the old workers' CPU up to the SIGHUP, the new ones' from when they were up
        app += reloaded["cpu_old"][0] - reloaded["cpu_new"][0]
        db += reloaded["cpu_old"][1] - reloaded["cpu_new"][1]
    n = sum(len(v) for v in tally.latencies.values()) or 1
    saves = tally.latencies.get("save", [])
    return {
        "seconds": round(time.perf_counter() - tally.started, 1),
        "saves": saves,
        "statuses": tally.statuses,
        "codes": tally.codes,
        "errors_5xx": tally.errors_5xx,
        "connection_errors": tally.connection_errors,
        "gave_up": tally.gave_up,
        "late_accepted": tally.late_accepted,
        "refused_in_time": tally.refused_in_time,
        "drift": tally.drift,
        "resumed": tally.resumed,
        "reload": reloaded,
        "answers": [[a, p, tally.acked.get((a, p), 0), sent] for (a, p), sent in tally.sent.items()],
        "by_kind": {
            k: {"n": len(v), "p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1)}
            for k, v in tally.latencies.items()
        },
        "by_window": {
            f"{w}s": {"n": len(v), "p50_ms": round(percentile(v, 50)), "p95_ms": round(percentile(v, 95))}
            for w, v in sorted(tally.windows.items())
        },
        "cpu_ms_per_request": {
            "app": round(app * 1000 / n, 2),
            "db": round(db * 1000 / n, 2),
            "load_generator": round(loader * 1000 / n, 2),
            "machine": round(busy * 1000 / n, 2),
            "machine_busy_pct": round(100 * busy / total, 1) if total else 0,
        },
    }


class Saver:
    """A capacity client: resaves the answers of its long test in turn, each with its sequence + 1."""

    def __init__(self, data: dict, attempt: int, answers: int, seed: int):
        self.data, self.attempt, self.answers = data, attempt, answers
        self.rng = random.Random(seed)
        self.position = 0
        self.sequence: dict[int, int] = {}

    async def save(self, client: Client) -> tuple[str, float]:
        self.position = self.position % self.answers + 1
        sequence = self.sequence.get(self.position, 0) + 1
        self.sequence[self.position] = sequence
        data = {"position": str(self.position), "sequence": str(sequence), "value": self.rng.choice(OPTIONS)}
        status, body, ms = await client.send("POST", f"/testing/attempts/{self.attempt}/answer/", self.data, data=data)
        if status == 200 and b'"saved": true' in body:
            return "ok", ms
        return ("5xx" if status >= 500 else "errors" if status == 0 else "refused"), ms


async def slice_of(client: Client, savers: list[Saver], seconds: float, warmup: float, floor: bool) -> dict:
    counts = {"ok": 0, "refused": 0, "errors": 0, "5xx": 0}
    latencies: list[float] = []
    start = time.perf_counter() + warmup
    end = start + seconds

    async def worker(saver: Saver):
        while time.perf_counter() < end:
            if floor:
                status, _body, ms = await client.send("GET", "/bench/floor", saver.data)
                outcome = "ok" if status == 200 else "5xx" if status >= 500 else "errors" if status == 0 else "refused"
            else:
                outcome, ms = await saver.save(client)
            if start <= time.perf_counter() <= end:
                counts[outcome] += 1
                latencies.append(ms)

    await asyncio.gather(*(worker(s) for s in savers))
    return {**counts, "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1)}


async def post_start(http, data: dict) -> tuple[int, str, float]:
    """POST the test's start as its page's button does: (status, Location, ms); status 0 = no answer."""
    import aiohttp

    headers = {"Cookie": f"sessionid={data['session']}; csrftoken={data['csrf']}", "X-CSRFToken": data["csrf"]}
    started = time.perf_counter()
    try:
        async with http.post(f"/testing/{data['quiz']}/start/", headers=headers, allow_redirects=False) as r:
            await r.read()
            return r.status, r.headers.get("Location", ""), (time.perf_counter() - started) * 1000
    except (TimeoutError, aiohttp.ClientError):
        return 0, "", (time.perf_counter() - started) * 1000


async def start_attempt(client: Client, data: dict) -> int:
    status, location, _ms = await post_start(client.http, data)
    match = ATTEMPT_URL.search(location)
    if status != 302 or match is None:
        raise RuntimeError(f"the capacity student {data['id']} could not start: {status} {location}")
    return int(match.group(1))


async def probe_alone(client: Client, plan: dict, saver: Saver, rounds: int = 60) -> dict:
    """Each request kind for one student alone: median latency and CPU per request of the gunicorn workers and of
    the PostgreSQL backends (the CPU clock ticks 10 ms: read these as averages over the rounds)."""
    base = f"/testing/attempts/{saver.attempt}/"
    kinds = {
        "floor": ("GET", "/bench/floor", False),
        "save": ("POST", None, False),
        "clock": ("GET", base + "clock/", False),
        "fragment": ("GET", base + "?n=2", True),
        "page": ("GET", base, False),
    }
    result = {}
    for name, (method, path, htmx) in kinds.items():
        times = []
        app, db = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
        for _ in range(rounds):
            if path is None:
                _outcome, ms = await saver.save(client)
            else:
                _status, _body, ms = await client.send(method, path, saver.data, htmx=htmx)
            times.append(ms)
        await asyncio.sleep(0.05)
        app_after, db_after = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
        result[name] = {
            "ms": round(percentile(times, 50), 1),
            "app_cpu_ms": round((app_after - app) * 1000 / rounds, 2),
            "db_cpu_ms": round((db_after - db) * 1000 / rounds, 2),
        }
    return result


async def capacity_phase(plan: dict) -> dict:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=plan["keep_alive"])
    async with aiohttp.ClientSession(
        base_url=plan["base"],
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=60),
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as http:
        client = Client(http)
        attempts = await asyncio.gather(*(start_attempt(client, s) for s in plan["capacity"]))
        savers = [
            Saver(s, a, plan["answers"], i) for i, (s, a) in enumerate(zip(plan["capacity"], attempts, strict=True))
        ]
        probe = await probe_alone(client, plan, savers[0])
        log(f"one student alone, per request: {json.dumps(probe)}")
        await slice_of(client, savers, plan["warmup"], 0, floor=False)
        totals = {"saves": {"ok": 0, "refused": 0, "errors": 0, "5xx": 0}, "floor": {"ok": 0, "errors": 0, "5xx": 0}}
        cpu = {"saves": [0.0, 0.0], "floor": [0.0, 0.0]}
        slices = []
        for r in range(plan["rounds"]):
            for name, is_floor in (("saves", False), ("floor", True)):
                before = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
                part = await slice_of(client, savers, plan["seconds"], plan["slice_warmup"], floor=is_floor)
                after = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
                share = plan["seconds"] / (plan["seconds"] + plan["slice_warmup"])  # CPU counted over warm-up too
                cpu[name][0] += (after[0] - before[0]) * share
                cpu[name][1] += (after[1] - before[1]) * share
                for k in totals[name]:
                    totals[name][k] += part.get(k, 0)
                slices.append({"round": r + 1, "kind": name, **part})
                log(f"capacity slice {r + 1} {name}: {json.dumps(part)}")
        measured = plan["rounds"] * plan["seconds"]
        out = {"probe": probe, "slices": slices, "measured_s": measured}
        for name in ("saves", "floor"):
            done = totals[name]["ok"] or 1
            out[name] = {
                **totals[name],
                "per_s": round(totals[name]["ok"] / measured, 1),
                "app_cpu_ms": round(cpu[name][0] * 1000 / done, 2),
                "db_cpu_ms": round(cpu[name][1] * 1000 / done, 2),
            }
        return out


async def load(plan: dict) -> dict:
    capacity = await capacity_phase(plan)
    log(f"capacity: saves {json.dumps(capacity['saves'])}, floor {json.dumps(capacity['floor'])}")
    log(f"exam: {len(plan['students'])} students arrive within {plan['arrival']:.0f} s")
    exam = await exam_phase(plan)
    summary = {k: v for k, v in exam.items() if k not in ("saves", "answers")}
    log(f"exam phase: {json.dumps(summary)}")
    return {"capacity": capacity, "exam": exam}


# --------------------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------------------


def run(args) -> dict:
    if args.workers < 1 or args.threads < 1 or args.students < 1 or args.concurrency < 1 or args.answers < 2:
        raise SystemExit("workers, threads, students and concurrency must be at least 1, answers at least 2")
    if args.students < 500 or args.answers < 30:
        log("note: below the issue's figures (500 students, 30 answers each)")
    workdir = Path(tempfile.mkdtemp(prefix="exam-"))
    gunicorn = loader = None
    beat = None
    database_made = False

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    began = time.monotonic()
    try:
        # a refused save (409) is an expected answer, counted by the bench: not a warning line each
        quiet = 'LOGGING = {**LOGGING, "loggers": {"django.request": {"level": "ERROR"}}}  # noqa: F405\n'
        env = bench_environment(args, workdir, "exam", extra=quiet)
        env["EMAIL_URL"] = "dummymail://"  # the result e-mails (Celery eager without Redis) go nowhere, not stdout
        create_database(args)
        database_made = True
        setup_django(env, workdir)
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        log(f"database {args.db} migrated, static collected ({time.monotonic() - began:.0f} s)")
        plan = generate(args)
        log(f"generated {json.dumps(plan['counts'])} ({time.monotonic() - began:.0f} s)")
        queries, sql = count_queries(plan)
        log(f"statements per request, in process: {json.dumps(queries)}")
        log("the save's statements:\n" + textwrap.indent("\n".join(sql["save"]), "  "))
        connections.close_all()

        port = free_port()
        gunicorn = start_gunicorn(args, env, port, workdir, extra=("--preload",) if args.preload else ())
        wait_until_up(port, gunicorn)
        log(f"gunicorn on 127.0.0.1:{port}: {args.workers} workers x {args.threads} threads")
        plan.update(
            base=f"http://127.0.0.1:{port}",
            seconds=args.seconds,
            warmup=args.warmup,
            slice_warmup=args.slice_warmup,
            rounds=args.rounds,
            arrival=args.arrival,
            answers=args.answers,
            think_min=args.think_min,
            think_max=args.think_max,
            resave_share=args.resave_share,
            late_tail=args.late_tail,
            navigate=not args.no_navigate,
            reload=not args.no_reload,
            reload_at=args.reload_at,
            keep_alive=args.keep_alive,
            seed=args.seed,
            gunicorn_pid=gunicorn.pid,
            database=args.db,
        )
        plan_path, out_path = workdir / "plan.json", workdir / "result.json"
        plan_path.write_text(json.dumps(plan))
        beat = Beat(args.beat)
        beat.start()
        loader = subprocess.Popen(
            [sys.executable, __file__, "--role", "load", "--plan", str(plan_path), "--out", str(out_path)],
            cwd=BASE_DIR,
            start_new_session=True,
        )
        if loader.wait(timeout=3600) != 0:
            raise RuntimeError(f"the load generator failed ({loader.returncode})")
        result = json.loads(out_path.read_text())
        beat.stopping.set()
        beat.join(timeout=120)
        if beat.error:
            log(f"the beat's job failed: {beat.error}")
        beat.once()  # the last run of the beat, after the load: every expired attempt closed
        stop(gunicorn, "gunicorn")
        errors = (workdir / "gunicorn.log").read_text()
        if "Traceback" in errors or "ERROR" in errors:
            log("gunicorn's error log:\n" + textwrap.indent(errors[-6000:], "  "))

        exam, capacity = result["exam"], result["capacity"]
        checks = check_database(exam, plan, beat)
        log(f"database checks: {json.dumps(checks)}")
        saves_per_s = capacity["saves"]["per_s"]
        floor_rps = capacity["floor"]["per_s"]
        log(
            f"capacity: {saves_per_s} saves/s (app {capacity['saves']['app_cpu_ms']} + db "
            f"{capacity['saves']['db_cpu_ms']} ms CPU each), floor {floor_rps} requests/s (app "
            f"{capacity['floor']['app_cpu_ms']} + db {capacity['floor']['db_cpu_ms']} ms)"
        )
        log(
            f"exam: connection errors retried {exam['connection_errors']}, given up {exam['gave_up']}, refused in "
            f"time {exam['refused_in_time']}, resumed {json.dumps(exam['resumed'])}"
        )
        log(f"whole run: {time.monotonic() - began:.0f} s")
        saves = exam["saves"]
        return {
            "students": len(plan["students"]),
            "saves_per_s": saves_per_s,
            "ratio_to_floor": round(saves_per_s / floor_rps, 3) if floor_rps else 0.0,
            "p50_ms": round(percentile(saves, 50), 1),
            "p95_ms": round(percentile(saves, 95), 1),
            "answers_lost": checks["answers_lost"],
            "late_answers_accepted": checks["late_rows"] + exam["late_accepted"],
            "deadline_drift_s_max": round(max(exam["drift"], checks["db_deadline_drift_s_max"]), 3),
            "errors_5xx": exam["errors_5xx"] + exam["gave_up"] + capacity["saves"]["5xx"] + capacity["floor"]["5xx"],
        }
    finally:
        if beat is not None:
            beat.stopping.set()
        stop(loader, "the load generator")
        stop(gunicorn, "gunicorn")
        if database_made:
            try:
                drop_database(args)
                log(f"database {args.db} dropped")
            except Exception as error:
                log(f"could not drop {args.db}: {error!r}")
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> None:
    bench_main(argv, parse_args=parse_args, run=run, load=load, contract=CONTRACT)


if __name__ == "__main__":
    main()
