"""Public routes of the questions plugin (mounted at /hoi-dap/ and /en/hoi-dap/)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .forms import CONTROL_RE, AskForm, make_form_token
from .notify import notify_moderators
from .models import Question

QUERY_MAX = 200
PER_PAGE = 10


def _portal(request):
    portal = getattr(request, "portal", None)
    if not portal:
        raise Http404
    return portal


def question_list(request):
    """Published questions and answers with a text filter (no personal state: cacheable)."""
    portal = _portal(request)
    query = CONTROL_RE.sub("", request.GET.get("q") or "").replace("\x00", "").strip()[:QUERY_MAX]
    questions = Question.objects.filter(portal=portal).published().order_by("-published_at", "-pk")
    if query:
        questions = questions.filter(Q(subject__icontains=query) | Q(content__icontains=query) | Q(answer__icontains=query))
    page = Paginator(questions.only("pk", "subject", "content", "name", "created_at", "published_at"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "questions/question_list.html", {"questions_page": page, "questions": page.object_list, "query": query})


def question_detail(request, pk):
    portal = _portal(request)
    question = Question.objects.filter(portal=portal, pk=pk).published().first()
    if question is None:
        raise Http404
    return render(request, "questions/question_detail.html", {"question": question})


def _address_hash(request):
    return salted_hmac("plugins.questions.address", request.META.get("REMOTE_ADDR", "")).hexdigest()


def _take_rate_slot(portal, request) -> bool:
    limit = int(getattr(settings, "QUESTIONS_PER_ADDRESS", 5))
    window = int(getattr(settings, "QUESTIONS_RATE_WINDOW_SECONDS", 3600))
    key = f"questions:rate:{portal.pk}:{_address_hash(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


@never_cache
@csrf_protect
def ask(request):
    """The question form. It shows a fresh signed timestamp, so it is never cached."""
    portal = _portal(request)
    sent = request.GET.get("sent") == "1"
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            if not _take_rate_slot(portal, request):
                form.add_error(None, _("You have sent too many questions from your network. Please try again later."))
            else:
                data = form.cleaned_data
                question = Question.objects.create(
                    portal=portal,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    subject=data["subject"],
                    content=data["content"],
                    ip_hash=_address_hash(request),
                )
                transaction.on_commit(lambda: notify_moderators(question))
                response = redirect(reverse("questions:ask") + "?sent=1")
                response.status_code = 303
                return response
        # Show the form again with a fresh token (the old one may have been too fast).
        form.data = form.data.copy()
        form.data["token"] = make_form_token()
        form.data["website"] = ""
        status = 400
    else:
        form = AskForm(initial={"token": make_form_token()})
        status = 200
    return render(request, "questions/ask.html", {"form": form, "sent": sent and request.method != "POST"}, status=status)
