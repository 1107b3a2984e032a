"""First access (docs/modules.md#accounts): a person the office added asks for a link, opens it, sets a password."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from people.forms import FirstAccessRequestForm
from people.services.access import (
    first_access_complete,
    first_access_link_request,
    first_access_link_user,
    first_access_valid_days,
)

# As Django's password reset does: the token moves from the URL into the session, so it cannot leak
# through the Referer header or the browser history once the page is open.
TOKEN_SESSION_KEY = "_first_access_token"
SET_PASSWORD_SLUG = "set-password"


@login_not_required
@never_cache
def first_access_request(request):
    """Ask for the link. The answer is the same whatever the e-mail: nobody learns who has an account."""
    if request.user.is_authenticated:
        return redirect("cabinet:dashboard")
    form = FirstAccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # shares the password-reset budget: both send a link to a mailbox
        if not ratelimit.consume(request, action="reset_password", key=email):
            form.add_error(None, _("Too many requests. Please wait a few minutes and try again."))
            return render(request, "people/access/first_access_request.html", {"form": form}, status=429)
        first_access_link_request(email=email, base_url=request.build_absolute_uri("/"))
        return redirect("access:first_access_sent")
    return render(request, "people/access/first_access_request.html", {"form": form})


@login_not_required
def first_access_sent(request):
    return render(request, "people/access/first_access_sent.html", {"valid_days": first_access_valid_days()})


@login_not_required
@never_cache
@sensitive_post_parameters()
def first_access_confirm(request, uidb64, token):
    if token != SET_PASSWORD_SLUG:
        if first_access_link_user(uidb64=uidb64, token=token) is None:
            return _link_invalid(request)
        request.session[TOKEN_SESSION_KEY] = token
        return redirect("access:first_access_confirm", uidb64=uidb64, token=SET_PASSWORD_SLUG)
    token = request.session.get(TOKEN_SESSION_KEY, "")
    user = first_access_link_user(uidb64=uidb64, token=token)
    if user is None:
        return _link_invalid(request)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = first_access_complete(user=user, token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(TOKEN_SESSION_KEY, None)
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Your password is set. Welcome to the student cabinet!"))
            return redirect("cabinet:dashboard")
    return render(request, "people/access/first_access_set_password.html", {"form": form, "person": user})


def _link_invalid(request):
    """A used, expired or broken link: say so plainly and offer a new one right here."""
    return render(
        request,
        "people/access/first_access_invalid.html",
        {"form": FirstAccessRequestForm(), "valid_days": first_access_valid_days()},
    )
