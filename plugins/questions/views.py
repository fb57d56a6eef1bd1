"""Public routes of the questions plugin (mounted at /hoi-dap/ and /en/hoi-dap/)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cms.middleware import portal_or_404
from cms.pagination import paginate
from cms.ratelimits import client_address, limited

from .forms import CONTROL_RE, REPLAY_MESSAGE, AskForm, make_form_token
from .models import Question
from .notify import notify_moderators, notify_sender_received
from .tracking import TRACKING_CODE_LENGTH, normalize_code

QUERY_MAX = 200
PER_PAGE = 10
RATE_ACTION = "questions.ask"
# Status-page lookups per client address (all portals together), so tracking codes cannot
# be guessed by brute force: settings.RATE_LIMITS["questions.lookup"] (see apps.py).
LOOKUP_RATE_ACTION = "questions.lookup"


def question_list(request):
    """Published questions and answers with a text filter (no personal state: cacheable)."""
    portal = portal_or_404(request)
    query = CONTROL_RE.sub("", request.GET.get("q") or "").replace("\x00", "").strip()[:QUERY_MAX]
    questions = Question.objects.filter(portal=portal).published().order_by("-published_at", "-pk")
    if query:
        # Both languages' texts: on the English site an untranslated question shows its original.
        found = Q()
        for field in ("subject", "content", "answer"):
            for language in ("vi", "en"):
                found |= Q(**{f"{field}_{language}__icontains": query})
        questions = questions.filter(found)
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
                            # The original, whatever the site's language (see translation.py).
                            subject_vi=data["subject"],
                            content_vi=data["content"],
                            ip_hash=_address_hash(request),
                            form_nonce=form.nonce,
                            language=get_language() or "",
                        )
                except IntegrityError:  # the same token sent twice at once: the other one won
                    form.add_error(None, REPLAY_MESSAGE)
                else:
                    transaction.on_commit(lambda: notify_moderators(question))
                    transaction.on_commit(lambda: notify_sender_received(question))
                    # The thank-you screen shows the tracking code (from the URL, never looked up).
                    response = redirect(reverse("questions:ask") + "?sent=1&ma=" + question.tracking_code)
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
    sent = sent and request.method != "POST"
    context = {"form": form, "sent": sent, "tracking_code": normalize_code(request.GET.get("ma")) if sent else None}
    return render(request, "questions/ask.html", context, status=status)


def _steps(question) -> list[dict]:
    """What happened to the question so far, for its sender (nothing about the sender)."""
    published = question.is_published
    answered = published or question.status == Question.Status.ANSWERED
    steps = [{"key": "received", "done": True, "at": question.created_at}]
    if question.forwarded_to_unit:  # a question answered without forwarding skips the step
        steps.append({"key": "forwarded", "done": True, "at": question.forwarded_at})
    steps.append({"key": "answered", "done": answered, "at": question.answered_at if answered else None})
    steps.append({"key": "published", "done": published, "at": question.published_at if published else None})
    return steps


@never_cache
def track(request):
    """The status page of a question, found by its tracking code (``?ma=``) on this portal.

    It shows what its sender needs (the subject, when it was received and is due, where it
    was forwarded, whether it is answered, the link to the published answer) and never the
    sender's name, e-mail or phone. Every lookup counts against the address's quota."""
    portal = portal_or_404(request)
    typed = CONTROL_RE.sub("", request.GET.get("ma") or "").strip()
    question, error, status = None, "", 200
    if typed:
        code = normalize_code(typed)
        if limited(request, LOOKUP_RATE_ACTION):
            error, status = _("You have looked up too many tracking codes from your network. Please try again later."), 429
        elif code is None:
            error, status = (
                _(
                    "This is not a valid tracking code. A tracking code has %(length)d letters and digits: "
                    "check it on the screen shown after sending or in the e-mail you received."
                )
                % {"length": TRACKING_CODE_LENGTH},
                404,
            )
        else:
            question = (
                Question.objects.filter(portal=portal, tracking_code=code)
                .only(
                    "pk",
                    "portal_id",
                    "subject",
                    "status",
                    "created_at",
                    "due_on",
                    "forwarded_to_unit",
                    "forwarded_at",
                    "answered_at",
                    "published_at",
                    "tracking_code",
                )
                .first()
            )
            if question is None:
                error, status = (
                    _(
                        "No question with this tracking code was sent to this portal. Check the code, and that "
                        "you are on the portal you sent your question to."
                    ),
                    404,
                )
            typed = code
    context = {
        "typed": typed[: 4 * TRACKING_CODE_LENGTH],
        "question": question,
        "steps": _steps(question) if question is not None else [],
        "error": error,
    }
    response = render(request, "questions/track.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
