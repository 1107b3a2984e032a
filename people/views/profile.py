import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications.selectors import notification_preferences
from notifications.services import notification_preferences_set

from ..forms import ContactsForm, NotificationPreferencesForm, PhotoForm
from ..models import Role, User
from ..permissions import can_view_photo
from ..services.profile import profile_contacts_update, profile_photo_remove, profile_photo_set

ROLE_FLAGS = tuple(f"is_{role}" for role in Role.values)


@login_required
@require_GET
def profile(request):
    """The person's own card: photo, name, roles, contacts and the study or teaching record."""
    person = User.objects.select_related(
        "student_record__programme",
        "student_record__group",
        "student_record__advisor",
        "teacher_record__department",
    ).get(pk=request.user.pk)
    return render(request, "people/profile.html", {"person": person})


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """Profile settings, tab Personal data: the photo."""
    form = PhotoForm()
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                profile_photo_set(user=request.user, upload=form.cleaned_data["photo"])
            except ValidationError as error:
                form.add_error("photo", error)
            else:
                messages.success(request, _("Your photo is saved."))
                return redirect("people:settings")
    context = {"form": form, "tab": "personal", "max_photo_bytes": settings.PHOTO_MAX_BYTES}
    return render(request, "people/settings/personal.html", context)


@login_required
@require_POST
def photo_remove(request):
    if profile_photo_remove(user=request.user):
        messages.success(request, _("Your photo is removed."))
    return redirect("people:settings")


@login_required
@require_http_methods(["GET", "POST"])
def settings_notifications(request):
    current = notification_preferences(user=request.user)
    form = NotificationPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("people:settings_notifications")
    return render(request, "people/settings/notifications.html", {"form": form, "tab": "notifications"})


@login_required
@require_http_methods(["GET", "POST"])
def settings_contacts(request):
    user = request.user
    initial = {"phone": user.phone, "telegram": user.telegram, "instagram": user.instagram, "linkedin": user.linkedin}
    form = ContactsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_contacts_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your contacts are saved."))
        return redirect("people:settings_contacts")
    return render(request, "people/settings/contacts.html", {"form": form, "tab": "contacts"})


@login_required
@require_GET
def settings_security(request):
    return render(request, "people/settings/security.html", {"tab": "security"})


@login_required
@require_GET
def photo(request, pk):
    """A person's photo, for those who may see it (people.permissions.can_view_photo): never under a public media
    URL. Someone who may not answers 404, as for a person without a photo."""
    person = get_object_or_404(User.objects.only("pk", "photo", *ROLE_FLAGS), pk=pk)
    if not person.photo or not can_view_photo(request.user, person):
        raise Http404
    etag = f'"{hashlib.sha256(person.photo.name.encode()).hexdigest()[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        file = person.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(file, content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
