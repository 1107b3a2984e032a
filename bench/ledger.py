"""The ledger (issue 11) under concurrent load on PostgreSQL, then an audit of every invariant.

    .venv/bin/python bench/ledger.py [--quick] [--operations N] [--threads T] [--callbacks C]

1. drops and creates `cabinet_ledger_bench` (127.0.0.1:5432, user postgres), migrates it (the ledger's triggers
   included) and makes 300 fee-paying students with a term's tuition fee;
2. runs N random operations from T threads (top-ups by receipt confirmed by staff, tuition charges, payments of
   tuition and of services from the balance, reversals, refunds) through the finance services, and C provider
   callbacks (`topup_external_post`, the path a Kaspi "pay" takes), each sent twice, all shuffled among the
   operations. A refusal (not enough on the balance, already charged or reversed) is an expected answer and
   counted apart;
3. interleaved with the operations, the same threads run the floor: one `SELECT 1` round trip each, as many
   times; ops_per_s / floor_rps compare the two on the same machine in the same run;
4. audits: transactions whose legs do not sum to zero, the trial balance, each account's balance against the sum
   of its legs read row by row, callbacks posted twice or lost;
5. prints one JSON line last and drops the database.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import bench_environment, create_database, drop_database, log, setup_django  # noqa: E402

SLICE = 50  # operations per slice; a floor slice of the same size follows each


def build(students: int):
    import datetime as dt

    from finance.models import TuitionFee
    from people.models import StudentRecord
    from people.tests.factories import RegistrarFactory, StudentRecordFactory
    from university.tests.factories import TermFactory

    staff = RegistrarFactory(email="bench-registrar@example.kz")
    first = StudentRecordFactory(funding=StudentRecord.Funding.PAID)
    records = [first] + [
        StudentRecordFactory(funding=StudentRecord.Funding.PAID, programme=first.programme, group=first.group)
        for _ in range(students - 1)
    ]
    fee = TuitionFee.objects.create(
        programme=first.programme, term=TermFactory(), amount=Decimal("300000.00"), due_date=dt.date(2026, 10, 1)
    )
    return staff, records, fee


def run(args) -> dict:
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.db.models import Sum

    from finance.models import Account, Leg, TopUp, Transaction
    from finance.selectors import balances, trial_balance, unbalanced_transactions
    from finance.services.ledger import transaction_reverse
    from finance.services.payments import refund, service_pay
    from finance.services.topups import topup_create, topup_external_post, topup_post
    from finance.services.tuition import tuition_charge, tuition_pay

    staff, records, fee = build(args.students)
    rng = random.Random(11)
    kinds = ["topup"] * 4 + ["charge", "tuition", "service", "service", "reverse", "refund"]
    work = [("op", rng.choice(kinds), rng.randrange(len(records))) for _ in range(args.operations)]
    callbacks = [
        (f"K-{i:06d}", rng.randrange(len(records)), f"{rng.randint(1, 500) * 100}.00") for i in range(args.callbacks)
    ]
    work += [("callback", cb, None) for cb in callbacks for _ in range(2)]
    rng.shuffle(work)
    outcomes: Counter = Counter()

    def operation(item):
        what, kind, index = item
        try:
            if what == "callback":
                external_id, index, amount = kind
                topup_external_post(provider="kaspi", external_id=external_id, student=records[index], amount=amount)
                return "callback"
            student = records[index]
            if kind == "topup":
                topup = topup_create(student=student, provider="receipt", amount=f"{rng.randint(1, 200) * 500}")
                topup_post(topup=topup, actor=staff)
            elif kind == "charge":
                tuition_charge(student=student, fee=fee, actor=staff)
            elif kind == "tuition":
                tuition_pay(student=student, actor=student.user)
            elif kind == "service":
                service_pay(student=student, amount="500", service="certificate", reference="bench", actor=None)
            elif kind == "refund":
                refund(student=student, amount="1000", actor=staff, reason="bench")
            else:
                txn = Transaction.objects.filter(student=student).exclude(kind="reversal").order_by("?").first()
                if txn is None:
                    return "refused"
                transaction_reverse(txn=txn, actor=staff, reason="bench")
            return "done"
        except ValidationError:
            return "refused"

    def floor(_item):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "floor"

    op_seconds = floor_seconds = 0.0
    with ThreadPoolExecutor(args.threads) as pool:
        for start in range(0, len(work), SLICE):
            chunk = work[start : start + SLICE]
            began = time.perf_counter()
            results = list(pool.map(operation, chunk))
            op_seconds += time.perf_counter() - began
            began = time.perf_counter()
            list(pool.map(floor, chunk))
            floor_seconds += time.perf_counter() - began
            outcomes.update(results)
    log(f"outcomes: {dict(outcomes)}")

    sums = {row["account_id"]: row["total"] for row in Leg.objects.values("account_id").annotate(total=Sum("amount"))}
    accounts = list(Account.objects.all())
    derived = balances(accounts)
    mismatches = 0
    for account in accounts:
        by_rows = sum(Leg.objects.filter(account=account).values_list("amount", flat=True), Decimal("0.00"))
        expected = by_rows if account.debit_normal else -by_rows
        mismatches += derived[account.pk] != expected or sums.get(account.pk, Decimal(0)) != by_rows
        if account.kind == Account.Kind.BALANCE and derived[account.pk] < 0:
            mismatches += 1  # a student's balance never goes below zero
    posted = Counter(
        TopUp.objects.filter(provider="kaspi", status=TopUp.Status.POSTED).values_list("external_id", flat=True)
    )
    kaspi_txns = Counter(
        Transaction.objects.filter(kind="topup", reference__startswith="kaspi:").values_list("reference", flat=True)
    )
    wanted = {external_id for external_id, _i, _a in callbacks}
    operations = len(work)
    return {
        "operations": operations,
        "ops_per_s": round(operations / op_seconds, 1),
        "floor_rps": round(operations / floor_seconds, 1),
        "refused": outcomes["refused"],
        "unbalanced_transactions": unbalanced_transactions(),
        "trial_balance": f"{trial_balance():.2f}",
        "balance_mismatches": mismatches,
        "callbacks_posted_twice": sum(1 for n in kaspi_txns.values() if n > 1)
        + sum(1 for n in posted.values() if n > 1),
        "callbacks_lost": len(wanted - set(posted)),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--db", default="cabinet_ledger_bench")
    p.add_argument("--conn-max-age", type=int, default=0)
    p.add_argument("--operations", type=int, default=10_000)
    p.add_argument("--callbacks", type=int, default=1_000)
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--students", type=int, default=300)
    p.add_argument("--quick", action="store_true", help="1,000 operations, 100 callbacks, 50 students")
    args = p.parse_args()
    if args.quick:
        args.operations, args.callbacks, args.students = 1_000, 100, 50
    workdir = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    create_database(args)
    try:
        # the notifications' e-mails stay in memory (the console backend would print thousands)
        extra = 'EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"\n'
        setup_django(bench_environment(args, workdir, "ledger", extra), workdir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        log("migrated; running")
        result = run(args)
    finally:
        drop_database(args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
