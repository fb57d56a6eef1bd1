"""The network's administrative procedure catalogue (thủ tục hành chính).

One catalogue for the whole network: plain models, not pages. A procedure is
carried out at one or more tiers (portal levels) by an implementing agency,
which may have a portal of its own (``agency_portal``): that portal's editors
manage the procedure. Fields (lĩnh vực) and service levels (mức độ) are
network-wide lists that only network admins edit.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from registry.text import fold_words

from .forms import ProcedureAdminForm

# The catalogue is network-wide: every portal lists it. Its changes bump this cache
# topic (signals.py); the public views and blocks that show it record it.
CATALOGUE_TOPIC = "services"

PLUGIN_NAME = "services"


def fold(text: str) -> str:
    """Lower case without diacritics (Đăng ký -> dang ky), whitespace collapsed (registry.text)."""
    return fold_words(text or "")


http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address that starts with http:// or https://.")
)


code_validator = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z._-]*$",
    _("Use only letters, digits, dots, hyphens and underscores (e.g. 1.000948.H38)."),
)


class HttpURLField(models.URLField):
    """A URL field that accepts only http(s) addresses."""

    default_validators = [http_url_validator]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        if isinstance(field, forms.URLField):
            field.validators = [v for v in field.validators if not isinstance(v, URLValidator)] + [http_url_validator]
            field.error_messages["invalid"] = http_url_validator.message
        return field


class ProcedureField(models.Model):
    """A field of administrative procedures (lĩnh vực): hộ tịch, đất đai ..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("field name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")

    def __str__(self):
        return self.name


class ServiceLevel(models.Model):
    """How far a procedure can be carried out online (mức độ).

    Current levels are "toàn trình" (full) and "một phần" (partial); records
    from before Decree 42/2022 keep the legacy levels 1 to 4.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("service level", "level name"), max_length=100)
    is_online = models.BooleanField(
        _("counts as an online public service"), default=True, help_text=_("Counted as online in the statistics.")
    )
    is_legacy = models.BooleanField(_("legacy level (1 to 4)"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name_vi"),
        FieldPanel("name_en"),
        FieldPanel("is_online"),
        FieldPanel("is_legacy"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")

    def __str__(self):
        return self.name


class ProcedureQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Procedures valid on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def for_portal(self, portal):
        """The procedures that apply to ``portal``.

        The network's root portal (the province) reports on the whole
        catalogue; any other portal gets the procedures carried out at its
        level plus those its own agency implements.
        """
        if portal is None:
            return self.none()
        if portal.is_network_root:
            return self
        tier = Procedure.tiers.through.objects.filter(procedure_id=OuterRef("pk"), portallevel_id=portal.level_id)
        return self.filter(Exists(tier) | Q(agency_portal=portal))

    def at_tier(self, level):
        tier = Procedure.tiers.through.objects.filter(procedure_id=OuterRef("pk"), portallevel_id=level.pk)
        return self.filter(Exists(tier))

    def public(self):
        return self.in_force().select_related("field", "level", "agency_portal__site")


class Procedure(ClusterableModel):
    """An administrative procedure of the national procedure database."""

    code = models.CharField(
        _("procedure code"),
        max_length=60,
        unique=True,
        validators=[code_validator],
        help_text=_("Code in the national database of administrative procedures, e.g. 1.000948.H38."),
    )
    name = models.CharField(_("procedure name"), max_length=500)
    field = models.ForeignKey(ProcedureField, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field"))
    tiers = models.ManyToManyField("sites.PortalLevel", related_name="procedures", verbose_name=_("carried out at"), blank=True)
    agency_name = models.CharField(_("implementing agency"), max_length=255, blank=True)
    agency_portal = models.ForeignKey(
        "sites.Portal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("agency portal"),
        help_text=_("The portal of the implementing agency; its editors manage this procedure."),
    )
    level = models.ForeignKey(
        ServiceLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("online service level"),
        help_text=_("Leave empty when the procedure is not offered online."),
    )
    steps = models.TextField(_("steps"), blank=True)
    applicants = models.TextField(_("who may apply"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    result = models.TextField(_("result"), blank=True)
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("One legal document per line, with its number and symbol (e.g. Luật Hộ tịch số 60/2014/QH13)."),
    )
    online_url = HttpURLField(
        _("online service address"),
        max_length=500,
        blank=True,
        help_text=_("The procedure on the national or provincial public service portal (http or https)."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Code and name folded to plain lowercase ASCII (đ -> d): search without diacritics.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()
    base_form_class = ProcedureAdminForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("name_vi"),
                FieldPanel("name_en"),
                FieldRowPanel([FieldPanel("field"), FieldPanel("level")]),
                FieldPanel("tiers", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Procedure"),
        ),
        MultiFieldPanel(
            [FieldPanel("agency_name"), FieldPanel("agency_portal"), FieldPanel("online_url")],
            heading=_("Implementing agency and online service"),
        ),
        FieldPanel("steps"),
        InlinePanel("methods", heading=_("Submission methods"), label=_("Submission method")),
        InlinePanel("documents", heading=_("Required documents"), label=_("Required document")),
        FieldPanel("applicants"),
        FieldPanel("requirements"),
        FieldPanel("result"),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], heading=_("Validity")),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity cannot be before its start.")})

    def save(self, *args, **kwargs):
        names = [self.code, self.name, getattr(self, "name_vi", "") or "", getattr(self, "name_en", "") or "", self.agency_name]
        self.search_text = fold(" ".join(n for n in names if n))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_in_force(self):
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (self.valid_until is None or self.valid_until >= today)

    @property
    def is_online(self):
        return self.level_id is not None and self.level.is_online

    def get_url_path(self):
        from django.urls import reverse

        return reverse("services:detail", kwargs={"code": self.code})

    def owner_portal(self):
        """The portal that presents this procedure in the shared search."""
        if self.agency_portal_id:
            return self.agency_portal
        return self.network_root()

    @staticmethod
    def network_root():
        """The network's root portal (the province), which presents procedures no agency owns."""
        from sites.models import Portal

        return Portal.objects.select_related("site").filter(parent__isnull=True).order_by("pk").first()

    def legal_basis_lines(self):
        return [line.strip() for line in (self.legal_basis or "").splitlines() if line.strip()]


SYMBOL_RE = re.compile(r"\b\d+(?:/\d{4})?/[0-9A-ZĐa-zđ][0-9A-ZĐa-zđ.\-]*[0-9A-ZĐa-zđ]")


def symbol_of(line: str) -> str | None:
    """The number/symbol of a legal document named in ``line`` (60/2014/QH13)."""
    match = SYMBOL_RE.search(line or "")
    return match.group(0) if match else None


class SubmissionMethod(Orderable):
    """One way to submit the application, with its processing time and fees."""

    IN_PERSON, POST, ONLINE = "in_person", "post", "online"
    METHOD_CHOICES = [(IN_PERSON, _("In person")), (POST, _("By post")), (ONLINE, _("Online"))]

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="methods")
    method = models.CharField(_("method"), max_length=20, choices=METHOD_CHOICES)
    processing_time = models.CharField(_("processing time"), max_length=255, blank=True)
    fees = models.CharField(_("fees and charges"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("method"), FieldPanel("processing_time"), FieldPanel("fees"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("submission method")
        verbose_name_plural = _("submission methods")

    def __str__(self):
        return self.get_method_display()


class RequiredDocument(Orderable):
    """A document of the application file (thành phần hồ sơ) and its form."""

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(pgettext_lazy("required document", "document"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    form = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("form (file)"),
    )
    form_url = HttpURLField(
        _("form address"), max_length=500, blank=True, help_text=_("A form published elsewhere (http or https).")
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("originals"), FieldPanel("copies")]),
        FieldPanel("form"),
        FieldPanel("form_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return self.name
