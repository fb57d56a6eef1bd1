"""Polls (thăm dò ý kiến): a question with 2–10 options, open and close dates, per portal.

Votes are rows (one per voter and poll, enforced by a unique constraint), so
concurrent voters never overwrite each other's count: the results are counts
of rows, computed in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .forms import MAX_OPTIONS, MIN_OPTIONS, PollForm


class PollQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now))

    def started(self, now=None):
        return self.filter(opens_at__lte=now or timezone.now())

    def with_results(self):
        """Prefetch the options with their vote counts (one extra query)."""
        return self.prefetch_related(
            models.Prefetch(
                "options",
                queryset=PollOption.objects.annotate(vote_count=Count("votes")).order_by("sort_order", "pk"),
            )
        )


class Poll(ClusterableModel):
    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="polls", verbose_name=_("portal"))
    question = models.CharField(_("question"), max_length=255)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Leave empty to keep the poll open until you close it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PollQuerySet.as_manager()
    base_form_class = PollForm

    panels = [
        FieldPanel("portal"),
        MultiFieldPanel(
            [FieldPanel("question_vi"), FieldPanel("question_en"), FieldPanel("description_vi"), FieldPanel("description_en")],
            heading=_("Question"),
        ),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Voting period")),
        InlinePanel("options", label=_("Option"), heading=_("Options (2 to 10)"), min_num=MIN_OPTIONS, max_num=MAX_OPTIONS),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [models.Index(fields=["portal", "opens_at"])]

    def __str__(self):
        return self.question

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or self.closes_at > now)

    is_open.boolean = True
    is_open.short_description = _("open")

    def has_started(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def results(self) -> PollResults:
        """Counts and percentages; uses prefetched ``vote_count`` when present."""
        options = list(self.options.all())
        if options and not all(hasattr(o, "vote_count") for o in options):
            counts = dict(PollOption.objects.filter(poll=self).annotate(n=Count("votes")).values_list("pk", "n"))
            for option in options:
                option.vote_count = counts.get(option.pk, 0)
        return PollResults.from_counts([(o, o.vote_count) for o in options])

    @property
    def total_votes(self) -> int:
        return self.results().total


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll"))
    text = models.CharField(_("option"), max_length=200)

    panels = [FieldPanel("text_vi"), FieldPanel("text_en")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text


class Vote(models.Model):
    """One visitor's vote in one poll.

    ``voter`` is a keyed hash of the random identifier kept in the visitor's
    signed cookie; ``ip_hash`` a keyed hash of the address (no raw IP kept).
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes", verbose_name=_("poll"))
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes", verbose_name=_("option"))
    voter = models.CharField(_("voter"), max_length=64)
    ip_hash = models.CharField(_("address hash"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="polls_one_vote_per_voter")]

    def __str__(self):
        return f"{self.poll_id}:{self.option_id}"


def format_percent(tenths: int) -> str:
    """33.3 % written the local way: "33,3%" in Vietnamese, "33.3%" in English."""
    text = number_format(Decimal(tenths) / 10, decimal_pos=1)
    if text.endswith(("0",)) and len(text) >= 2 and text[-2] in ",.":
        text = text[:-2]
    return f"{text}%"


@dataclass
class OptionResult:
    option: PollOption
    count: int
    tenths: int  # percentage in tenths of a percent; all options sum to 1000

    @property
    def percent(self) -> float:
        return self.tenths / 10

    @property
    def percent_rounded(self) -> int:
        """Whole percent, for the bar's width class (no inline style: CSP-friendly)."""
        return (self.tenths + 5) // 10

    @property
    def percent_display(self) -> str:
        return format_percent(self.tenths)


@dataclass
class PollResults:
    options: list[OptionResult]
    total: int

    @classmethod
    def from_counts(cls, counts) -> PollResults:
        """Largest remainder method: the shares sum to exactly 100.0 % when anyone voted."""
        total = sum(count for _option, count in counts)
        if total == 0:
            return cls([OptionResult(option, 0, 0) for option, _count in counts], 0)
        exact = [count * 1000 for _option, count in counts]
        floors = [value // total for value in exact]
        remainders = [value % total for value in exact]
        missing = 1000 - sum(floors)
        order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
        for i in order[:missing]:
            floors[i] += 1
        return cls([OptionResult(option, count, floors[i]) for i, (option, count) in enumerate(counts)], total)

    def as_json(self) -> dict:
        return {
            "total": self.total,
            "options": [
                {
                    "id": r.option.pk,
                    "text": r.option.text,
                    "votes": r.count,
                    "percent": r.percent,
                    "percent_display": r.percent_display,
                }
                for r in self.options
            ],
        }
