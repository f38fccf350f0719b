"""The demo's CSE screenings: for children whose concern the DSL decided to screen, through the
same services as the pages (suggested signs confirmed, the level computed, a judgement
recorded). Most agree with the computed level; one judgement below it awaits a manager's
sign-off; one child was screened before and has been screened again, so their file charts it.
Called by the demo's loader after the concerns (vigil/concerns/demo.py)."""

from __future__ import annotations

from vigil.accounts.models import Membership, Role
from vigil.concerns.models import Concern, DecisionKind
from vigil.screening import selectors, services
from vigil.screening.models import Level, Screening, State

SIGN_OFF_SCHOOL = "Ashgrove Academy"
JUDGED_LOWER = (
    "The adult has been identified and the police are involved; {name} is engaging well with "
    "the safety plan agreed with the family this week."
)


def _screen(concern: Concern, *, lower: bool = False) -> Screening:
    child = concern.child
    lead = (
        Membership.objects.filter(
            organisation_id=child.organisation_id, role=Role.DSL, ended_at__isnull=True
        )
        .select_related("person")
        .first()
    )
    if lead is None:
        raise RuntimeError(f"{child.organisation_id}: a demo school without a DSL")
    dsl = lead.person
    screening = services.screening_start(actor=dsl, child=child)
    picks = [
        (s.indicator.id, s.observed_on, s.entry_id) for s in selectors.suggestions_for(screening)
    ]
    if picks:
        services.observations_confirm(
            actor=dsl, screening=screening, version=screening.version, picks=picks
        )
        screening.refresh_from_db()
    services.screening_compute(
        actor=dsl, screening=screening, version=screening.version, immediate_risk=False
    )
    computed = Level(screening.computed_level)
    if lower and computed in (Level.MEDIUM, Level.HIGH):
        level = Level.LOW if computed == Level.MEDIUM else Level.MEDIUM
        reason = JUDGED_LOWER.format(name=child.given_names)
    else:
        level, reason = computed, ""
    services.screening_judge(
        actor=dsl, screening=screening, version=screening.version, level=level, reason=reason
    )
    return screening


def screenings_load() -> None:
    to_screen = Concern.objects.filter(decisions__kind=DecisionKind.SCREENING).select_related(
        "child", "organisation"
    )
    concerns = list(to_screen.order_by("reference")[:12])
    awaiting = False
    for concern in concerns:
        # One judgement below the computed level, at the school whose headteacher (`manager`)
        # signs it off in the README's journey.
        lower = not awaiting and concern.organisation.name == SIGN_OFF_SCHOOL
        awaiting = _screen(concern, lower=lower).state == State.AWAITING_SIGN_OFF or awaiting
    if concerns:
        _screen(concerns[0])  # screened again: the file charts both
