"""Permission matrix entries (being built): URL pattern -> Entry."""

MATRIX: dict[str, object] = {}
