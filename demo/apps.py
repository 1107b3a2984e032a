from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo university, its people and their study data: `manage.py seed_demo` (make run loads it).

    The top layer: it may import every app, and no app imports it."""

    name = "demo"
    verbose_name = "Demo university"
