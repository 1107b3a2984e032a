"""Sessions in the database, as `django.contrib.sessions.backends.db`, read with one plain SQL statement.

Every signed-in request reads its session; compiling the ORM query for it cost more CPU than running it
(bench/README.md). Writes, expiry and clean-up stay Django's."""

from functools import cache

from django.contrib.sessions.backends import db
from django.utils import timezone

from core.sql import fetch_one, qn


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        row = fetch_one(_session_sql(self.model), [self.session_key, timezone.now()])
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=row[0])


@cache
def _session_sql(model) -> str:
    return f"SELECT session_data FROM {qn(model._meta.db_table)} WHERE session_key = %s AND expire_date > %s"  # noqa: S608
