"""Questions and feedback (hỏi đáp, góp ý) sent by citizens to a portal.

Who does what (documented choice): a portal's editors and moderators both see
the questions of their portal and may draft answers; only the portal's
moderators (and network admins) may publish them. The sender's email and phone
stay in the admin: no public page, API or search document ever shows them.

The Q&A duty (issue #15): each question gets a tracking code and a due date
(tracking.py); the portal's staff may forward it to a unit (one of the portal's
organisation units, offered by the ``organisation.units`` registry service when that
plugin is on, or free text); the citizen follows it on the status page and is e-mailed
once when the answer is published (notify.py).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.admin_scoping import PortalScopedForm
from registry.plugins import registry
from sites.permissions import is_network_admin

from .limits import ANSWER_MAX, CONTENT_MAX, NAME_MAX, SUBJECT_MAX
from .tracking import TRACKING_CODE_LENGTH, due_date, new_tracking_code

UNITS_SERVICE = "organisation.units"


def portal_units(portal) -> list[tuple[int, str]]:
    """The portal's organisation units as (id, Vietnamese name), when the organisation
    plugin is installed and on for the portal (the ``organisation.units`` service); else []."""
    units = registry.service(UNITS_SERVICE, portal=portal) if portal is not None else None
    if units is None:
        return []
    with override(settings.LANGUAGE_CODE):  # stored as the original, like what the citizen sent
        return [(pk, str(name)) for pk, name in units(portal)]


def can_publish(user, portal) -> bool:
    """Only the portal's moderators (and network admins) publish answers."""
    if is_network_admin(user):
        return True
    if user is None or not user.is_authenticated or portal is None or not portal.moderators_group_id:
        return False
    return user.groups.filter(pk=portal.moderators_group_id).exists()


class QuestionAdminForm(PortalScopedForm):
    """Editors draft answers; only moderators publish (see the module docstring).

    It lives beside the model that names it (``base_form_class``), as Wagtail's
    documentation does; the public form (forms.py) builds on the model.

    Forwarding: the staff choose one of the question's portal's units (``forward_unit``,
    offered only when the organisation plugin gives the portal's units) or type the
    unit's name (``forwarded_to_unit``); naming a unit sets ``forwarded_at`` and turns a
    new question into a forwarded one, clearing it turns it back.
    """

    forward_unit = forms.TypedChoiceField(
        label=_("Forward to one of the portal's units"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Choose a unit of the portal's organisation, or type the unit's name below."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        portal = self.instance.portal if self.instance.portal_id else None
        if portal is None and "portal" in self.fields:
            portal = self.fields["portal"].initial  # the user's only portal, on the add form
        self._units_portal = portal
        self._units = portal_units(portal)
        if not self._units:
            self.fields.pop("forward_unit", None)  # free text only (the panel hides)
        elif "forward_unit" in self.fields:
            self.fields["forward_unit"].choices = [("", "---------"), *self._units]
            current = (self.instance.forwarded_to_unit or "").strip()
            self.fields["forward_unit"].initial = next((pk for pk, name in self._units if name == current), None)

    def _clean_forwarding(self, cleaned, portal):
        unit_id = cleaned.get("forward_unit")
        if unit_id is not None:
            units = self._units if portal == self._units_portal else portal_units(portal)
            name = dict(units).get(unit_id)
            if name is None:
                self.add_error("forward_unit", ValidationError(_("Choose one of this portal's units.")))
            else:
                cleaned["forwarded_to_unit"] = name
        if cleaned.get("status") == Question.Status.FORWARDED and not (cleaned.get("forwarded_to_unit") or "").strip():
            self.add_error("forwarded_to_unit", ValidationError(_("Name the unit the question is forwarded to.")))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        answer = (cleaned.get("answer_vi") or "").strip()
        portal = cleaned.get("portal") or getattr(self.instance, "portal", None)
        user = getattr(self, "for_user", None)
        was_published = bool(self.instance.pk) and self.initial.get("status") == Question.Status.PUBLISHED
        if status in (Question.Status.ANSWERED, Question.Status.PUBLISHED) and not answer:
            self.add_error("answer_vi", ValidationError(_("Write the answer before marking the question answered or published.")))
        if (status == Question.Status.PUBLISHED or was_published) and not can_publish(user, portal):
            self.add_error(
                "status", ValidationError(_("Only the portal's moderators can publish, change or withdraw a published answer."))
            )
        self._clean_forwarding(cleaned, portal)
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        user = getattr(self, "for_user", None)
        now = timezone.now()
        if {"answer_vi", "answer_en"} & set(self.changed_data) and (instance.answer_vi or "").strip():
            instance.answered_by = user if user is not None and user.is_authenticated else None
            instance.answered_at = now
        if instance.status == Question.Status.PUBLISHED:
            instance.published_at = instance.published_at or now
        else:
            instance.published_at = None
        if "forwarded_to_unit" in self.fields:
            unit = instance.forwarded_to_unit = (instance.forwarded_to_unit or "").strip()
            if unit != (self.initial.get("forwarded_to_unit") or "").strip():
                instance.forwarded_at = now if unit else None
            if unit and instance.status == Question.Status.NEW:
                instance.status = Question.Status.FORWARDED
            elif not unit and instance.status == Question.Status.FORWARDED:
                instance.status = Question.Status.NEW
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED, published_at__isnull=False)


class Question(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        FORWARDED = "forwarded", _("Forwarded to a unit")
        ANSWERED = "answered", _("Answered, not published")
        PUBLISHED = "published", _("Published")

    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="questions", verbose_name=_("portal"))
    name = models.CharField(_("sender's name"), max_length=NAME_MAX)
    email = models.EmailField(_("sender's email"))
    phone = models.CharField(_("sender's phone"), max_length=20, blank=True)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    content = models.TextField(_("question"), max_length=CONTENT_MAX)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    answer = models.TextField(_("answer"), blank=True, max_length=ANSWER_MAX)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    ip_hash = models.CharField(_("address hash"), max_length=64, blank=True, editable=False)
    # The nonce of the public form's token that sent this question: unique, so a
    # token is good for one question only (a replayed POST is refused).
    form_nonce = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # The citizen's handle on the question (tracking.py): shown once sent, e-mailed, typed
    # on the status page. Unique, so indexed.
    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_CODE_LENGTH, unique=True, default=new_tracking_code, editable=False
    )
    # The language of the site it was sent from: the citizen's e-mails are written in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE, editable=False)
    due_on = models.DateField(_("answer due on"), null=True, blank=True, db_index=True, editable=False)
    forwarded_to_unit = models.CharField(
        _("forwarded to unit"),
        max_length=255,
        blank=True,
        help_text=_("The unit asked to prepare the answer. Shown to the citizen on the status page."),
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True, editable=False)
    # When the citizen was told the answer is published: they are told once (notify.py).
    answer_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()
    base_form_class = QuestionAdminForm

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("created_at", read_only=True)],
            heading=_("Sender (never shown publicly)"),
        ),
        MultiFieldPanel(
            [FieldPanel("subject_vi"), FieldPanel("content_vi"), FieldPanel("subject_en"), FieldPanel("content_en")],
            heading=_("Question"),
        ),
        MultiFieldPanel(
            [FieldPanel("answer_vi"), FieldPanel("answer_en"), FieldPanel("status")], heading=_("Answer and publication")
        ),
        MultiFieldPanel(
            [
                FieldPanel("tracking_code", read_only=True),
                FieldPanel("due_on", read_only=True),
                FieldPanel("forward_unit"),
                FieldPanel("forwarded_to_unit"),
                FieldPanel("forwarded_at", read_only=True),
            ],
            heading=_("Tracking and forwarding"),
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions and feedback")
        indexes = [models.Index(fields=["portal", "status", "-published_at"])]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        if self._state.adding and self.due_on is None:
            self.due_on = due_date(self.created_at or timezone.now())
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    def get_url_path(self):
        return f"/hoi-dap/{self.pk}/"

    def get_full_url(self):
        return self.portal.site.root_url.rstrip("/") + self.get_url_path()
