"""Published questions and answers for the shared search (kind "question").

Documents carry the subject, question and answer, never the sender's email or phone.
"""

from django.utils.translation import gettext_lazy as _

from cms.search_contract import SearchDocument, SearchProvider


class QuestionSearchProvider(SearchProvider):
    kind = "question"
    label = _("Questions and answers")
    plugin_name = "questions"

    @property
    def models(self):
        from .models import Question

        return (Question,)

    def _queryset(self):
        from .models import Question

        return Question.objects.published().select_related("portal__site")

    def documents(self, portal=None):
        queryset = self._queryset()
        if portal is not None:
            if not portal.has_plugin(self.plugin_name):
                return
            queryset = queryset.filter(portal=portal)
        for question in queryset.iterator(chunk_size=500):
            document = self.document_for(question)
            if document is not None:
                yield document

    def document_for(self, instance):
        if instance is None or not instance.is_published or not instance.portal.has_plugin(self.plugin_name):
            return None
        summary = instance.content if len(instance.content) <= 300 else instance.content[:297].rstrip() + "…"
        return SearchDocument(
            id=self.document_id(instance),
            kind=self.kind,
            portal_id=instance.portal_id,
            title=instance.subject,
            url=instance.get_full_url(),
            date=instance.published_at,
            summary=summary,
            body=f"{instance.content}\n\n{instance.answer}",
            language="vi",
            facets={"year": instance.published_at.year},
        )


provider = QuestionSearchProvider()
