"""Background jobs of the people module: e-mails that must not keep a page waiting."""

from celery import shared_task

from people.models import User
from people.services import access


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_first_access_email_task(user_id: int, base_url: str = "") -> bool:
    """E-mail the one-time first-access link (docs/modules.md#accounts). Retries when the mail server is unreachable;
    running it twice only sends a second, equally valid link; nobody with a password gets one."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    return access.first_access_email_send(user=user, base_url=base_url)
