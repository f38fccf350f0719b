"""Know the signs: the definition, the groups of signs with guidance, who is at risk and what to
do, with the partnership's own contacts. For everyone signed in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.screening import catalogue


@login_required
@require_GET
def know_the_signs(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = {item.id for item in catalogue.search(query)} if query else None
    groups = [
        (group, [i for i in catalogue.in_group(group.code) if found is None or i.id in found])
        for group in catalogue.GROUPS
    ]
    context = {
        "groups": groups,
        "query": query,
        "matches": len(found) if found is not None else None,
        "relationships": catalogue.RELATIONSHIPS.values(),
    }
    return render(request, "screening/know_the_signs.html", context)
