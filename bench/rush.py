"""The registration rush (issue 4): the real stack under the load of stream selection, on this machine.

    .venv/bin/python bench/rush.py [--students 5000] [--rush-students 500] [--workers N] [--threads T] ...

What it does, in order (details and figures in bench/README.md):
1. drops and creates a separate PostgreSQL database (`cabinet_rush` on 127.0.0.1:5432, user postgres),
   migrates it and generates a university with bulk_create: >= 5,000 students in cohorts of one programme
   year, 5 disciplines per cohort with lecture and practice streams (>= 300 streams) and weekly slots, an open
   stream-selection period, the students' registrations (their IUP), and a signed-in session for every
   student (django.contrib.sessions rows made with the auth session keys; a few rush students sign in
   through the real login form instead, to prove that path);
2. starts gunicorn (config.wsgi, the production settings with DEBUG off, plain HTTP on 127.0.0.1, a free port)
   as a subprocess; the only addition is a fixed-response view /bench/floor, mounted by a generated URLconf
   in front of the portal's own;
3. runs the load generator in another process (asyncio + aiohttp):
   phase 1, capacity: 64 signed-in students choose and cancel streams with no pause for --seconds, then the
   same 64 hit /bench/floor for --seconds: choices_per_s, floor_rps, ratio_to_floor;
   phase 2, rush: --rush-students students arrive within 10 s, each opens the selection page and, for each of
   their 5 disciplines, opens it and chooses a lecture and a practice stream with 1-3 s of thinking before
   every click; most want the same few small streams, and a refused student picks the next stream;
4. checks the database: overbooked streams and lost choices (a 2xx choice missing, or a refused one present);
5. prints one JSON line last; stops gunicorn and the load generator and drops the database, even on failure.
"""

import argparse
import asyncio
import json
import math
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
    machine_cpu_seconds,
    percentile,
    server_cpu_seconds,
    setup_django,
    signed_in_sessions,
    start_gunicorn,
    stop,
    wait_until_up,
)

PASSWORD = "rush-password-42"
CONTRACT = (
    "students",
    "choices_per_s",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "errors_5xx",
    "overbooked_streams",
    "lost_choices",
    "floor_rps",
    "ratio_to_floor",
)


def parse_args(argv=None):
    cores = os.cpu_count() or 2
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=5000, help="students of the generated university (>= 5000)")
    p.add_argument("--cohort", type=int, default=500, help="students per cohort (a programme year: 5 disciplines)")
    p.add_argument("--rush-students", type=int, default=500, help="students arriving in phase 2 (>= 500)")
    p.add_argument("--arrival", type=float, default=10.0, help="seconds over which the rush students arrive")
    p.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), help="think time range before each click")
    p.add_argument("--concurrency", type=int, default=64, help="phase 1: students hammering without pause")
    p.add_argument("--seconds", type=float, default=20.0, help="phase 1: measured seconds of each half")
    p.add_argument("--warmup", type=float, default=2.0, help="phase 1: unmeasured seconds before each half")
    p.add_argument("--workers", type=int, default=cores + 1, help="gunicorn gthread workers (default cores+1)")
    p.add_argument("--threads", type=int, default=3, help="threads per gunicorn worker (as the Dockerfile)")
    p.add_argument(
        "--keep-alive", type=int, default=30, help="seconds an idle HTTP connection stays open (gthread workers)"
    )
    p.add_argument("--conn-max-age", type=int, default=600, help="CONN_MAX_AGE of the served portal")
    p.add_argument("--db", default="cabinet_rush", help="the database created and dropped (postgres user)")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="the PostgreSQL server")
    p.add_argument("--form-logins", type=int, default=5, help="rush students who sign in through the login form")
    add_redis_arguments(p)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--skip-rush", action="store_true", help="phase 1 only (for tuning; the JSON then has no rush)")
    p.add_argument("--role", choices=("run", "load"), default="run", help=argparse.SUPPRESS)
    p.add_argument("--plan", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    return p.parse_args(argv)


# --------------------------------------------------------------------------------------------------------------
# The database and the generated university (in this process, with the bench settings)
# --------------------------------------------------------------------------------------------------------------


def generate(args) -> dict:
    """The university, in bulk. Returns the plan the load generator needs (ids, cookies, preferences)."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from academic_calendar.models import Period
    from curriculum.models import Discipline, Registration
    from people.models import StudentRecord, TeacherRecord, User
    from schedule.models import LessonType, Slot, Stream
    from university.models import AcademicYear, Department, Faculty, Programme, StudyGroup, Term, University

    rng = random.Random(args.seed)
    today = timezone.localdate()
    cohorts = math.ceil(args.students / args.cohort)
    groups_per_cohort = max(1, args.cohort // 25)
    with transaction.atomic():
        uni = University.objects.create(short_name="RUSH", name_kk="Rush университеті", name_en="Rush University")
        faculty = Faculty.objects.create(university=uni, code="F1", name_kk="Факультет", name_en="Faculty")
        dept = Department.objects.create(faculty=faculty, code="D1", name_kk="Кафедра", name_en="Department")
        year = AcademicYear.objects.create(
            university=uni,
            start_date=today - datetime.timedelta(days=90),
            end_date=today + datetime.timedelta(days=270),
        )
        term = Term.objects.create(
            academic_year=year,
            kind=Term.Kind.SPRING,
            start_date=today + datetime.timedelta(days=20),
            end_date=today + datetime.timedelta(days=140),
        )
        Period.objects.create(
            term=term,
            kind=Period.Kind.STREAM_SELECTION,
            start_date=today - datetime.timedelta(days=1),
            end_date=today + datetime.timedelta(days=6),
        )
        programmes = Programme.objects.bulk_create(
            Programme(department=dept, code=f"6B{c:05d}", name_kk=f"Бағдарлама {c}", name_en=f"Programme {c}")
            for c in range(cohorts)
        )
        groups = StudyGroup.objects.bulk_create(
            StudyGroup(programme=programmes[c], name=f"R{c:02d}-{g:02d}", admission_year=today.year, language="kk")
            for c in range(cohorts)
            for g in range(groups_per_cohort)
        )
        password = make_password(PASSWORD)
        teachers = User.objects.bulk_create(
            User(
                email=f"t{i:04d}@rush.kz",
                last_name=f"Teacher{i}",
                first_name="T",
                password=password,
                is_teacher=True,
                language="en",
            )
            for i in range(100)
        )
        TeacherRecord.objects.bulk_create(TeacherRecord(user=t, department=dept) for t in teachers)
        users = User.objects.bulk_create(
            (
                User(
                    email=f"s{i:05d}@rush.kz",
                    last_name=f"Student{i}",
                    first_name="S",
                    password=password,
                    is_student=True,
                    language="en",
                )
                for i in range(args.students)
            ),
            batch_size=2000,
        )
        records = StudentRecord.objects.bulk_create(
            (
                StudentRecord(
                    user=u,
                    student_number=f"R{i:07d}",
                    programme=programmes[i // args.cohort],
                    group=groups[(i // args.cohort) * groups_per_cohort + (i % args.cohort) % groups_per_cohort],
                )
                for i, u in enumerate(users)
            ),
            batch_size=2000,
        )
        disciplines = Discipline.objects.bulk_create(
            Discipline(
                code=f"RD{c:02d}{j}",
                name_kk=f"Пән {c}.{j}",
                name_en=f"Discipline {c}.{j}",
                credits=5,
                cycle="basic",
                component="mandatory",
                department=dept,
            )
            for c in range(cohorts)
            for j in range(5)
        )
        Registration.objects.bulk_create(
            (
                Registration(student=r, discipline=disciplines[(i // args.cohort) * 5 + j], term=term, semester=2)
                for i, r in enumerate(records)
                for j in range(5)
            ),
            batch_size=5000,
        )
        # Streams: 3 lectures and 6 practices per discipline. Seats cover the cohort (+8%), but two practices are
        # small (12 and 20 seats) and most students want them first: the race for the last seats.
        lecture_cap = math.ceil(args.cohort * 1.08 / 3)
        practice_caps = [12, 20] + [math.ceil((args.cohort * 1.08 - 32) / 4)] * 4
        streams, slots, links = [], [], []
        for d_index, discipline in enumerate(disciplines):
            cohort, j = divmod(d_index, 5)
            cohort_groups = groups[cohort * groups_per_cohort : (cohort + 1) * groups_per_cohort]
            specs = [(LessonType.LECTURE, f"L-0{k + 1}", lecture_cap) for k in range(3)]
            specs += [(LessonType.PRACTICE, f"P-0{k + 1}", cap) for k, cap in enumerate(practice_caps)]
            for k, (kind, code, cap) in enumerate(specs):
                stream = Stream(
                    discipline=discipline,
                    term=term,
                    kind=kind,
                    code=code,
                    capacity=cap,
                    teacher=teachers[(d_index * 9 + k) % len(teachers)],
                    language=rng.choice("kkkren"),
                )
                streams.append(stream)
                if kind == LessonType.LECTURE:  # each discipline its weekday: nothing clashes across disciplines
                    times = [(j, 9), ((j + 2) % 5, 16)]
                    meant_for = cohort_groups
                else:
                    times = [(j, 11 if k % 2 else 14)]
                    meant_for = cohort_groups[k - 3 :: 6] or cohort_groups[:1]
                slots.append((stream, times))
                links.append((stream, meant_for))
        Stream.objects.bulk_create(streams)
        Slot.objects.bulk_create(
            Slot(
                stream=stream,
                weekday=day,
                start_time=datetime.time(hour, 0),
                end_time=datetime.time(hour, 50),
                room=f"{100 + i % 300}",
                start_date=term.start_date,
                end_date=term.end_date,
            )
            for i, (stream, times) in enumerate(slots)
            for day, hour in times
        )
        Stream.groups.through.objects.bulk_create(
            Stream.groups.through(stream_id=stream.pk, studygroup_id=group.pk)
            for stream, meant_for in links
            for group in meant_for
        )
        keys = signed_in_sessions(users)  # as django.contrib.auth.login() stores them

    by_discipline: dict[int, dict[str, list]] = {}
    for stream in streams:
        by_discipline.setdefault(stream.discipline_id, {"lecture": [], "practice": []})[stream.kind].append(stream.pk)

    def student(i: int) -> dict:
        cohort = i // args.cohort
        return {
            "id": records[i].pk,
            "email": users[i].email,
            "session": keys[i],
            "csrf": secrets.token_hex(16),  # an unmasked CSRF secret: 32 characters of the allowed alphabet
            "disciplines": [
                {"id": d.pk, "lecture": by_discipline[d.pk]["lecture"], "practice": by_discipline[d.pk]["practice"]}
                for d in disciplines[cohort * 5 : cohort * 5 + 5]
            ],
        }

    rush = [student(i) for i in range(min(args.rush_students, args.students))]
    capacity = [student(args.students - 1 - i) for i in range(args.concurrency)]
    with connection.cursor() as cursor:  # a live database has its planner statistics; a bulk load has none yet
        cursor.execute("ANALYZE")
    return {
        "term": term.pk,
        "rush": rush,
        "capacity": capacity,
        "counts": {
            "students": len(users),
            "streams": len(streams),
            "slots": Slot.objects.count(),
            "registrations": Registration.objects.count(),
        },
    }


def check_database(outcomes: list[list]) -> dict:
    """overbooked: streams with taken > capacity or more choices than seats; lost: a 2xx choice missing, or a
    refused one present; mismatch: streams whose counter differs from their choices + held offers."""
    from django.db.models import Count, F, Q

    from schedule.models import Stream, StreamChoice, WaitlistEntry

    streams = Stream.objects.annotate(
        n=Count("choices", distinct=True),
        held=Count("waitlist", filter=Q(waitlist__status=WaitlistEntry.Status.OFFERED), distinct=True),
    )
    overbooked = streams.filter(Q(taken__gt=F("capacity")) | Q(n__gt=F("capacity"))).count()
    mismatch = streams.exclude(taken=F("n") + F("held")).count()
    present = set(StreamChoice.objects.values_list("student_id", "stream_id"))
    lost = 0
    for student_id, stream_id, outcome in outcomes:
        there = (student_id, stream_id) in present
        if (outcome in ("ok", "already") and not there) or (outcome == "refused" and there):
            lost += 1
    return {
        "overbooked_streams": overbooked,
        "lost_choices": lost,
        "counter_mismatch": mismatch,
        "choices_in_db": len(present),
    }


# --------------------------------------------------------------------------------------------------------------
# gunicorn
# --------------------------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------------------------
# The load generator (its own process)
# --------------------------------------------------------------------------------------------------------------


SEATS = re.compile(rb'id="stream-(\d+)".*?data-free="(\d+)"', re.S)


def seats_seen(body: bytes) -> dict[int, int]:
    """Free seats per stream as the panel in a response shows them (what the student reads on the page)."""
    return {int(pk): int(n) for pk, n in SEATS.findall(body)}


def outcome_of(status: int, body: bytes) -> str:
    """What a choose answer said: the panel carries the message as a Bootstrap alert of its level."""
    if not 200 <= status < 300:
        return "error"
    if b"alert-success" in body:
        return "ok"
    if b"alert-info" in body:
        return "already"
    if b"alert-danger" in body:
        return "refused"
    return "unknown"


async def sign_in(client: Client, student: dict) -> bool:
    """Sign in through the real login form (allauth): GET it for the CSRF cookie and token, POST the credentials,
    keep the session cookie it sets."""
    async with client.http.get("/accounts/login/", allow_redirects=False) as r:
        csrf = r.cookies.get("csrftoken")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', await r.read())
    if csrf is None or match is None:
        return False
    data = {"login": student["email"], "password": PASSWORD, "csrfmiddlewaretoken": match.group(1).decode()}
    headers = {"Cookie": f"csrftoken={csrf.value}"}
    async with client.http.post("/accounts/login/", data=data, headers=headers, allow_redirects=False) as r:
        session = r.cookies.get("sessionid")
        if r.status != 302 or session is None:
            return False
    student["session"], student["csrf"] = session.value, csrf.value
    return True


async def unloaded_probe(client: Client, plan: dict, rounds: int = 60) -> dict:
    """Each request kind for one student alone: median latency, and CPU per request of the gunicorn workers and
    of the PostgreSQL backends (the CPU clock ticks 10 ms: read these as averages over the rounds)."""
    student = plan["capacity"][0]
    discipline = student["disciplines"][0]
    stream = discipline["lecture"][0]
    paths = {
        "floor": ("GET", "/bench/floor", False),
        "page": ("GET", "/schedule/selection/", False),
        "panel": ("GET", f"/schedule/selection/?discipline={discipline['id']}", True),
        "choose+cancel": ("POST", f"/schedule/selection/streams/{stream}/", True),
        "choose+cancel, no htmx (302)": ("POST", f"/schedule/selection/streams/{stream}/", False),
    }
    result = {}
    for name, (method, path, htmx) in paths.items():
        steps = [path + "choose/", path + "cancel/"] if name.startswith("choose+cancel") else [path]
        times = []
        app, db = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
        for _ in range(rounds):
            for step in steps:
                _status, _body, ms = await client.send(method, step, student, htmx=htmx)
                times.append(ms)
        await asyncio.sleep(0.05)
        app_after, db_after = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
        result[name] = {
            "ms": round(percentile(times, 50), 1),
            "app_cpu_ms": round((app_after - app) * 1000 / len(times), 1),
            "db_cpu_ms": round((db_after - db) * 1000 / len(times), 1),
        }
    return result


async def capacity_phase(client: Client, students: list[dict], seconds: float, warmup: float, floor: bool) -> dict:
    """64 students without pause: choose then cancel a lecture stream (or GET the floor view), counting the
    requests that complete inside the measured window."""
    counts = {"ok": 0, "chose": 0, "cancelled": 0, "refused": 0, "other": 0, "errors": 0, "5xx": 0}
    latencies: list[float] = []
    start = time.perf_counter() + warmup
    end = start + seconds

    async def worker(i: int, student: dict):
        discipline = student["disciplines"][i % 5]
        stream = discipline["lecture"][i % len(discipline["lecture"])]
        while time.perf_counter() < end:
            if floor:
                steps = [("GET", "/bench/floor")]
            else:
                steps = [
                    ("POST", f"/schedule/selection/streams/{stream}/choose/"),
                    ("POST", f"/schedule/selection/streams/{stream}/cancel/"),
                ]
            for method, path in steps:
                status, body, ms = await client.send(method, path, student, htmx=not floor)
                now = time.perf_counter()
                if not start <= now <= end:
                    continue
                latencies.append(ms)
                if status >= 500 or status == 0:
                    counts["5xx" if status else "errors"] += 1
                elif floor:
                    counts["ok" if status == 200 else "other"] += 1
                else:
                    result = outcome_of(status, body)
                    counts["ok" if result == "ok" else "refused" if result == "refused" else "other"] += 1
                    if result == "ok":
                        counts["chose" if path.endswith("/choose/") else "cancelled"] += 1

    await asyncio.gather(*(worker(i, s) for i, s in enumerate(students)))
    return {
        **counts,
        "per_s": round(counts["ok"] / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
    }


async def rush_phase(client: Client, students: list[dict], term: int, arrival: float, think: tuple) -> dict:
    rng = random.Random(7)
    latencies: dict[str, list[float]] = {"page": [], "panel": [], "choose": []}
    statuses: dict[int, int] = {}
    outcomes: list[list] = []
    started = time.perf_counter()

    windows: dict[int, list[float]] = {}  # answers by the 5-second window they were sent in: where the queue grew

    def record(kind: str, status: int, ms: float) -> None:
        latencies[kind].append(ms)
        statuses[status] = statuses.get(status, 0) + 1
        sent = time.perf_counter() - started - ms / 1000
        windows.setdefault(int(sent // 5) * 5, []).append(ms)

    def preferences(streams: list[int], kind: str) -> list[int]:
        """Most students want the first (small, convenient) streams; the rest in any order."""
        rest = streams[:]
        rng.shuffle(rest)
        favourite = streams[0] if rng.random() < (0.6 if kind == "lecture" else 0.5) else None
        if kind == "practice" and favourite is None and rng.random() < 0.5:
            favourite = streams[1]
        if favourite is not None:
            rest.remove(favourite)
            rest.insert(0, favourite)
        return rest

    async def student_session(student: dict, arrives: float):
        """Open the page; for each discipline open it, then choose a lecture and a practice: the favourite if
        the panel last showed it free, else the next free one; a refusal (someone was faster) shows the fresh
        panel, and the student picks again from it."""
        await asyncio.sleep(arrives)
        status, body, ms = await client.send("GET", "/schedule/selection/", student)
        record("page", status, ms)
        free = seats_seen(body)
        first, *rest = student["disciplines"]  # the page opens on the first discipline of the list
        rng.shuffle(rest)
        for discipline in [first, *rest]:
            if discipline is not first:
                await asyncio.sleep(rng.uniform(*think))
                path = f"/schedule/selection/?term={term}&discipline={discipline['id']}"
                status, body, ms = await client.send("GET", path, student, htmx=True)
                record("panel", status, ms)
                free.update(seats_seen(body))
            for kind in ("lecture", "practice"):
                wanted = preferences(discipline[kind], kind)
                for _attempt in range(len(wanted) + 2):
                    stream = next((s for s in wanted if free.get(s, 1) > 0), wanted[0])
                    await asyncio.sleep(rng.uniform(*think))
                    path = f"/schedule/selection/streams/{stream}/choose/"
                    status, body, ms = await client.send("POST", path, student, htmx=True, data={"view": "type"})
                    record("choose", status, ms)
                    free.update(seats_seen(body))
                    result = outcome_of(status, body)
                    outcomes.append([student["id"], stream, result])
                    if result != "refused":
                        break

    await asyncio.gather(*(student_session(s, rng.uniform(0, arrival)) for s in students))
    everything = [ms for values in latencies.values() for ms in values]
    tally: dict[str, int] = {}
    for _student, _stream, result in outcomes:
        tally[result] = tally.get(result, 0) + 1
    return {
        "choose_outcomes": tally,
        "seconds": round(time.perf_counter() - started, 1),
        "requests": len(everything),
        "statuses": statuses,
        "latencies": everything,
        "by_kind": {
            k: {"n": len(v), "p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1)}
            for k, v in latencies.items()
        },
        "outcomes": outcomes,
        "by_window": {
            f"{w}s": {"n": len(v), "p50_ms": round(percentile(v, 50)), "p95_ms": round(percentile(v, 95))}
            for w, v in sorted(windows.items())
        },
    }


EMPTY_RUSH = {"seconds": 0, "requests": 0, "statuses": {}, "latencies": [], "by_kind": {}, "outcomes": []}


async def load(plan: dict) -> dict:
    import aiohttp

    # a browser keeps its connection to the portal open between clicks; the server decides how long (--keep-alive)
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=plan["keep_alive"])
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        base_url=plan["base"], connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        client = Client(http)
        signed = [await sign_in(client, s) for s in plan["rush"][: plan["form_logins"]]]
        log(f"signed in through the login form: {sum(signed)} of {len(signed)}")
        probe = await unloaded_probe(client, plan)
        log(f"one student alone, per request: {json.dumps(probe)}")
        phases = {}
        for name, is_floor in (("choose/cancel", False), ("floor", True)):
            before = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            phases[name] = await capacity_phase(
                client, plan["capacity"], plan["seconds"], plan["warmup"], floor=is_floor
            )
            after = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            done = sum(phases[name][k] for k in ("ok", "refused", "other")) or 1  # inside the window only
            window = (plan["seconds"] + plan["warmup"]) / plan["seconds"]  # CPU is counted over warm-up too
            phases[name]["app_cpu_ms"] = round((after[0] - before[0]) * 1000 / (done * window), 1)
            phases[name]["db_cpu_ms"] = round((after[1] - before[1]) * 1000 / (done * window), 1)
            log(f"phase 1 {name}: {json.dumps(phases[name])}")
        choose, floor = phases["choose/cancel"], phases["floor"]
        if plan["skip_rush"]:
            return {"form_logins": signed, "probe": probe, "choose": choose, "floor": floor, "rush": EMPTY_RUSH}

        def cpu_now() -> tuple[float, ...]:  # gunicorn, PostgreSQL, this load generator, the machine (busy, all)
            server = server_cpu_seconds(plan["gunicorn_pid"], plan["database"])
            return (*server, time.process_time(), *machine_cpu_seconds())

        before = cpu_now()
        rush = await rush_phase(client, plan["rush"], plan["term"], plan["arrival"], tuple(plan["think"]))
        app, db, loader, busy, total = (after - was for after, was in zip(cpu_now(), before, strict=True))
        n = rush["requests"] or 1
        rush["cpu_ms_per_request"] = {  # where the machine's CPU went during the rush, per request
            "app": round(app * 1000 / n, 2),
            "db": round(db * 1000 / n, 2),
            "load_generator": round(loader * 1000 / n, 2),
            "machine": round(busy * 1000 / n, 2),
            "machine_busy_pct": round(100 * busy / total, 1) if total else 0,
        }
        summary = {k: v for k, v in rush.items() if k not in ("latencies", "outcomes")}
        log(f"phase 2 rush: {json.dumps(summary)}")
    return {"form_logins": signed, "probe": probe, "choose": choose, "floor": floor, "rush": rush}


# --------------------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------------------


def run(args) -> dict:
    if args.workers < 1 or args.threads < 1 or args.rush_students < 1 or args.concurrency < 1:
        raise SystemExit("workers, threads, rush students and concurrency must be at least 1")
    if args.students < 5000 or args.rush_students < 500:
        log("note: below the issue's figures (>= 5,000 students, >= 500 in the rush)")
    workdir = Path(tempfile.mkdtemp(prefix="rush-"))
    gunicorn = loader = None
    database_made = False

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    began = time.monotonic()
    try:
        env = bench_environment(args, workdir, "rush")
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
        connections.close_all()

        port = free_port()
        gunicorn = start_gunicorn(args, env, port, workdir)
        wait_until_up(port, gunicorn)
        log(f"gunicorn on 127.0.0.1:{port}: {args.workers} workers x {args.threads} threads")
        plan.update(
            base=f"http://127.0.0.1:{port}",
            seconds=args.seconds,
            warmup=args.warmup,
            arrival=args.arrival,
            think=list(args.think),
            form_logins=args.form_logins,
            keep_alive=args.keep_alive,
            skip_rush=args.skip_rush,
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
        if loader.wait(timeout=600) != 0:
            raise RuntimeError(f"the load generator failed ({loader.returncode})")
        result = json.loads(out_path.read_text())
        stop(gunicorn, "gunicorn")
        errors = (workdir / "gunicorn.log").read_text()
        if "Traceback" in errors or "ERROR" in errors:
            log("gunicorn's error log:\n" + textwrap.indent(errors[-4000:], "  "))

        checks = check_database(result["rush"]["outcomes"])
        log(f"database checks: {json.dumps(checks)}")
        rush, choose, floor = result["rush"], result["choose"], result["floor"]
        latencies = rush["latencies"]
        statuses = {int(k): v for k, v in rush["statuses"].items()}
        choices_per_s = choose["ok"] / args.seconds  # seat changes: each choose and each cancel (README)
        floor_rps = floor["ok"] / args.seconds
        log(
            f"phase 1: {choose['chose'] / args.seconds:.1f} chooses/s + {choose['cancelled'] / args.seconds:.1f} "
            f"cancels/s = {choices_per_s:.1f} stream-choice requests/s; floor {floor_rps:.1f} requests/s"
        )
        log(f"whole run: {time.monotonic() - began:.0f} s")
        return {
            "students": len(plan["rush"]),
            "choices_per_s": round(choices_per_s, 1),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "errors_5xx": sum(v for k, v in statuses.items() if k >= 500 or k == 0),
            "overbooked_streams": checks["overbooked_streams"],
            "lost_choices": checks["lost_choices"],
            "floor_rps": round(floor_rps, 1),
            "ratio_to_floor": round(choices_per_s / floor_rps, 3) if floor_rps else 0.0,
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
