"""The embedded default: SQLite, tasks in-process, console e-mail, DEBUG on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# links in e-mails sent by in-process tasks point at the development server
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
