"""Security suites reuse the legal-documents fixtures (a network with document lists)."""

from tests.plugins.legal_documents.conftest import ld  # noqa: F401
