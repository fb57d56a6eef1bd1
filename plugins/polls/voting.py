"""Casting a vote: one per visitor per poll, with a per-address rate limit.

Why the vote route is ``csrf_exempt``: the poll form lives in cached public
pages (one copy for every visitor), so it cannot carry Django's per-visitor
CSRF token. It carries instead a signed *form token* naming its poll (the same
for everyone, so the page stays cacheable), and the route accepts a POST only
when the browser's ``Origin`` (or, failing that, ``Referer``) names this portal
itself. Browsers always send ``Origin`` on a cross-site POST, so another site
cannot make its visitors vote; the token stops posting to one poll with a form
of another. The visitor's identity is a random id in a signed cookie; the
database's unique (poll, voter) constraint makes "one vote per visitor" hold
even under concurrent requests, and a per-address counter in the cache (Redis
when configured) limits cookie-less repeat voting.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import PollOption, Vote

VOTER_COOKIE = "polls_voter"
VOTER_COOKIE_SALT = "plugins.polls.voter"
VOTER_COOKIE_AGE = 400 * 24 * 3600
FORM_TOKEN_SALT = "plugins.polls.form"

# Outcome codes (also the ?msg= values of the results page) and their messages.
MESSAGES = {
    "voted": _("Thank you, your vote has been counted."),
    "already": _("You have already voted in this poll."),
    "closed": _("This poll is closed: only its results are shown."),
    "not_started": _("This poll has not opened yet."),
    "invalid_option": _("Please choose one of the options of this poll."),
    "forged": _("Your voting cookie is not valid, so the vote was not counted. Please try again."),
    "token": _("The voting form is out of date. Please reload the page and vote again."),
    "origin": _("Votes are accepted only from this portal's own pages."),
    "rate": _("Too many votes were sent from your network. Please try again later."),
}
STATUS = {
    "voted": 200,
    "already": 409,
    "closed": 409,
    "not_started": 409,
    "invalid_option": 400,
    "forged": 400,
    "token": 400,
    "origin": 403,
    "rate": 429,
}


def votes_per_address():
    return int(getattr(settings, "POLLS_VOTES_PER_ADDRESS", 50))


def rate_window():
    return int(getattr(settings, "POLLS_RATE_WINDOW_SECONDS", 3600))


def form_token(poll) -> str:
    return signing.dumps(poll.pk, salt=FORM_TOKEN_SALT)


def check_form_token(poll, token: str) -> bool:
    try:
        return signing.loads(token or "", salt=FORM_TOKEN_SALT) == poll.pk
    except signing.BadSignature:
        return False


def same_origin(request) -> bool:
    """The POST came from a page of this very host (Origin, else Referer)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return bool(parts.netloc) and parts.netloc.lower() == request.get_host().lower()


class ForgedCookie(Exception):
    pass


def voter_id(request) -> str | None:
    """The visitor's id from the signed cookie; None when absent; ForgedCookie when tampered."""
    if VOTER_COOKIE not in request.COOKIES:
        return None
    try:
        value = request.get_signed_cookie(VOTER_COOKIE, salt=VOTER_COOKIE_SALT)
    except signing.BadSignature:
        raise ForgedCookie from None
    if not value or len(value) > 64:
        raise ForgedCookie
    return value


def new_voter_id() -> str:
    return secrets.token_urlsafe(24)


def voter_hash(voter: str) -> str:
    return salted_hmac("plugins.polls.voter-hash", voter).hexdigest()


def address_hash(request) -> str:
    return salted_hmac("plugins.polls.address", request.META.get("REMOTE_ADDR", "")).hexdigest()


def vote_of(poll, voter: str | None):
    if not voter:
        return None
    return Vote.objects.filter(poll=poll, voter=voter_hash(voter)).values_list("option_id", flat=True).first()


def _take_rate_slot(poll, request) -> bool:
    key = f"polls:rate:{poll.pk}:{address_hash(request)}"
    cache.add(key, 0, timeout=rate_window())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=rate_window())
        count = 1
    return count <= votes_per_address()


def cast_vote(request, poll, raw_option, voter: str) -> str:
    """Record ``voter``'s choice in ``poll``; returns an outcome code of MESSAGES."""
    if not poll.has_started():
        return "not_started"
    if not poll.is_open():
        return "closed"
    try:
        option_id = int(str(raw_option).strip())
    except (TypeError, ValueError):
        return "invalid_option"
    if not PollOption.objects.filter(pk=option_id, poll=poll).exists():
        return "invalid_option"
    hashed = voter_hash(voter)
    if Vote.objects.filter(poll=poll, voter=hashed).exists():
        return "already"
    if not _take_rate_slot(poll, request):
        return "rate"
    try:
        with transaction.atomic():
            Vote.objects.create(poll=poll, option_id=option_id, voter=hashed, ip_hash=address_hash(request))
    except IntegrityError:
        return "already"
    return "voted"
