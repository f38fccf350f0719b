"""API: the indicator catalogue, with its guidance."""

from django.http import HttpRequest
from ninja import Router, Schema

from vigil.api.errors import answers
from vigil.screening import catalogue

router = Router(tags=["signs"])


class IndicatorOut(Schema):
    id: str
    group: str
    label: str
    guidance: str
    counted: bool


@router.get("/indicators", response=answers({200: list[IndicatorOut]}))
def indicators(request: HttpRequest, q: str = "") -> list[IndicatorOut]:
    """The signs of child sexual exploitation (SCREENING.md section 1), searchable."""
    found = catalogue.search(q[:100]) if q else catalogue.INDICATORS
    return [
        IndicatorOut(id=i.id, group=i.group, label=i.label, guidance=i.guidance, counted=i.counted)
        for i in found
    ]
