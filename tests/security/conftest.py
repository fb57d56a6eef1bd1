"""Security suites reuse the legal-documents fixtures (a network with document lists)."""

from tests.plugins.legal_documents.conftest import _ld_world, ld  # noqa: F401
