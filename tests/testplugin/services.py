"""The service the test-only 'gadgets' plugin offers to other plugins (see plugin.py)."""

IMPORTED = True


def gadget_names(limit: int = 3) -> list[str]:
    return ["alpha", "beta", "gamma"][:limit]
