"""Security headers: the Content-Security-Policy per area and the Permissions-Policy.

* :class:`PortalCSPMiddleware` is django-csp's middleware choosing the policy by
  path: the admin (``CSP_ADMIN_PATH_PREFIXES``) gets ``CONTENT_SECURITY_POLICY_ADMIN``,
  everything else the strict ``CONTENT_SECURITY_POLICY``. A view's own decorator
  (``csp_update``, ``csp_replace``, ``csp_override``) still wins over both.
* :class:`PermissionsPolicyMiddleware` adds ``PERMISSIONS_POLICY`` to every response.

Both sit near the top of MIDDLEWARE, outside the page cache, so cached pages get
them on every hit too (cms.cache renews the nonce in the body).
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


def admin_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",))))


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and admin_path(request.path_info):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
            if admin:
                parts.config = default_config(admin.get("DIRECTIVES", {}))
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
