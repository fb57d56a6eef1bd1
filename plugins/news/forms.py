from django.utils import timezone

from cms.admin_scoping import PortalScopedForm


class SyndicationDecisionForm(PortalScopedForm):
    """The province moderator's decision on an offered article."""

    def save(self, commit=True):
        instance = super().save(commit=False)
        if "status" in self.changed_data or instance.decided_at is None:
            instance.decided_by = self.for_user
            instance.decided_at = timezone.now()
        if commit:
            instance.save()
        return instance
