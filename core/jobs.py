"""Queueing background jobs from a service: after the transaction commits, and never at the cost of the change.

`transaction.on_commit(partial(task.delay, ...), robust=True)` looked right but failed twice over: without
`robust` a broker outage raised after the change was committed (the person saw an error page for a saved
signature), and with it Django's error log reads the callback's `__qualname__`, which a `functools.partial`
lacks, so the AttributeError escaped instead. Here the callback is a named function.
"""

from django.db import transaction


def enqueue_after_commit(task, /, *args, **kwargs) -> None:
    """Send `task(*args, **kwargs)` to the broker once the surrounding transaction commits (now when there is none).

    A failure to send (Redis down) is logged with the task's name and swallowed: what the person did is already
    saved, and the task is an e-mail or another follow-up that must not turn it into a 500.
    """

    def send():
        task.delay(*args, **kwargs)

    send.__qualname__ = f"{task.name}.delay"
    transaction.on_commit(send, robust=True)
