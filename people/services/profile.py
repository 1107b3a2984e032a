"""Profile settings (docs/modules.md#profile-settings): what a person may change about themselves. Name, roles and study
records belong to the registrar's office and are not changed here."""

import uuid

from django.db import transaction

from people.models import User
from people.photos import prepare_photo


@transaction.atomic
def profile_photo_set(*, user: User, upload) -> None:
    """Replace the person's photo with a cleaned copy of the upload (see people/photos.py).

    Raises ValidationError and changes nothing when the upload is refused. The old file is deleted only
    after the new one is committed, so a failure never leaves the person without a photo file.
    """
    content = prepare_photo(upload)
    old_name = user.photo.name if user.photo else ""
    user.photo.save(f"{user.pk}-{uuid.uuid4().hex}.jpg", content, save=False)
    try:
        user.save(update_fields=["photo", "updated_at"])
    except Exception:
        _delete_file(user, user.photo.name)  # do not leave an orphan file behind
        raise
    transaction.on_commit(lambda: _delete_file(user, old_name))


@transaction.atomic
def profile_photo_remove(*, user: User) -> bool:
    """Remove the person's photo; returns False when there was none."""
    if not user.photo:
        return False
    old_name = user.photo.name
    user.photo = ""
    user.save(update_fields=["photo", "updated_at"])
    transaction.on_commit(lambda: _delete_file(user, old_name))
    return True


@transaction.atomic
def profile_contacts_update(*, user: User, phone: str, telegram: str, instagram: str, linkedin: str) -> None:
    """Save the person's contacts, already validated and normalised by ContactsForm."""
    user.phone = phone
    user.telegram = telegram
    user.instagram = instagram
    user.linkedin = linkedin
    user.save(update_fields=["phone", "telegram", "instagram", "linkedin", "updated_at"])


def _delete_file(user: User, name: str) -> None:
    if name:
        user.photo.storage.delete(name)
