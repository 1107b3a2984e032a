"""The journal (issue 10): the teacher's grid and the cell saves on the real stack, on this machine.

    .venv/bin/python bench/journal.py [--quick] [--workers N] [--threads T] ...

What it does, in order (details and figures in bench/README.md, "Issue 10: the journal"):
1. drops and creates a separate PostgreSQL database (`cabinet_journal_bench` on 127.0.0.1:5432, user postgres),
   migrates it and generates in bulk: a discipline with two lecture streams, one of 150 students and one of 15,
   each with 45 journal columns (41 dated lessons from three weekly slots, and the discipline's four controls)
   and every cell filled (6,750 and 675); and 64 more streams of 25 students (8 disciplines of 8 streams), each
   with its own teacher and the same columns, filled too. Every student is registered and has chosen the stream;
   every teacher has a signed-in session (django.contrib.sessions rows as login() stores them);
2. counts the grid's queries in this process (the test client against the bench database): the same for 150
   and 15 students;
3. starts gunicorn (config.wsgi, the production settings with DEBUG off, plain HTTP on 127.0.0.1, a free port)
   with a generated URLconf that adds a fixed-response view /bench/floor in front of the portal's own;
4. runs the load generator in another process (asyncio + aiohttp):
   the grid: GET of the 150-student and of the 15-student grid, one at a time, interleaved, as each stream's
   teacher: the medians, their ratio (grid_growth);
   the saves: the 64 teachers save cells of their own stream with no pause (each save carries the version the
   last answer gave), interleaved in short slices with the same 64 hitting /bench/floor: saves_per_s, floor_rps;
5. checks the database: every cell's last successful save is what the database holds (lost_saves);
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
    percentile,
    server_cpu_seconds,
    setup_django,
    signed_in_sessions,
    start_gunicorn,
    stop,
    wait_until_up,
)

CONTRACT = (
    "grid_ms_150",
    "grid_ms_15",
    "grid_growth",
    "grid_queries",
    "saves_per_s",
    "floor_rps",
    "ratio_to_floor",
    "lost_saves",
    "errors_5xx",
)
CONTROLS = 4  # РК1, РК2, exam, retake: the discipline's columns, shared by its streams


def parse_args(argv=None):
    cores = os.cpu_count() or 2
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=150, help="students of the big grid")
    p.add_argument("--small", type=int, default=15, help="students of the small grid (same columns)")
    p.add_argument("--columns", type=int, default=45, help="columns of each grid (lessons + the 4 controls)")
    p.add_argument("--grid-requests", type=int, default=15, help="GETs of each grid (interleaved, one at a time)")
    p.add_argument("--teachers", type=int, default=64, help="teachers saving cells with no pause")
    p.add_argument("--save-students", type=int, default=25, help="students of each saving teacher's stream")
    p.add_argument("--slices", type=int, default=3, help="slices of saves, each followed by one of the floor")
    p.add_argument("--seconds", type=float, default=5.0, help="measured seconds of each slice")
    p.add_argument("--slice-warmup", type=float, default=0.5, help="unmeasured seconds at the start of each slice")
    p.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds of saves before the first slice")
    p.add_argument("--quick", action="store_true", help="2 slices of 3 s, 7 grid requests: a look in ~2 minutes")
    p.add_argument("--workers", type=int, default=cores + 1, help="gunicorn gthread workers (default cores+1)")
    p.add_argument("--threads", type=int, default=3, help="threads per gunicorn worker (as the Dockerfile)")
    p.add_argument(
        "--keep-alive", type=int, default=30, help="seconds an idle HTTP connection stays open (gthread workers)"
    )
    p.add_argument("--conn-max-age", type=int, default=600, help="CONN_MAX_AGE of the served portal")
    p.add_argument("--db", default="cabinet_journal_bench", help="the database created and dropped (postgres user)")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="the PostgreSQL server")
    add_redis_arguments(p)
    p.add_argument("--seed", type=int, default=10)
    p.add_argument("--role", choices=("run", "load"), default="run", help=argparse.SUPPRESS)
    p.add_argument("--plan", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.slices, args.seconds, args.grid_requests, args.warmup = 2, 3.0, 7, 1.0
    return args


# --------------------------------------------------------------------------------------------------------------
# The database and the generated journals (in this process, with the bench settings)
# --------------------------------------------------------------------------------------------------------------


def lesson_slots(stream, term, lessons: int, holidays: set) -> list:
    """Three weekly slots (Monday, Wednesday, Friday) whose dates in the term give exactly `lessons` lessons: the
    earliest ones; each slot ends on its last of them."""
    from schedule.models import Slot
    from schedule.selectors.timetable import slot_dates

    hours = [(0, 9), (2, 11), (4, 14)]
    slots = [
        Slot(
            stream=stream,
            weekday=day,
            start_time=dt.time(hour, 0),
            end_time=dt.time(hour, 50),
            room=f"{100 + stream.pk % 300}",
            start_date=term.start_date,
            end_date=term.end_date,
        )
        for day, hour in hours
    ]
    dates = sorted(
        (day, i)
        for i, slot in enumerate(slots)
        for day in slot_dates(
            slot, term_start=term.start_date, start=term.start_date, end=term.end_date, holidays=holidays
        )
    )[:lessons]
    if len(dates) < lessons:
        raise SystemExit(f"the term has room for {len(dates)} lessons, not {lessons}")
    for i, slot in enumerate(slots):
        own = [day for day, j in dates if j == i]
        slot.end_date = own[-1] if own else term.start_date - dt.timedelta(days=1)
    return [s for s in slots if s.end_date >= s.start_date]


def generate(args) -> dict:
    """The journals, in bulk. Returns the plan the load generator needs (streams, sessions, editable cells)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from academic_calendar.models import Holiday
    from curriculum.models import Discipline, Registration
    from curriculum.services.grading import grade_scale_install_default
    from journal.models import Attendance, Cell, Column, ColumnKind
    from journal.services.cells import editable_until
    from journal.services.columns import journal_settings_for, stream_columns_sync
    from people.models import StudentRecord, TeacherRecord, User
    from schedule.models import LessonType, Slot, Stream, StreamChoice
    from schedule.selectors.timetable import monday_of
    from university.models import AcademicYear, Department, Faculty, Programme, StudyGroup, Term, University

    rng = random.Random(args.seed)
    today = timezone.localdate()
    lessons = args.columns - CONTROLS
    if lessons < 1:
        raise SystemExit(f"--columns must be more than the {CONTROLS} controls")
    save_disciplines = max(1, (args.teachers + 7) // 8)
    with transaction.atomic():
        uni = University.objects.create(short_name="JRNL", name_kk="Журнал университеті", name_en="Journal University")
        grade_scale_install_default(university=uni)
        rules = journal_settings_for(university_id=uni.pk)
        faculty = Faculty.objects.create(university=uni, code="F1", name_kk="Факультет", name_en="Faculty")
        dept = Department.objects.create(faculty=faculty, code="D1", name_kk="Кафедра", name_en="Department")
        year = AcademicYear.objects.create(
            university=uni, start_date=today - dt.timedelta(days=120), end_date=today + dt.timedelta(days=240)
        )
        start = monday_of(today) - dt.timedelta(weeks=10)  # the term's 11th week: lessons behind and ahead
        term = Term.objects.create(
            academic_year=year,
            kind=Term.Kind.AUTUMN,
            start_date=start,
            end_date=start + dt.timedelta(weeks=15, days=-1),
        )
        programme = Programme.objects.create(department=dept, code="6B06101", name_kk="Бағдарлама", name_en="Programme")
        group = StudyGroup.objects.create(programme=programme, name="J-01", admission_year=today.year, language="kk")
        password = make_password("journal-password-42")
        teachers = User.objects.bulk_create(
            User(
                email=f"t{i:03d}@journal.kz",
                last_name=f"Teacher{i}",
                first_name="T",
                password=password,
                is_teacher=True,
                language="en",
            )
            for i in range(2 + args.teachers)
        )
        TeacherRecord.objects.bulk_create(TeacherRecord(user=t, department=dept) for t in teachers)
        disciplines = Discipline.objects.bulk_create(
            Discipline(
                code=f"JD{j:02d}",
                name_kk=f"Пән {j}",
                name_en=f"Discipline {j}",
                credits=5,
                cycle="basic",
                component="mandatory",
                department=dept,
            )
            for j in range(1 + save_disciplines)
        )
        # The two grids: one discipline, lecture L-01 of 150 students and L-02 of 15. The saving streams: 8 a
        # discipline, 25 students each.
        sizes = [args.students, args.small] + [args.save_students] * args.teachers
        streams = Stream.objects.bulk_create(
            Stream(
                discipline=disciplines[0 if k < 2 else 1 + (k - 2) // 8],
                term=term,
                kind=LessonType.LECTURE,
                code=f"L-{k + 1:02d}",
                capacity=size + 5,
                taken=size,
                teacher=teachers[k],
                language="kk",
            )
            for k, size in enumerate(sizes)
        )
        holidays = set(
            Holiday.objects.filter(date__range=(term.start_date, term.end_date)).values_list("date", flat=True)
        )
        Slot.objects.bulk_create(s for stream in streams for s in lesson_slots(stream, term, lessons, holidays))
        users = User.objects.bulk_create(
            (
                User(
                    email=f"s{i:05d}@journal.kz",
                    last_name=f"Student{i:05d}",
                    first_name=rng.choice(["Айгерім", "Нұрлан", "Dana", "Arman", "Мария"]),
                    password=password,
                    is_student=True,
                    language="kk",
                )
                for i in range(sum(sizes))
            ),
            batch_size=2000,
        )
        records = StudentRecord.objects.bulk_create(
            (
                StudentRecord(user=u, student_number=f"J{i:07d}", programme=programme, group=group)
                for i, u in enumerate(users)
            ),
            batch_size=2000,
        )
        roster: list[list] = []
        for size in sizes:
            first = sum(len(r) for r in roster)
            roster.append(records[first : first + size])
        Registration.objects.bulk_create(
            (
                Registration(student=r, discipline_id=stream.discipline_id, term=term, semester=1)
                for stream, students in zip(streams, roster, strict=True)
                for r in students
            ),
            batch_size=5000,
        )
        StreamChoice.objects.bulk_create(
            (
                StreamChoice(student=r, stream=stream, discipline_id=stream.discipline_id, term=term, kind=stream.kind)
                for stream, students in zip(streams, roster, strict=True)
                for r in students
            ),
            batch_size=5000,
        )
        for stream in Stream.objects.filter(pk__in=[s.pk for s in streams]).select_related("term"):
            stream_columns_sync(stream=stream, rules=rules, holidays=holidays)
        columns: dict[int, list] = {s.pk: [] for s in streams}
        controls: dict[int, list] = {}
        for column in Column.objects.filter(term=term):
            if column.stream_id is None:
                controls.setdefault(column.discipline_id, []).append(column)
            else:
                columns[column.stream_id].append(column)
        for stream in streams:
            columns[stream.pk] += controls[stream.discipline_id]
            if len(columns[stream.pk]) != args.columns:
                raise RuntimeError(f"stream {stream.code} has {len(columns[stream.pk])} columns, not {args.columns}")

        def cell(column, student) -> Cell:
            if column.kind == ColumnKind.LESSON and rng.random() < 0.08:
                return Cell(column=column, student=student, attendance=Attendance.ABSENT, absence_hours=column.hours)
            grade = rng.randint(55, 100)
            attendance = Attendance.PRESENT if column.kind == ColumnKind.LESSON else ""
            return Cell(column=column, student=student, grade=grade, attendance=attendance, updated_by=None)

        Cell.objects.bulk_create(
            (
                cell(column, student)
                for stream, students in zip(streams, roster, strict=True)
                for student in students
                for column in columns[stream.pk]
            ),
            batch_size=5000,
        )
        keys = signed_in_sessions(teachers)  # as django.contrib.auth.login() stores them

    with connection.cursor() as cursor:  # a live database has its planner statistics; a bulk load has none yet
        cursor.execute("ANALYZE")

    def teacher(k: int) -> dict:
        return {"stream": streams[k].pk, "session": keys[k], "csrf": secrets.token_hex(16), "user": teachers[k].pk}

    def editable(column) -> bool:  # what the grid lets its teacher type into today (no unlocks here)
        return column.date <= today <= editable_until(column=column, rules=rules)

    savers = []
    for k in range(2, 2 + args.teachers):
        open_columns = [c.pk for c in columns[streams[k].pk] if editable(c)]
        if not open_columns:
            raise RuntimeError("no column is open for changes today")
        cells = [[c, r.pk] for c in open_columns for r in roster[k]]
        rng.shuffle(cells)
        savers.append({**teacher(k), "cells": cells})
    return {
        "grid": {"150": teacher(0), "15": teacher(1)},
        "savers": savers,
        "probe_cell": [next(c.pk for c in columns[streams[0].pk] if editable(c)), roster[0][0].pk],
        "counts": {
            "students": len(records),
            "streams": len(streams),
            "columns_per_grid": args.columns,
            "cells": Cell.objects.count(),
            "open_cells_per_teacher": len(savers[0]["cells"]),
        },
    }


def count_queries(plan: dict) -> dict:
    """The grid's queries and one save's, in this process (the test client, the bench database, DEBUG off)."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from journal.models import Cell
    from people.models import User

    out = {}
    for size, teacher in plan["grid"].items():
        client = TestClient(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(pk=teacher["user"]))
        url = reverse("journal:grid", args=[teacher["stream"]])
        client.get(url)  # the first request of a process reads what later ones have cached
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"the grid of {size} answered {response.status_code}")
        out[f"grid_{size}"] = len(queries)
        out[f"grid_{size}_kb"] = round(len(response.content) / 1024)
        if size == "150":
            column, student = plan["probe_cell"]
            version = Cell.objects.get(column_id=column, student_id=student).version
            data = {"column": column, "student": student, "value": "77", "version": version}
            with CaptureQueriesContext(connection) as queries:
                response = client.post(
                    reverse("journal:cell_save", args=[teacher["stream"]]), data, HTTP_HX_REQUEST="true"
                )
            if response.status_code != 200:
                raise RuntimeError(f"the probe save answered {response.status_code}: {response.content[:300]!r}")
            out["save"] = len(queries)
    return out


def check_database(last_saved: list[list]) -> dict:
    """lost: a cell whose last 2xx save (value and version) is not what the database holds."""
    from decimal import Decimal

    from journal.models import Cell, CellChange

    wanted = {(c, s): (value, version) for c, s, value, version in last_saved}
    cells = Cell.objects.filter(column_id__in={c for c, _s in wanted}, student_id__in={s for _c, s in wanted})
    held = {(c.column_id, c.student_id): (c.grade, c.version) for c in cells}
    lost = stale = 0
    for key, (value, version) in wanted.items():
        grade, db_version = held.get(key, (None, None))
        if grade != Decimal(value):
            lost += 1
        elif db_version != version:
            stale += 1
    return {
        "cells_saved": len(wanted),
        "lost_saves": lost,
        "version_mismatch": stale,
        "audit_rows": CellChange.objects.count(),
    }


# --------------------------------------------------------------------------------------------------------------
# The load generator (its own process)
# --------------------------------------------------------------------------------------------------------------


async def grid_phase(client: Client, plan: dict) -> dict:
    """GET the two grids one at a time, interleaved (the machine's speed changes hit both alike): medians, and the
    CPU per request of the gunicorn workers and PostgreSQL."""
    teachers = plan["grid"]
    times: dict[str, list[float]] = {size: [] for size in teachers}
    cpu: dict[str, list[float]] = {size: [0.0, 0.0] for size in teachers}
    statuses: dict[int, int] = {}
    for teacher in teachers.values():  # warm-up: templates, caches, prepared statements
        for _ in range(3):
            status, _body, _ms = await client.send("GET", f"/journal/streams/{teacher['stream']}/", teacher)
            if status == 0 or status >= 500:
                statuses[status] = statuses.get(status, 0) + 1
    for _ in range(plan["grid_requests"]):
        for size, teacher in teachers.items():
            before = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            status, body, ms = await client.send("GET", f"/journal/streams/{teacher['stream']}/", teacher)
            await asyncio.sleep(0.02)  # let the worker's CPU clock catch up
            after = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                times[size].append(ms)
                cpu[size][0] += after[0] - before[0]
                cpu[size][1] += after[1] - before[1]
    out = {"statuses": statuses}
    for size in teachers:
        n = len(times[size]) or 1
        out[size] = {
            "n": len(times[size]),
            "median_ms": round(percentile(times[size], 50), 1),
            "min_ms": round(min(times[size], default=0), 1),
            "max_ms": round(max(times[size], default=0), 1),
            "app_cpu_ms": round(cpu[size][0] * 1000 / n, 1),
            "db_cpu_ms": round(cpu[size][1] * 1000 / n, 1),
        }
    return out


class Saver:
    """One teacher typing into their own stream's grid: the next open cell, a new grade, the version last seen."""

    def __init__(self, teacher: dict, seed: int):
        self.teacher = teacher
        self.path = f"/journal/streams/{teacher['stream']}/cell/"
        self.cells = [tuple(c) for c in teacher["cells"]]
        self.versions = dict.fromkeys(self.cells, 1)  # every cell was filled at version 1
        self.values: dict[tuple, int] = {}
        self.saved: dict[tuple, tuple[int, int]] = {}  # the last 2xx save of each cell: (value, version)
        self.rng = random.Random(seed)
        self.next = 0

    async def save(self, client: Client) -> tuple[str, float]:
        key = self.cells[self.next % len(self.cells)]
        self.next += 1
        value = self.rng.randint(0, 100)
        if value == self.values.get(key):
            value = (value + 1) % 101
        column, student = key
        data = {"column": str(column), "student": str(student), "value": str(value), "version": str(self.versions[key])}
        status, body, ms = await client.send("POST", self.path, self.teacher, htmx=True, data=data)
        if status == 0 or status >= 500:
            return "5xx", ms
        found = re.search(rb'id="c-%d-%d" class="jcell[^"]*" data-version="(\d+)"' % (column, student), body)
        if status in (200, 409) and found:
            self.versions[key] = int(found.group(1))
        if status == 200 and found:
            self.values[key] = value
            self.saved[key] = (value, self.versions[key])
            return "ok", ms
        return ("conflict" if status == 409 else f"http_{status}"), ms


async def slice_of(client: Client, savers: list[Saver], seconds: float, warmup: float, floor: bool) -> dict:
    """Every saver without pause (a save, or a GET of the floor) for warmup + seconds; what completes inside the
    measured window counts."""
    counts: dict[str, int] = {}
    latencies: list[float] = []
    start = time.perf_counter() + warmup
    end = start + seconds

    async def worker(saver: Saver):
        while time.perf_counter() < end:
            if floor:
                status, _body, ms = await client.send("GET", "/bench/floor", saver.teacher)
                result = "ok" if status == 200 else "5xx" if status == 0 or status >= 500 else f"http_{status}"
            else:
                result, ms = await saver.save(client)
            if result == "5xx" or start <= time.perf_counter() <= end:
                counts[result] = counts.get(result, 0) + 1
                latencies.append(ms)

    await asyncio.gather(*(worker(s) for s in savers))
    return {"counts": counts, "latencies": latencies}


async def saves_phase(client: Client, plan: dict) -> dict:
    savers = [Saver(t, seed=i) for i, t in enumerate(plan["savers"])]
    warm = await slice_of(client, savers, 0.0, plan["warmup"], floor=False)  # every worker and connection
    totals = {"saves": {"5xx": warm["counts"]["5xx"]} if "5xx" in warm["counts"] else {}, "floor": {}}
    latencies: dict[str, list[float]] = {"saves": [], "floor": []}
    cpu = {"saves": [0.0, 0.0], "floor": [0.0, 0.0]}
    slices = []
    for _ in range(plan["slices"]):
        row = {}
        for name in ("saves", "floor"):
            before = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            result = await slice_of(client, savers, plan["seconds"], plan["slice_warmup"], floor=name == "floor")
            after = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            ok = result["counts"].get("ok", 0)
            row[name] = round(ok / plan["seconds"], 1)
            share = plan["seconds"] / (plan["seconds"] + plan["slice_warmup"])  # CPU counted over the warm-up too
            cpu[name][0] += (after[0] - before[0]) * share
            cpu[name][1] += (after[1] - before[1]) * share
            for k, v in result["counts"].items():
                totals[name][k] = totals[name].get(k, 0) + v
            latencies[name] += result["latencies"]
        slices.append(row)
        log(f"slice: {json.dumps(row)}")
    measured = plan["slices"] * plan["seconds"]
    out = {"slices": slices, "last_saved": [], "measured_s": measured}
    for name in ("saves", "floor"):
        ok = totals[name].get("ok", 0) or 1
        out[name] = {
            **totals[name],
            "per_s": round(totals[name].get("ok", 0) / measured, 1),
            "p50_ms": round(percentile(latencies[name], 50), 1),
            "p95_ms": round(percentile(latencies[name], 95), 1),
            "app_cpu_ms": round(cpu[name][0] * 1000 / ok, 2),
            "db_cpu_ms": round(cpu[name][1] * 1000 / ok, 2),
        }
    out["last_saved"] = [[c, s, value, version] for saver in savers for (c, s), (value, version) in saver.saved.items()]
    return out


async def load(plan: dict) -> dict:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=plan["keep_alive"])
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        base_url=plan["base"], connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        client = Client(http)
        grid = await grid_phase(client, plan)
        log(f"grid, one request at a time: {json.dumps(grid)}")
        saves = await saves_phase(client, plan)
        log(f"saves and floor: {json.dumps({k: v for k, v in saves.items() if k != 'last_saved'})}")
    return {"grid": grid, "saves": saves}


# --------------------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------------------


def run(args) -> dict:
    if args.workers < 1 or args.threads < 1 or args.teachers < 1 or args.slices < 1 or args.grid_requests < 1:
        raise SystemExit("workers, threads, teachers, slices and grid requests must be at least 1")
    workdir = Path(tempfile.mkdtemp(prefix="journal-bench-"))
    gunicorn = loader = None
    database_made = False

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    began = time.monotonic()
    try:
        env = bench_environment(args, workdir, "journal_bench")
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
        queries = count_queries(plan)
        log(f"queries, in-process: {json.dumps(queries)}")
        connections.close_all()

        port = free_port()
        gunicorn = start_gunicorn(args, env, port, workdir)
        wait_until_up(port, gunicorn)
        log(f"gunicorn on 127.0.0.1:{port}: {args.workers} workers x {args.threads} threads; cores {os.cpu_count()}")
        plan.update(
            base=f"http://127.0.0.1:{port}",
            grid_requests=args.grid_requests,
            slices=args.slices,
            seconds=args.seconds,
            slice_warmup=args.slice_warmup,
            warmup=args.warmup,
            keep_alive=args.keep_alive,
            gunicorn_pid=gunicorn.pid,
            database=args.db,
        )
        plan_path, out_path = workdir / "plan.json", workdir / "result.json"
        plan_path.write_text(json.dumps(plan))
        loader = subprocess.Popen(
            [sys.executable, __file__, "--role", "load", "--plan", str(plan_path), "--out", str(out_path)],
            cwd=BASE_DIR,
            start_new_session=True,
        )
        if loader.wait(timeout=900) != 0:
            raise RuntimeError(f"the load generator failed ({loader.returncode})")
        result = json.loads(out_path.read_text())
        stop(gunicorn, "gunicorn")
        errors = (workdir / "gunicorn.log").read_text()
        if "Traceback" in errors or "ERROR" in errors:
            log("gunicorn's error log:\n" + textwrap.indent(errors[-4000:], "  "))

        grid, saves = result["grid"], result["saves"]
        checks = check_database(saves["last_saved"])
        log(f"database checks: {json.dumps(checks)}")
        if queries["grid_150"] != queries["grid_15"]:
            log(f"note: the grid's queries differ: {queries['grid_150']} for 150 students, {queries['grid_15']} for 15")
        grid_150, grid_15 = grid["150"]["median_ms"], grid["15"]["median_ms"]
        saves_per_s, floor_rps = saves["saves"]["per_s"], saves["floor"]["per_s"]
        errors_5xx = (
            sum(v for k, v in grid["statuses"].items() if int(k) >= 500 or int(k) == 0)
            + saves["saves"].get("5xx", 0)
            + saves["floor"].get("5xx", 0)
        )
        log(f"whole run: {time.monotonic() - began:.0f} s")
        return {
            "grid_ms_150": grid_150,
            "grid_ms_15": grid_15,
            "grid_growth": round(grid_150 / grid_15, 2) if grid_15 else 0.0,
            "grid_queries": max(queries["grid_150"], queries["grid_15"]),
            "saves_per_s": saves_per_s,
            "floor_rps": floor_rps,
            "ratio_to_floor": round(saves_per_s / floor_rps, 3) if floor_rps else 0.0,
            "lost_saves": checks["lost_saves"],
            "errors_5xx": errors_5xx,
        }
    finally:
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
