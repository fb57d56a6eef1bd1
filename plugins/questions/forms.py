"""The citizen's question form, with its spam guard (the admin form is in models.py)."""

from __future__ import annotations

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .limits import CONTENT_MAX, NAME_MAX, SUBJECT_MAX
from .models import Question

TOKEN_SALT = "plugins.questions.form"
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .()-]{6,18}[0-9]$")
# Control characters other than tab and newlines are dropped from what citizens type.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def min_seconds():
    return float(getattr(settings, "QUESTIONS_MIN_SECONDS", 3))


def max_age():
    return int(getattr(settings, "QUESTIONS_FORM_MAX_AGE", 2 * 3600))


def make_form_token(at: float | None = None) -> str:
    """A signed timestamp of when the form was shown, with a nonce that makes it
    single-use (the nonce is stored with the question it sent: Question.form_nonce)."""
    stamp = round(at if at is not None else time.time(), 3)
    return signing.dumps({"t": stamp, "n": secrets.token_urlsafe(16)}, salt=TOKEN_SALT)


def read_form_token(token: str) -> tuple[float, str] | None:
    """(age in seconds, nonce) of a genuine token, else None."""
    if not token or len(token) > 500:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        age, nonce = time.time() - float(data["t"]), data["n"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not isinstance(nonce, str) or not 8 <= len(nonce) <= 64:
        return None
    return age, nonce


def form_age(token: str) -> float | None:
    read = read_form_token(token)
    return None if read is None else read[0]


def token_used(nonce: str) -> bool:
    return Question.objects.filter(form_nonce=nonce).exists()


REPLAY_MESSAGE = _("This form has already been sent. To send another question, please use the new form below.")


def _clean_text(value: str) -> str:
    return CONTROL_RE.sub("", value or "").strip()


class AskForm(forms.Form):
    """What a citizen fills in. Email and phone are for the reply only."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Please enter your name."),
            "max_length": _("The name may have at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Used only to reply to you; never published."),
        error_messages={"required": _("Please enter your email address."), "invalid": _("Please enter a valid email address.")},
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        help_text=_("Never published."),
        error_messages={"max_length": _("The phone number may have at most %(limit_value)d characters.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        error_messages={
            "required": _("Please enter a subject."),
            "max_length": _("The subject may have at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    content = forms.CharField(
        label=_("Your question or feedback"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=CONTENT_MAX,
        min_length=10,
        error_messages={
            "required": _("Please write your question."),
            "min_length": _("The question is too short: write at least %(limit_value)d characters."),
            "max_length": _(
                "The question may have at most %(limit_value)d characters (it has %(show_value)d). Please shorten it."
            ),
        },
    )
    # Spam guard: a field people never see (bots fill it) and a signed timestamp.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.nonce = None  # the token's, once clean() has read it
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_name(self):
        return _clean_text(self.cleaned_data["name"])

    def clean_subject(self):
        # One line: line breaks (which would also end an e-mail header) become spaces.
        return " ".join(_clean_text(self.cleaned_data["subject"]).split())

    def clean_content(self):
        return _clean_text(self.cleaned_data["content"])

    def clean_phone(self):
        phone = _clean_text(self.cleaned_data.get("phone", ""))
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Please enter a valid phone number (digits, spaces, + - . ( ) only)."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if (self.data.get("website") or "").strip():
            raise ValidationError(_("Your message looks automated and was not sent."), code="spam")
        read = read_form_token(self.data.get("token", ""))
        if read is None:
            raise ValidationError(_("The form is not valid. Please reload the page and send it again."), code="token")
        age, self.nonce = read
        if token_used(self.nonce):
            raise ValidationError(REPLAY_MESSAGE, code="replay")
        if age < min_seconds():
            raise ValidationError(
                _("The form was sent too quickly. Please check your question and send it again."), code="too_fast"
            )
        if age > max_age():
            raise ValidationError(_("The form has expired. Please send it again."), code="expired")
        return cleaned
