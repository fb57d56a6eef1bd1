"""Open data: /api/polls/?portal=<hostname> (questions, options, counts, totals)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import PortalListAPIView, YesNoFilter
from cms.openapi import choice

from .models import Poll


class PollOptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    votes = serializers.IntegerField()
    percent = serializers.FloatField(help_text=gettext_lazy("Share of the votes (the options add up to 100)."))
    percent_display = serializers.CharField(help_text=gettext_lazy("The share written the Vietnamese way (12,5%)."))


class PollSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="portal.site.hostname")
    is_open = serializers.SerializerMethodField()
    total_votes = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()

    class Meta:
        model = Poll
        fields = ("id", "portal", "question", "description", "opens_at", "closes_at", "is_open", "total_votes", "options")

    def _results(self, poll):
        cache = self.context.setdefault("_results", {})
        if poll.pk not in cache:
            cache[poll.pk] = poll.results()
        return cache[poll.pk]

    @extend_schema_field(serializers.BooleanField())
    def get_is_open(self, poll):
        return poll.is_open()

    @extend_schema_field(serializers.IntegerField())
    def get_total_votes(self, poll):
        return self._results(poll).total

    @extend_schema_field(PollOptionResultSerializer(many=True))
    def get_options(self, poll):
        return self._results(poll).as_json()["options"]


class PollFilter(django_filters.FilterSet):
    open = YesNoFilter(method="by_open", error_messages={"invalid_choice": gettext_lazy("Use open=true or open=false.")})

    class Meta:
        model = Poll
        fields = ()

    def by_open(self, queryset, name, value: bool):
        now = timezone.now()
        if value:
            return queryset.open(now)
        return queryset.exclude(pk__in=Poll.objects.open(now).values("pk"))


@extend_schema(
    summary=gettext_lazy("Polls that have opened, with their results"),
    parameters=[choice("open", ["true", "false", "1", "0"], gettext_lazy("true: only polls open now; false: only closed ones."))],
)
class PollListAPIView(PortalListAPIView):
    """Polls that have opened; ``?open=true|false`` keeps open or closed ones."""

    serializer_class = PollSerializer
    queryset = Poll.objects.none()  # the model, for the schema; get_queryset builds the list
    plugin_name = "polls"
    filterset_class = PollFilter

    def get_queryset(self):
        return self.filter_by_portal(
            Poll.objects.started(timezone.now()).select_related("portal__site").with_results().order_by("-opens_at", "-pk")
        )
