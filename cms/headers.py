"""Security headers: the Content-Security-Policy per area and the Permissions-Policy.

* :class:`PortalCSPMiddleware` is django-csp's middleware choosing the policy by
  path: the admin (``CSP_ADMIN_PATH_PREFIXES``) gets ``CONTENT_SECURITY_POLICY_ADMIN``,
  everything else the strict ``CONTENT_SECURITY_POLICY``. A view's own decorator
  (``csp_update``, ``csp_replace``, ``csp_override``) still wins over both.
* :class:`PermissionsPolicyMiddleware` adds ``PERMISSIONS_POLICY`` to every response.

Both sit near the top of MIDDLEWARE, outside the page cache, so cached pages get
them on every hit too (cms.cache renews the nonce in the body).
"""

from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy, default_config
from django.conf import settings

_NONCE_PLACEHOLDER = "portal-network-csp-nonce-placeholder"


def admin_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ("/admin/",))))


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy chosen by path and the site-wide policy
    string built once per process: most responses (every page-cache hit) use it as it
    is, with only the nonce put in."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = {}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and admin_path(request.path_info):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
            if admin:
                parts.config = default_config(admin.get("DIRECTIVES", {}))
        return parts

    def process_response(self, request, response):
        parts = self.get_policy_parts(request=request, response=response)
        if (
            parts.config is not None  # the admin's policy
            or parts.update
            or parts.replace  # a view's decorator
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        excluded = request.path_info.startswith(tuple(settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES") or ()))
        if "Content-Security-Policy" not in response and not getattr(response, "_csp_exempt", False) and not excluded:
            with_nonce = parts.nonce is not None
            template = self._built.get(with_nonce)
            if template is None:
                template = self._built[with_nonce] = build_policy(nonce=_NONCE_PLACEHOLDER if with_nonce else None)
            response["Content-Security-Policy"] = template.replace(_NONCE_PLACEHOLDER, parts.nonce) if with_nonce else template
        if getattr(request, "_csp_nonce", None) is None:  # as django-csp: no nonce after the header
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
