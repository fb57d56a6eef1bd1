"""Imported only when the registry first resolves the service that points here."""


def answer() -> int:
    return 42
