from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .models import Membership
from .selectors import conversations_for

PAGE_SIZE = 20


@login_required
@require_GET
def dropdown(request):
    """The envelope's list: the person's active chats with their unread counts; without htmx, the full page."""
    if not request.htmx:
        return redirect("messaging:index")
    memberships = _with_other_members(list(conversations_for(user=request.user)), user=request.user)
    return render(request, "messaging/dropdown.html", {"memberships": memberships})


@login_required
@require_GET
def index(request):
    """All of the person's chats. Reading and writing inside a chat arrive with the chat screens."""
    page = Paginator(conversations_for(user=request.user, limit=None), PAGE_SIZE).get_page(request.GET.get("page"))
    memberships = _with_other_members(list(page.object_list), user=request.user)
    return render(request, "messaging/index.html", {"page": page, "memberships": memberships})


def _with_other_members(memberships: list[Membership], *, user) -> list[Membership]:
    """Attach `conversation.others`: the members other than the person, with their names (one query)."""
    others = Membership.objects.exclude(user=user).select_related("user").order_by("user__last_name", "user__pk")
    prefetch_related_objects(memberships, Prefetch("conversation__memberships", queryset=others, to_attr="others"))
    return memberships
