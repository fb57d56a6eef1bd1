from django.utils.translation import gettext_lazy as _

from registry.plugins import Duty, Plugin, PortalMerge, StarterSection, registry

from .demo import load_demo

registry.register(
    Plugin(
        name="organisation",
        label=_("Organisation"),
        description=_(
            "The agency's organisation (Decree 42/2022/ND-CP): units with their functions and contacts, "
            "leaders and contact officials; an organisation chart, a leaders page and open data."
        ),
        default_levels=None,
        page_models=("organisation.OrganisationPage", "organisation.LeadersPage"),
        editor_models=("organisation.Unit", "organisation.Leader", "organisation.ContactOfficial"),
        api_urls="plugins.organisation.api_urls",
        api_prefix="organisation",
        load_demo=load_demo,
        services={
            "organisation.contacts": "plugins.organisation.services:contacts",
            "organisation.units": "plugins.organisation.services:units",
        },
        duties=(
            Duty(
                key="organisation.leaders",
                label=_("Leadership contacts published"),
                check="plugins.organisation.oversight:leaders_reachable",
            ),
        ),
        starter_sections=(
            StarterSection(
                key="organisation.chart",
                slug="co-cau-to-chuc",
                title="Cơ cấu tổ chức",
                title_en="Organisation",
                page_model="organisation.OrganisationPage",
                order=20,
                intro="Các đơn vị trực thuộc, chức năng, nhiệm vụ và thông tin liên hệ.",
                intro_en="Our units, their functions and how to contact them.",
            ),
            StarterSection(
                key="organisation.leaders",
                slug="lanh-dao",
                title="Lãnh đạo",
                title_en="Leadership",
                page_model="organisation.LeadersPage",
                order=30,
                intro="Lãnh đạo cơ quan và thông tin liên hệ.",
                intro_en="The agency's leaders and their contacts.",
            ),
        ),
        merge=PortalMerge(models=("organisation.Unit", "organisation.Leader", "organisation.ContactOfficial")),
    )
)
