"""Template tags for GOV.UK pages: query strings for pagination, phone links, grouped codes."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced: `{% query_with page=2 %}`.

    A parameter given as None or "" is removed. Returns "?a=1&page=2" (or "?" when empty, which
    still links to the current path).
    """
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for name, value in changes.items():
        if value is None or value == "":
            query.pop(name, None)
        else:
            query[name] = str(value)
    return "?" + query.urlencode()


@register.simple_tag
def page_numbers(page: Page, on_each_side: int = 1, on_ends: int = 1) -> list[int | None]:
    """Page numbers to show around the current one; None where GOV.UK shows an ellipsis."""
    numbers = page.paginator.get_elided_page_range(
        page.number, on_each_side=on_each_side, on_ends=on_ends
    )
    return [number if isinstance(number, int) else None for number in numbers]


@register.filter
def startswith(value: Any, prefix: str) -> bool:
    """`{% if request.path|startswith:"/notifications/" %}`: for navigation's current item."""
    return str(value or "").startswith(prefix)


@register.filter
def tel_href(number: Any) -> str:
    """A telephone number as a tel: link target: `0113 496 0000` -> `tel:01134960000`."""
    return "tel:" + re.sub(r"[^\d+]", "", str(number or ""))


@register.filter
def group_in_fours(code: Any) -> str:
    """A secret typed by hand is easier to read in groups: `ABCDEFGH` -> `ABCD EFGH`."""
    text = re.sub(r"\s", "", str(code or ""))
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@register.filter
def in_minutes(duration: Any, default: int = 15) -> int:
    """Whole minutes (at least 1) in a timedelta; the default when there is none."""
    if not isinstance(duration, datetime.timedelta):
        return default
    return max(1, round(duration.total_seconds() / 60))


@register.simple_tag
def field_widget(field: Any, has_hint: Any = False, **attrs: Any) -> str:
    """A field's input alone, with extra attributes: `{% field_widget form.code class="w" %}`.

    `class` is added to the GOV.UK classes; underscores in names become hyphens. `has_hint`
    says the template shows a hint of its own (id `<field id>-hint`) for aria-describedby.
    """
    extra = {name.replace("_", "-"): value for name, value in attrs.items() if value}
    if has_hint:
        ids = [f"{field.auto_id}-hint"] + ([f"{field.auto_id}-error"] if field.errors else [])
        extra["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=extra)


class _CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        rendered = self.nodelist.render(context)  # already escaped: a SafeString
        context[self.name] = rendered if rendered.strip() else ""
        return ""


@register.tag
def capture(parser: Any, token: Any) -> _CaptureNode:
    """Render a part of a template into a variable, to show a wrapper only when it has content.

    `{% capture as back %}{% block back_link %}{% endblock %}{% endcapture %}`, then `{{ back }}`.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return _CaptureNode(nodelist, bits[2])


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ errors|get_item:field }}`: a dictionary's value for a key held in a variable."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
