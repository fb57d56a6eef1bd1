"""Links from a procedure's legal basis to the network's legal documents.

Plugins never import each other. The legal documents plugin may offer, in its
``Plugin.extra`` dict, the documented hook::

    extra["find_document_url"](symbol: str) -> str | None

returning the URL of the document whose number/symbol is ``symbol`` (e.g.
"60/2014/QH13"), or None. When that plugin or hook is missing, the legal basis
is shown as plain text.
"""

from __future__ import annotations

import logging

from cms.plugins import registry

from .models import symbol_of

logger = logging.getLogger(__name__)


def find_document_url_hook():
    plugin = registry.get("legal_documents")
    hook = (plugin.extra or {}).get("find_document_url") if plugin is not None else None
    return hook if callable(hook) else None


def legal_basis_items(procedure, portal=None):
    """[(line, symbol, url or None)] for the procedure's legal basis."""
    hook = None
    if portal is None or portal.has_plugin("legal_documents"):
        hook = find_document_url_hook()
    items = []
    for line in procedure.legal_basis_lines():
        symbol = symbol_of(line)
        url = None
        if hook is not None and symbol:
            try:
                url = hook(symbol) or None
            except Exception:  # another plugin's failure must not break this page
                logger.exception("find_document_url(%r) failed", symbol)
        items.append((line, symbol, url))
    return items
