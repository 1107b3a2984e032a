"""Writes of the study plan: registration, IUP signatures, grades, holds."""

from django.core.exceptions import ValidationError


def error_text(error: Exception) -> str:
    """The message of a refusal the services raise (ValidationError or PermissionDenied), as one line."""
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
