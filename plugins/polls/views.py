"""Public routes of the polls plugin (mounted at /tham-do/ and /en/tham-do/)."""

from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cms.middleware import portal_or_404
from cms.pagination import paginate

from . import voting
from .models import Poll

PER_PAGE = 10


def _poll_or_404(request, pk):
    portal = portal_or_404(request)
    poll = Poll.objects.filter(portal=portal, pk=pk).with_results().first()
    if poll is None:
        raise Http404
    return poll


def poll_list(request):
    """Every poll of the portal that has opened, newest first (no personal state: cacheable)."""
    portal = portal_or_404(request)
    polls = Poll.objects.filter(portal=portal).started().with_results()
    pagination = paginate(request, polls, PER_PAGE)
    return render(
        request, "polls/poll_list.html", {"pagination": pagination, "polls": pagination.object_list}, status=pagination.status
    )


def _preselected(request):
    try:
        return int(request.GET.get("option", ""))
    except ValueError:
        return None


@never_cache
def poll_detail(request, pk):
    """The results (and, while open, the form). Live counts and a personal vote
    token: never cached. This is the no-JavaScript way to vote, so it sets the
    voter cookie and renders a token bound to it into its own form."""
    poll = _poll_or_404(request, pk)
    if not poll.has_started():
        raise Http404
    code = request.GET.get("msg", "")
    message = voting.MESSAGES.get(code)
    voter, new_cookie = voting.voter_for_token(request)
    choice = None if new_cookie else voting.vote_of(poll, voter)
    is_open = poll.is_open()
    token = voting.issue_token(poll, voter) if is_open and choice is None else ""
    response = render(
        request,
        "polls/poll_detail.html",
        {
            "poll": poll,
            "results": poll.results(),
            "is_open": is_open,
            "choice": choice,
            "message": message,
            "message_ok": code == "voted",
            "form_token": token,
            "preselected": _preselected(request),
        },
    )
    if token and new_cookie:
        voting.set_voter_cookie(response, request, voter)
    return response


@never_cache
def poll_state(request, pk):
    """JSON for the script, fetched when a page showing the poll loads: is the poll
    open, did this visitor vote, live results and, while the visitor may still
    vote, a vote token bound to the voter cookie (set here when missing)."""
    poll = _poll_or_404(request, pk)
    if not poll.has_started():
        raise Http404
    voter, new_cookie = voting.voter_for_token(request)
    choice = None if new_cookie else voting.vote_of(poll, voter)
    is_open = poll.is_open()
    token = voting.issue_token(poll, voter) if is_open and choice is None else ""
    response = JsonResponse(
        {
            "poll": poll.pk,
            "open": is_open,
            "voted": choice is not None,
            "choice": choice,
            "results": poll.results().as_json(),
            "token": token,
        }
    )
    if token and new_cookie:
        voting.set_voter_cookie(response, request, voter)
    return response


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # see voting.py: a single-use token bound to the voter cookie instead
@never_cache
def vote(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    poll = _poll_or_404(request, pk)
    voter, code = voting.check_request(request, poll)
    if code is None:
        code = voting.cast_vote(request, poll, request.POST.get("option"), voter)

    if _wants_json(request):
        poll = _poll_or_404(request, pk)  # fresh counts
        response = JsonResponse(
            {
                "ok": code == "voted",
                "code": code,
                "message": str(voting.MESSAGES[code]),
                "open": poll.is_open(),
                "voted": code in ("voted", "already"),
                "results": poll.results().as_json(),
            },
            status=voting.STATUS[code],
        )
    else:
        target = reverse("polls:detail", args=[poll.pk]) + f"?msg={code}"
        if code in ("confirm", "cookie", "token", "forged", "rate"):
            option = str(request.POST.get("option", "")).strip()
            if option.isdigit() and len(option) < 19:
                target += f"&option={option}"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        response = redirect(target, permanent=False)
        response.status_code = 303
    if code == "forged":
        response.delete_cookie(voting.VOTER_COOKIE, samesite="Lax")
    return response
