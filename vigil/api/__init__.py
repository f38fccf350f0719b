"""The JSON API under /api/v1/: the same services, selectors and access rules as the pages."""
