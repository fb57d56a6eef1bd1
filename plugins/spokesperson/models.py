"""Spokespersons of a portal's agency (Decree 09/2017/ND-CP on press statements)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from cms.admin_scoping import PortalScopedForm

phone_validator = RegexValidator(
    r"^\+?[0-9 .()\-]{6,30}$",
    _("Enter a phone number: digits, spaces, dots, dashes, brackets and an optional leading +."),
)
http_url_validator = URLValidator(schemes=["http", "https"])


class SpokespersonQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        """Spokespersons whose term covers ``today`` (open ends count as covering)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(term_start__isnull=True) | Q(term_start__lte=today),
            Q(term_end__isnull=True) | Q(term_end__gte=today),
        )


class Spokesperson(models.Model):
    ROLE_SPOKESPERSON = "spokesperson"
    ROLE_AUTHORISED = "authorised"
    ROLE_CHOICES = [
        (ROLE_SPOKESPERSON, _("Spokesperson")),
        (ROLE_AUTHORISED, _("Person authorised to speak to the press")),
    ]

    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="spokespersons", verbose_name=_("portal"))
    name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default=ROLE_SPOKESPERSON)
    position = models.CharField(_("position"), max_length=255, help_text=_("Title and agency, e.g. Chief of Office."))
    phone = models.CharField(_("phone"), max_length=50, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    decision_number = models.CharField(
        _("appointing decision"),
        max_length=100,
        blank=True,
        help_text=_("Number and symbol of the appointing decision, e.g. 125/QĐ-UBND."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_url = models.URLField(
        _("link to the decision"),
        max_length=500,
        blank=True,
        validators=[http_url_validator],
        help_text=_("Address of the decision in the legal documents section (http or https)."),
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True, help_text=_("Leave empty while in office."))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SpokespersonQuerySet.as_manager()
    base_form_class = PortalScopedForm

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("role"),
                FieldPanel("position_vi"),
                FieldPanel("position_en"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("Spokesperson"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
                FieldPanel("decision_url"),
                FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
            ],
            heading=_("Appointment"),
        ),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["portal", "sort_order", "name"]
        verbose_name = _("spokesperson")
        verbose_name_plural = _("spokespersons")
        indexes = [models.Index(fields=["portal", "sort_order"])]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.decision_url and not self.decision_number:
            raise ValidationError({"decision_number": _("Give the number of the decision the link points to.")})

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.term_start is None or self.term_start <= today) and (self.term_end is None or self.term_end >= today)

    @property
    def anchor(self):
        return f"nguoi-phat-ngon-{self.pk}"
