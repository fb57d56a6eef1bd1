"""Open data: /api/polls/?portal=<hostname> (questions, options, counts, totals)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from cms.api import PortalListAPIView

from .models import Poll


class PollSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="portal.site.hostname")
    is_open = serializers.SerializerMethodField()
    total_votes = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()

    class Meta:
        model = Poll
        fields = ["id", "portal", "question", "description", "opens_at", "closes_at", "is_open", "total_votes", "options"]

    def _results(self, poll):
        cache = self.context.setdefault("_results", {})
        if poll.pk not in cache:
            cache[poll.pk] = poll.results()
        return cache[poll.pk]

    def get_is_open(self, poll):
        return poll.is_open()

    def get_total_votes(self, poll):
        return self._results(poll).total

    def get_options(self, poll):
        return self._results(poll).as_json()["options"]


class PollListAPIView(PortalListAPIView):
    """Polls that have opened; ``?open=true|false`` keeps open or closed ones."""

    serializer_class = PollSerializer
    plugin_name = "polls"

    def get_queryset(self):
        now = timezone.now()
        queryset = self.filter_by_portal(
            Poll.objects.started(now).select_related("portal__site").with_results().order_by("-opens_at", "-pk")
        )
        raw = (self.request.query_params.get("open") or "").strip().lower()
        if raw in ("true", "1"):
            queryset = queryset.open(now)
        elif raw in ("false", "0"):
            queryset = queryset.exclude(pk__in=Poll.objects.open(now).values("pk"))
        elif raw:
            raise ValidationError({"open": _("Use open=true or open=false.")})
        return queryset
