"""The network's own admin hooks: Wagtail's users admin scoped to the portals a
portal administrator manages (the user model's permission policy, the users
viewset and its bulk actions: sites.staff_admin). The portals' settings screens
and the network report build on the framework's scoping: cms.network_admin."""

from sites import staff_admin  # noqa: F401
