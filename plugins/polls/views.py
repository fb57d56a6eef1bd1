"""Public routes of the polls plugin (mounted at /tham-do/ and /en/tham-do/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import voting
from .models import Poll


def _poll_or_404(request, pk):
    portal = getattr(request, "portal", None)
    if not portal:
        raise Http404
    poll = Poll.objects.filter(portal=portal, pk=pk).with_results().first()
    if poll is None:
        raise Http404
    return poll


def poll_list(request):
    """Every poll of the portal that has opened, newest first (no personal state: cacheable)."""
    portal = getattr(request, "portal", None)
    if not portal:
        raise Http404
    polls = Poll.objects.filter(portal=portal).started().with_results()
    page = Paginator(polls, 10).get_page(request.GET.get("page"))
    return render(request, "polls/poll_list.html", {"polls_page": page, "polls": page.object_list})


@never_cache
def poll_detail(request, pk):
    """The results (and, while open, the form). Live counts: never cached."""
    poll = _poll_or_404(request, pk)
    if not poll.has_started():
        raise Http404
    code = request.GET.get("msg", "")
    message = voting.MESSAGES.get(code)
    try:
        choice = voting.vote_of(poll, voting.voter_id(request))
    except voting.ForgedCookie:
        choice = None
    return render(
        request,
        "polls/poll_detail.html",
        {
            "poll": poll,
            "results": poll.results(),
            "is_open": poll.is_open(),
            "choice": choice,
            "message": message,
            "message_ok": code == "voted",
            "form_token": voting.form_token(poll),
        },
    )


@never_cache
def poll_state(request, pk):
    """JSON for the script: is the poll open, did this visitor vote, live results."""
    poll = _poll_or_404(request, pk)
    if not poll.has_started():
        raise Http404
    try:
        choice = voting.vote_of(poll, voting.voter_id(request))
    except voting.ForgedCookie:
        choice = None
    return JsonResponse(
        {
            "poll": poll.pk,
            "open": poll.is_open(),
            "voted": choice is not None,
            "choice": choice,
            "results": poll.results().as_json(),
        }
    )


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # see voting.py: signed form token + Origin/Referer check instead
@never_cache
def vote(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    poll = _poll_or_404(request, pk)
    set_cookie = delete_cookie = False
    voter = None
    if not voting.same_origin(request):
        code = "origin"
    elif not voting.check_form_token(poll, request.POST.get("token", "")):
        code = "token"
    else:
        try:
            voter = voting.voter_id(request)
        except voting.ForgedCookie:
            code, delete_cookie = "forged", True
        else:
            if voter is None:
                voter, set_cookie = voting.new_voter_id(), True
            code = voting.cast_vote(request, poll, request.POST.get("option"), voter)
    if code != "voted":
        set_cookie = False

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
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        response = redirect(target, permanent=False)
        response.status_code = 303
    if set_cookie:
        response.set_signed_cookie(
            voting.VOTER_COOKIE,
            voter,
            salt=voting.VOTER_COOKIE_SALT,
            max_age=voting.VOTER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    if delete_cookie:
        response.delete_cookie(voting.VOTER_COOKIE, samesite="Lax")
    return response
