"""A portal's organisation (Decree 42/2022/ND-CP, Article 4): its units with their
functions and contacts, its leaders, and the officials to contact.

Units, leaders and contact officials are plain models owned by a portal (declared
in ``editor_models``, so the core scopes them per portal in the admin). Two page
types show them: :class:`OrganisationPage` (the organisation chart and a directory
searchable without diacritics) and :class:`LeadersPage`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.admin_scoping import PortalScopedForm
from cms.plugin_pages import PluginPageMixin
from registry.text import fold_words
from sites.models import Portal, phone_validator, web_address_validator

PLUGIN_NAME = "organisation"
TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
MAX_QUERY_LENGTH = 200


def _same_portal(owner, field_name, errors):
    """A reference (``owner.<field_name>``, a Unit) must be a unit of the owner's portal."""
    target_id = getattr(owner, f"{field_name}_id")
    if target_id is None or owner.portal_id is None:
        return
    target = Unit.objects.filter(pk=target_id).only("portal_id").first()
    if target is not None and target.portal_id != owner.portal_id:
        errors[field_name] = _("Choose a unit of the same portal.")


class Unit(models.Model):
    """A unit of the agency (đơn vị, phòng ban), nestable under a parent unit."""

    portal = models.ForeignKey(
        "sites.Portal", on_delete=models.CASCADE, related_name="organisation_units", verbose_name=_("portal")
    )
    name = models.CharField(_("unit name"), max_length=255)
    functions = RichTextField(
        _("functions and tasks"), blank=True, features=TEXT_FEATURES, help_text=_("What the unit is responsible for.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
        help_text=_("Leave empty for a unit directly under the agency."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True, validators=[web_address_validator])
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    base_form_class = PortalScopedForm

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [
                FieldPanel("name_vi"),
                FieldPanel("name_en"),
                FieldPanel("parent"),
                FieldPanel("functions_vi"),
                FieldPanel("functions_en"),
            ],
            heading=_("Unit"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["portal", "sort_order", "name", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["portal", "sort_order"])]

    def __str__(self):
        return self.name or ""

    def clean(self):
        super().clean()
        errors = {}
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors["parent"] = _("A unit cannot be its own parent.")
            else:
                _same_portal(self, "parent", errors)
                if "parent" not in errors and self.pk is not None and self._parent_chain_reaches_self():
                    errors["parent"] = _("This parent unit is one of this unit's own sub-units.")
        if errors:
            raise ValidationError(errors)

    def _parent_chain_reaches_self(self) -> bool:
        parents = dict(Unit.objects.filter(portal_id=self.portal_id).values_list("pk", "parent_id"))
        seen, current = set(), self.parent_id
        while current is not None and current not in seen:
            if current == self.pk:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    @property
    def anchor(self):
        return f"don-vi-{self.pk}"

    def search_text(self) -> str:
        return fold_words(
            " ".join(
                value or ""
                for value in (
                    self.name_vi,
                    self.name_en,
                    strip_tags(self.functions_vi or ""),
                    strip_tags(self.functions_en or ""),
                    self.address,
                )
            )
        )


class Person(models.Model):
    """What leaders and contact officials share."""

    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="+", verbose_name=_("portal"))
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(
        _("position"), max_length=255, help_text=_("For example: Vice Chairman of the People's Committee.")
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit"))
    phone = models.CharField(_("phone"), max_length=50, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    base_form_class = PortalScopedForm

    class Meta:
        abstract = True
        ordering = ["portal", "sort_order", "full_name", "pk"]

    def __str__(self):
        return self.full_name or ""

    def clean(self):
        super().clean()
        errors = {}
        _same_portal(self, "unit", errors)
        if errors:
            raise ValidationError(errors)

    def _search_values(self):
        return [self.full_name, self.position_vi, self.position_en, *(self.unit_names())]

    def unit_names(self):
        unit = self.unit if self.unit_id else None
        return [unit.name_vi, unit.name_en] if unit is not None else []

    def search_text(self) -> str:
        return fold_words(" ".join(value or "" for value in self._search_values()))


class Leader(Person):
    """A leader of the agency (lãnh đạo): chairman, directors, their deputies."""

    portal = models.ForeignKey(
        "sites.Portal", on_delete=models.CASCADE, related_name="organisation_leaders", verbose_name=_("portal")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="leaders", verbose_name=_("unit")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    term = models.CharField(_("term"), max_length=100, blank=True, help_text=_("For example: 2021–2026."))
    biography = RichTextField(_("biography"), blank=True, features=TEXT_FEATURES)

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldPanel("photo"),
                FieldPanel("position_vi"),
                FieldPanel("position_en"),
                FieldPanel("unit"),
                FieldPanel("term"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("Leader"),
        ),
        MultiFieldPanel([FieldPanel("biography_vi"), FieldPanel("biography_en")], heading=_("Biography")),
        FieldPanel("sort_order"),
    ]

    class Meta(Person.Meta):
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        indexes = [models.Index(fields=["portal", "sort_order"])]

    @property
    def anchor(self):
        return f"lanh-dao-{self.pk}"


class ContactOfficial(Person):
    """An official to contact (cán bộ đầu mối liên hệ) and what to contact them about."""

    portal = models.ForeignKey(
        "sites.Portal", on_delete=models.CASCADE, related_name="organisation_contacts", verbose_name=_("portal")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts", verbose_name=_("unit")
    )
    responsibility = models.TextField(
        _("contact them about"),
        blank=True,
        help_text=_("For example: press information, citizens' feedback, administrative procedures."),
    )

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldPanel("position_vi"),
                FieldPanel("position_en"),
                FieldPanel("unit"),
                FieldPanel("responsibility_vi"),
                FieldPanel("responsibility_en"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            ],
            heading=_("Contact official"),
        ),
        FieldPanel("sort_order"),
    ]

    class Meta(Person.Meta):
        verbose_name = _("contact official")
        verbose_name_plural = _("contact officials")
        indexes = [models.Index(fields=["portal", "sort_order"])]

    @property
    def anchor(self):
        return f"dau-moi-{self.pk}"

    def _search_values(self):
        return [*super()._search_values(), self.responsibility_vi, self.responsibility_en]


# -- what a portal shows ------------------------------------------------------------


class Organisation:
    """A portal's units (as a tree), leaders and contact officials, read in three queries."""

    def __init__(self, portal, with_photos: bool = False):
        self.portal = portal
        if portal is None:
            self.units, self.leaders, self.contacts = [], [], []
        else:
            self.units = list(Unit.objects.filter(portal=portal).order_by("sort_order", "name", "pk"))
            leaders = Leader.objects.filter(portal=portal).order_by("sort_order", "full_name", "pk")
            if with_photos:
                leaders = leaders.select_related("photo").prefetch_related("photo__renditions")
            self.leaders = list(leaders)
            self.contacts = list(ContactOfficial.objects.filter(portal=portal).order_by("sort_order", "full_name", "pk"))
        by_id = {unit.pk: unit for unit in self.units}
        for unit in self.units:
            unit.sub_units, unit.unit_leaders, unit.unit_contacts = [], [], []
        self.roots = []
        for unit in self.units:
            parent = by_id.get(unit.parent_id)
            if parent is not None and parent is not unit:
                parent.sub_units.append(unit)
            else:
                self.roots.append(unit)
        for people, attribute in ((self.leaders, "unit_leaders"), (self.contacts, "unit_contacts")):
            for person in people:
                unit = by_id.get(person.unit_id)
                # The unit is already read: no query per person when a template names it.
                person._state.fields_cache["unit"] = unit
                if unit is not None:
                    getattr(unit, attribute).append(person)
        self._drop_cycles(by_id)
        # Headings follow the nesting: h3 for the top units (under the chart's h2), at most h6.
        stack = [(unit, 3) for unit in self.roots]
        while stack:
            unit, level = stack.pop()
            unit.heading_level = level
            stack.extend((child, min(level + 1, 6)) for child in unit.sub_units)

    def _drop_cycles(self, by_id):
        """Units caught in a parent loop (saved around the form's check) are shown at the top."""
        reached = set()
        stack = list(self.roots)
        while stack:
            unit = stack.pop()
            reached.add(unit.pk)
            stack.extend(unit.sub_units)
        for unit in self.units:
            if unit.pk not in reached:
                parent = by_id.get(unit.parent_id)
                if parent is not None and unit in parent.sub_units:
                    parent.sub_units.remove(unit)
                self.roots.append(unit)
                reached.add(unit.pk)
                stack = list(unit.sub_units)
                while stack:
                    child = stack.pop()
                    reached.add(child.pk)
                    stack.extend(child.sub_units)

    def search(self, query: str) -> dict:
        """Units, leaders and contact officials whose text holds every word of ``query``
        (both folded: "phong noi vu" finds "Phòng Nội vụ")."""
        words = fold_words(query[:MAX_QUERY_LENGTH]).split()
        if not words:
            return {"units": self.units, "leaders": self.leaders, "contacts": self.contacts}

        def matches(item):
            text = item.search_text()
            return all(word in text for word in words)

        return {
            "units": [unit for unit in self.units if matches(unit)],
            "leaders": [leader for leader in self.leaders if matches(leader)],
            "contacts": [contact for contact in self.contacts if matches(contact)],
        }


class OrganisationPageMixin(PluginPageMixin):
    plugin_name = PLUGIN_NAME

    def portal_for(self, request):
        """The portal whose organisation the page shows: the request's (Wagtail serves a page
        on its own portal's hostname, either language tree), or the page tree's in a preview."""
        return Portal.serving(self, request)


class OrganisationPage(OrganisationPageMixin, Page):
    """Cơ cấu tổ chức: the portal's units as a nested list, and a directory searchable by ?q=."""

    intro = models.TextField(_("introduction"), blank=True)
    show_directory = models.BooleanField(
        _("show the directory"), default=True, help_text=_("A searchable list of units, leaders and contact officials.")
    )

    parent_page_types = ["sites.HomePage", "sites.StandardPage"]
    subpage_types = ["organisation.LeadersPage", "sites.StandardPage"]
    template = "organisation/organisation_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_directory")]

    class Meta:
        verbose_name = _("organisation page")
        verbose_name_plural = _("organisation pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation = Organisation(self.portal_for(request))
        raw = request.GET.get("q", "")
        query = " ".join(str(raw).split())[:MAX_QUERY_LENGTH] if isinstance(raw, str) else ""
        found = organisation.search(query)
        context.update(
            organisation=organisation,
            query=query,
            found=found,
            found_count=sum(len(items) for items in found.values()),
        )
        return context


class LeadersPage(OrganisationPageMixin, Page):
    """Lãnh đạo: the portal's leaders with photo, position, term, contacts and biography."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["sites.HomePage", "sites.StandardPage", "organisation.OrganisationPage"]
    subpage_types = []
    template = "organisation/leaders_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("leaders page")
        verbose_name_plural = _("leaders pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["leaders"] = Organisation(self.portal_for(request), with_photos=True).leaders
        return context
