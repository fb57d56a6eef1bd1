"""Open data: /api/questions/?portal=<hostname> (published questions and answers).

The sender's email and phone are never part of the output.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from cms.api import PortalListAPIView

from .models import Question


class QuestionSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="portal.site.hostname")
    url = serializers.SerializerMethodField()
    asker = serializers.CharField(source="name")
    question = serializers.CharField(source="content")

    class Meta:
        model = Question
        fields = ("id", "portal", "url", "subject", "question", "answer", "asker", "created_at", "published_at")

    @extend_schema_field(serializers.CharField())
    def get_url(self, question):
        return question.get_full_url()


@extend_schema(summary=gettext_lazy("Published questions and their answers, newest first"))
class QuestionListAPIView(PortalListAPIView):
    serializer_class = QuestionSerializer
    queryset = Question.objects.none()  # the model, for the schema; get_queryset builds the list
    plugin_name = "questions"

    def get_queryset(self):
        return self.filter_by_portal(Question.objects.published().select_related("portal__site").order_by("-published_at", "-pk"))
