"""Casting a vote: one per visitor per poll, only from a browser that loaded the poll.

The poll form lives in cached public pages (one copy for every visitor), so the
HTML itself cannot carry anything personal. What makes a vote count:

1. **A voter cookie.** ``polls_voter`` holds a random id, signed (a forged or
   re-signed value is refused and cleared). It is set only by the non-cached
   routes that issue vote tokens: the state route the poll script fetches when
   the page loads (``/tham-do/<id>/trang-thai.json``) and the results page
   (``/tham-do/<id>/``, the no-JavaScript form). A cached page never sets it.
2. **A vote token** bound to that cookie: ``signing.dumps({poll, voter, nonce})``
   where *voter* is a keyed hash of the cookie's id (the id itself never
   reaches a script). The token is fetched with the cookie, put into the form by
   the script (or rendered into the non-cached results page), and checked
   against the cookie the POST carries: a token minted for another cookie,
   another poll, or older than ``TOKEN_MAX_AGE`` is refused.
3. **Single use.** The token's nonce is spent with ``cache.add`` (atomic on
   Redis and locmem) before the vote is cast; a replayed token is refused.
4. **The same origin.** The POST's ``Origin`` (else ``Referer``) must name this
   portal. Browsers send it on every cross-site POST, so another site cannot
   make its visitors vote; a script can forge it, which is why it is only a
   first fence: a script without the cookie has no token that counts.
5. **One vote per (poll, voter)**, by the database's unique constraint (it holds
   under concurrent requests), and **a per-address quota per poll**
   (``RATE_LIMITS["polls.vote"]``, counted per :func:`cms.ratelimits.client_address`),
   which bounds what a script that does keep cookies can add.

That is why the vote route is ``csrf_exempt``: the cookie-bound single-use
token is its CSRF token (Django's own would need a per-visitor page).
"""

from __future__ import annotations

import logging
import secrets
from urllib.parse import urlsplit

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from cms.ratelimits import client_address, limited

from .models import PollOption, Vote

logger = logging.getLogger(__name__)

VOTER_COOKIE = "polls_voter"
VOTER_COOKIE_SALT = "plugins.polls.voter"
VOTER_COOKIE_AGE = 400 * 24 * 3600
TOKEN_SALT = "plugins.polls.vote-token"
TOKEN_MAX_AGE = 24 * 3600  # a page left open over night still votes
NONCE_KEY = "polls:nonce:{}"
RATE_ACTION = "polls.vote"

# Outcome codes (also the ?msg= values of the results page) and their messages.
MESSAGES = {
    "voted": _("Thank you, your vote has been counted."),
    "already": _("You have already voted in this poll."),
    "closed": _("This poll is closed: only its results are shown."),
    "not_started": _("This poll has not opened yet."),
    "invalid_option": _("Please choose one of the options of this poll."),
    "confirm": _("Please check your choice and press Vote once more to confirm it."),
    "cookie": _(
        "Your browser did not send this portal's voting cookie, so the vote was not counted. "
        "Please allow cookies for this portal, reload the page and vote again."
    ),
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
    "confirm": 400,
    "cookie": 400,
    "forged": 400,
    "token": 400,
    "origin": 403,
    "rate": 429,
}


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


def voter_for_token(request) -> tuple[str, bool]:
    """The visitor's id for a token being issued, and whether the cookie must be (re)set.

    A missing or forged cookie gets a fresh id (set by the caller's response).
    """
    try:
        voter = voter_id(request)
    except ForgedCookie:
        voter = None
    if voter:
        return voter, False
    return new_voter_id(), True


def set_voter_cookie(response, request, voter: str) -> None:
    response.set_signed_cookie(
        VOTER_COOKIE,
        voter,
        salt=VOTER_COOKIE_SALT,
        max_age=VOTER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def voter_hash(voter: str) -> str:
    return salted_hmac("plugins.polls.voter-hash", voter).hexdigest()


def _token_binding(voter: str) -> str:
    """What a token says about its voter: a keyed hash, so the cookie's id stays in the cookie."""
    return salted_hmac("plugins.polls.token-voter", voter).hexdigest()[:32]


def issue_token(poll, voter: str) -> str:
    """A single-use vote token of ``poll`` for the visitor whose cookie holds ``voter``."""
    return signing.dumps({"p": poll.pk, "v": _token_binding(voter), "n": secrets.token_urlsafe(16)}, salt=TOKEN_SALT)


def token_nonce(poll, voter: str, token: str) -> str | None:
    """The nonce of ``token`` when it was issued for this poll and this voter (and is recent)."""
    if not token or len(token) > 500:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("p") != poll.pk:
        return None
    binding, nonce = data.get("v"), data.get("n")
    if not isinstance(binding, str) or not isinstance(nonce, str) or not 8 <= len(nonce) <= 64:
        return None
    if not constant_time_compare(binding, _token_binding(voter)):
        return None
    return nonce


def spend_nonce(nonce: str) -> bool:
    """True the first time ``nonce`` is presented; False for every replay.

    With Redis unreachable django-redis answers None (IGNORE_EXCEPTIONS): the nonce
    cannot be recorded, and the vote goes on rather than failing for everybody; the
    token is still bound to its cookie and the database still takes one vote per voter.
    """
    added = cache.add(NONCE_KEY.format(nonce), 1, timeout=TOKEN_MAX_AGE + 300)
    if added is None:
        logger.warning("Poll vote token nonce not recorded (cache unavailable)")
        return True
    return bool(added)


def address_hash(request) -> str:
    return salted_hmac("plugins.polls.address", client_address(request)).hexdigest()


def vote_of(poll, voter: str | None):
    if not voter:
        return None
    return Vote.objects.filter(poll=poll, voter=voter_hash(voter)).values_list("option_id", flat=True).first()


def check_request(request, poll) -> tuple[str | None, str | None]:
    """(voter, None) when this POST may cast a vote, else (voter or None, outcome code).

    The order matters for the messages: a form with no token at all (the cached
    page's form sent without JavaScript) is asked to confirm on the results page.
    """
    if not same_origin(request):
        return None, "origin"
    token = request.POST.get("token", "")
    if not token:
        return None, "confirm"
    try:
        voter = voter_id(request)
    except ForgedCookie:
        return None, "forged"
    if voter is None:
        return None, "cookie"
    nonce = token_nonce(poll, voter, token)
    if nonce is None or not spend_nonce(nonce):
        return voter, "token"
    return voter, None


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
    if limited(request, RATE_ACTION, scope=poll.pk):
        return "rate"
    try:
        with transaction.atomic():
            Vote.objects.create(poll=poll, option_id=option_id, voter=hashed, ip_hash=address_hash(request))
    except IntegrityError:
        return "already"
    return "voted"
