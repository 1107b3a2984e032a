"""The embedded default: SQLite, tasks in-process, console e-mail, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# SITE_URL stays as the environment gives it (empty by default): pages, e-mails sent from a request and issued
# documents then carry the address the portal was reached at, whatever HOST and PORT `make run` serves on.
