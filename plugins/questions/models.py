"""Questions and feedback (hỏi đáp, góp ý) sent by citizens to a portal.

Who does what (documented choice): a portal's editors and moderators both see
the questions of their portal and may draft answers; only the portal's
moderators (and network admins) may publish them. The sender's email and phone
stay in the admin: no public page, API or search document ever shows them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.admin_scoping import PortalScopedForm
from sites.permissions import is_network_admin

from .limits import ANSWER_MAX, CONTENT_MAX, NAME_MAX, SUBJECT_MAX


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
    """

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        answer = (cleaned.get("answer") or "").strip()
        portal = cleaned.get("portal") or getattr(self.instance, "portal", None)
        user = getattr(self, "for_user", None)
        was_published = bool(self.instance.pk) and self.initial.get("status") == Question.Status.PUBLISHED
        if status in (Question.Status.ANSWERED, Question.Status.PUBLISHED) and not answer:
            self.add_error("answer", ValidationError(_("Write the answer before marking the question answered or published.")))
        if (status == Question.Status.PUBLISHED or was_published) and not can_publish(user, portal):
            self.add_error(
                "status", ValidationError(_("Only the portal's moderators can publish, change or withdraw a published answer."))
            )
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        user = getattr(self, "for_user", None)
        now = timezone.now()
        if "answer" in self.changed_data and instance.answer.strip():
            instance.answered_by = user if user is not None and user.is_authenticated else None
            instance.answered_at = now
        if instance.status == Question.Status.PUBLISHED:
            instance.published_at = instance.published_at or now
        else:
            instance.published_at = None
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

    objects = QuestionQuerySet.as_manager()
    base_form_class = QuestionAdminForm

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("created_at", read_only=True)],
            heading=_("Sender (never shown publicly)"),
        ),
        MultiFieldPanel([FieldPanel("subject"), FieldPanel("content")], heading=_("Question")),
        MultiFieldPanel([FieldPanel("answer"), FieldPanel("status")], heading=_("Answer and publication")),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions and feedback")
        indexes = [models.Index(fields=["portal", "status", "-published_at"])]

    def __str__(self):
        return self.subject

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    def get_url_path(self):
        return f"/hoi-dap/{self.pk}/"

    def get_full_url(self):
        return self.portal.site.root_url.rstrip("/") + self.get_url_path()
