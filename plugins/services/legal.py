"""Links from a procedure's legal basis to the network's legal documents.

Plugins never import each other: the legal documents plugin offers the registry
service ``legal_documents.find_document_url(symbol, portal=None, request=None)
-> str | None`` (the public URL of the published document with that
number/symbol) and this module asks the registry for it. When that plugin is
not installed, the legal basis is shown as plain text.

Whether the portal showing the procedure has legal documents switched on does
not matter: the citation points at wherever the document is published (most
often the province's portal), and the provider itself links only documents on
a portal that has the plugin on, published and public.
"""

from __future__ import annotations

import logging

from registry.plugins import registry

from .models import symbol_of

logger = logging.getLogger(__name__)

FIND_DOCUMENT_URL = "legal_documents.find_document_url"


def legal_basis_items(procedure, portal=None, request=None):
    """[(line, symbol, url or None)] for the procedure's legal basis."""
    find_document_url = registry.service(FIND_DOCUMENT_URL)
    items = []
    for line in procedure.legal_basis_lines():
        symbol = symbol_of(line)
        url = None
        if find_document_url is not None and symbol:
            try:
                url = find_document_url(symbol, portal=portal, request=request) or None
            except Exception:  # another plugin's failure must not break this page
                logger.exception("%s(%r) failed", FIND_DOCUMENT_URL, symbol)
        items.append((line, symbol, url))
    return items
