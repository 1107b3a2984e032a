from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import conversations_for


@login_required
def dropdown(request):
    """The envelope's list: the person's active chats with their unread counts."""
    return render(request, "messaging/dropdown.html", {"memberships": conversations_for(user=request.user)})
