from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    """Shared infrastructure every app uses (the portal's address, health checks, the few named SQL helpers).

    A leaf: it imports no app of the project (docs/architecture.md#layers)."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .collation import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="core.sqlite_collations")

        from .ids import IdConverter

        # before any URLconf is read: every app's urls.py says <id:pk> for a database id
        register_converter(IdConverter, "id")
