import datetime as dt
import time

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assignments.selectors import stream_assignments
from core.files import protected_file_response
from schedule.models import Stream

from .forms import MessageForm, NewMessageForm
from .models import Conversation, Membership, Message
from .permissions import contacts_for, stream_role, streams_for
from .selectors import (
    anything_new_since,
    conversations_for,
    membership_or_none,
    thread_messages,
    unread_message_count,
)
from .services import (
    MessageRefused,
    announcements_conversation,
    conversation_mark_read,
    direct_message_send,
    message_send,
    stream_message_send,
)

PAGE_SIZE = 20
MODES = [Conversation.Mode.ANNOUNCEMENTS, Conversation.Mode.HOMEWORK, Conversation.Mode.CORRESPONDENCE]


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
def unread(request):
    """The envelope's counter, asked every few seconds: 204 when nobody wrote since the last answer (one query)."""
    try:
        since = dt.datetime.fromtimestamp(float(request.GET.get("since", "")), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        since = None
    if since is not None and not anything_new_since(user=request.user, since=since):
        return HttpResponse(status=204)
    context = {"unread_messages": unread_message_count(user=request.user), "poll_since": time.time()}
    return render(request, "messaging/counter.html", context)


@login_required
@require_GET
def index(request):
    """All of the person's chats, and their discipline chats (one per stream)."""
    page = Paginator(conversations_for(user=request.user, limit=None), PAGE_SIZE).get_page(request.GET.get("page"))
    memberships = _with_other_members(list(page.object_list), user=request.user)
    streams = streams_for(request.user).select_related("discipline", "term").order_by("-term__start_date", "pk")
    return render(request, "messaging/index.html", {"page": page, "memberships": memberships, "streams": list(streams)})


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """A message to one of one's teachers, advisor or students; to anyone else, a refusal that keeps the text."""
    contacts = list(contacts_for(request.user))
    initial = {"recipient": request.GET.get("to")} if request.GET.get("to", "").isdigit() else {}
    form = NewMessageForm(_posted(request), request.FILES or None, contacts=contacts, initial=initial)
    if request.method == "POST" and form.is_valid():
        from people.models import User

        recipient = User.objects.filter(pk=form.cleaned_data["recipient"]).first()
        try:
            message = direct_message_send(
                sender=request.user,
                recipient=recipient,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            _add_errors(form, error, field="recipient" if isinstance(error, MessageRefused) else None)
        else:
            flash.success(request, _("Your message was sent."))
            return redirect("messaging:conversation", message.conversation_id)
    status = 400 if form.errors else 200
    return render(request, "messaging/new.html", {"form": form, "contacts": contacts}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request, pk):
    """One conversation: its messages (new ones arrive by polling), the reply form; opening it marks it read."""
    membership = membership_or_none(user=request.user, conversation_id=pk)
    if membership is None:
        raise Http404
    chat = membership.conversation
    if chat.mode == Conversation.Mode.ANNOUNCEMENTS:
        return redirect(reverse("messaging:stream", args=[chat.stream_id]) + "?mode=announcements")
    form = MessageForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_send(
                sender=request.user,
                conversation=chat,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("messaging:conversation", chat.pk)
    _with_other_members([membership], user=request.user)
    context = {"membership": membership, "chat": chat, "form": form, "can_write": True} | _thread(request, chat)
    return render(request, "messaging/conversation.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def poll(request, pk):
    """ "Anything new since message N?": 204 when not (two indexed queries); else the new messages and a poller."""
    if not Membership.objects.filter(user=request.user, conversation_id=pk).exists():
        raise Http404
    after = request.GET.get("after", "")
    after = int(after) if after.isdigit() and len(after) < 19 else 0  # past 64 bits: from the start
    new_messages = list(
        Message.objects.filter(conversation_id=pk, id__gt=after).select_related("sender").order_by("id")[:100]
    )
    if not new_messages:
        return HttpResponse(status=204)
    chat = Conversation(pk=pk)
    conversation_mark_read(user=request.user, conversation=chat)
    return render(
        request,
        "messaging/thread.html#new-messages",
        {"chat": chat, "thread": new_messages, "last_id": new_messages[-1].pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def stream(request, pk):
    """A discipline chat of a stream in three modes: announcements (the teacher writes, the students read),
    homework and correspondence (each student with the teacher)."""
    stream = get_object_or_404(Stream.objects.select_related("discipline", "teacher", "term"), pk=pk)
    role = stream_role(request.user, stream)
    if role is None:
        raise Http404
    mode = request.GET.get("mode") or request.POST.get("mode") or Conversation.Mode.ANNOUNCEMENTS
    if mode not in MODES:
        mode = Conversation.Mode.ANNOUNCEMENTS
    can_write = role == "teacher" or mode != Conversation.Mode.ANNOUNCEMENTS
    form = MessageForm(_posted(request), request.FILES or None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                stream_message_send(
                    sender=request.user,
                    stream=stream,
                    mode=mode,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data["attachment"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if mode == Conversation.Mode.ANNOUNCEMENTS:
                    flash.success(request, _("The announcement was sent to the stream's students."))
                return redirect(reverse("messaging:stream", args=[stream.pk]) + f"?mode={mode}")
    context = {"stream": stream, "role": role, "mode": mode, "modes": MODES, "form": form, "can_write": can_write}
    chat, threads = None, None
    if mode == Conversation.Mode.ANNOUNCEMENTS:
        chat = announcements_conversation(stream)
        if chat is not None:
            Membership.objects.get_or_create(conversation=chat, user=request.user)
    elif role == "student":
        chat = (
            Conversation.objects.filter(stream=stream, mode=mode, memberships__user=request.user)
            .filter(memberships__user_id=stream.teacher_id)
            .first()
        )
    else:
        threads = _with_other_members(
            list(
                conversations_for(user=request.user, limit=None, conversation__stream=stream, conversation__mode=mode)
            ),
            user=request.user,
        )
    context |= {"chat": chat, "threads": threads}
    if mode == Conversation.Mode.HOMEWORK:
        context["assignments"] = stream_assignments(stream_id=stream.pk)
    if chat is not None:
        context |= _thread(request, chat)
    return render(request, "messaging/stream.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def attachment(request, pk):
    """A message's file, for the conversation's members only (404 for anyone else, as for no file)."""
    message = get_object_or_404(
        Message.objects.filter(conversation__memberships__user=request.user).exclude(attachment=""), pk=pk
    )
    return protected_file_response(
        message.attachment, content_type=message.attachment_type, filename=message.attachment_name
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _thread(request, chat: Conversation) -> dict:
    messages = thread_messages(conversation=chat)
    conversation_mark_read(user=request.user, conversation=chat)
    return {"thread": messages, "last_id": messages[-1].pk if messages else 0}


def _add_errors(form, error: ValidationError, *, field=None) -> None:
    for message in error.messages:
        form.add_error(field, message)


def _with_other_members(memberships: list[Membership], *, user) -> list[Membership]:
    """Attach `conversation.others`: the members other than the person, with their names (one query)."""
    others = Membership.objects.exclude(user=user).select_related("user").order_by("user__last_name", "user__pk")
    prefetch_related_objects(memberships, Prefetch("conversation__memberships", queryset=others, to_attr="others"))
    return memberships
