"""Public routes of the questions plugin (mounted at /hoi-dap/ and /en/hoi-dap/)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cms.middleware import portal_or_404
from cms.pagination import paginate
from cms.ratelimits import client_address, limited

from .forms import CONTROL_RE, REPLAY_MESSAGE, AskForm, make_form_token
from .models import Question
from .notify import notify_moderators

QUERY_MAX = 200
PER_PAGE = 10
RATE_ACTION = "questions.ask"


def question_list(request):
    """Published questions and answers with a text filter (no personal state: cacheable)."""
    portal = portal_or_404(request)
    query = CONTROL_RE.sub("", request.GET.get("q") or "").replace("\x00", "").strip()[:QUERY_MAX]
    questions = Question.objects.filter(portal=portal).published().order_by("-published_at", "-pk")
    if query:
        questions = questions.filter(Q(subject__icontains=query) | Q(content__icontains=query) | Q(answer__icontains=query))
    pagination = paginate(request, questions.only("pk", "subject", "content", "name", "created_at", "published_at"), PER_PAGE)
    return render(
        request,
        "questions/question_list.html",
        {"pagination": pagination, "questions": pagination.object_list, "query": query},
        status=pagination.status,
    )


def question_detail(request, pk):
    portal = portal_or_404(request)
    question = Question.objects.filter(portal=portal, pk=pk).published().first()
    if question is None:
        raise Http404
    return render(request, "questions/question_detail.html", {"question": question})


def _address_hash(request):
    return salted_hmac("plugins.questions.address", client_address(request)).hexdigest()


def _over_quota(portal, request) -> bool:
    """RATE_LIMITS["questions.ask"] per portal and client address (cms.ratelimits)."""
    return limited(request, RATE_ACTION, scope=portal.pk)


@never_cache
@csrf_protect
def ask(request):
    """The question form. It shows a fresh signed timestamp, so it is never cached."""
    portal = portal_or_404(request)
    sent = request.GET.get("sent") == "1"
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            if _over_quota(portal, request):
                form.add_error(None, _("You have sent too many questions from your network. Please try again later."))
            else:
                data = form.cleaned_data
                try:
                    with transaction.atomic():
                        question = Question.objects.create(
                            portal=portal,
                            name=data["name"],
                            email=data["email"],
                            phone=data["phone"],
                            subject=data["subject"],
                            content=data["content"],
                            ip_hash=_address_hash(request),
                            form_nonce=form.nonce,
                        )
                except IntegrityError:  # the same token sent twice at once: the other one won
                    form.add_error(None, REPLAY_MESSAGE)
                else:
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
