"""Who may record and see missing episodes, on the one resolver of `vigil/accounts/policy.py`.

Recording: anyone who may record a concern at the child's organisation (staff pick the child
as they do for a concern). Seeing: an episode is part of the child's whole file, so the file's
readers see it (its case leads, or someone who opened it by break-glass); a member of staff
sees the episodes they recorded, as they see their own concerns (PROCESS.md's table). Shares
name chronology entries, never episodes: an organisation a file was shared with sees the
shared entries only. The return home interview is recorded by the child's organisation's case
leads, who hold its clock. A repeated-episode flag raised to the MASH is seen by its MASH
practitioners and managers too.
"""

from __future__ import annotations

from vigil.accounts import policy
from vigil.accounts.models import Person, Role
from vigil.children import policy as child_policy
from vigil.children.models import Child
from vigil.missing import rules
from vigil.missing.models import Episode, RepeatFlag, ReturnInterview

KIND = "missing-episode"
FLAG_KIND = "missing-flag"


def can_record_for(actor: Person | None, child: Child) -> bool:
    return child_policy.can_record_at(actor, child.organisation_id)


def reads_whole_file(
    actor: Person | None, child: Child, relation: policy.Relationship | None = None
) -> bool:
    """The child's case leads, or someone who opened the file by break-glass."""
    relation = relation or child_policy.standing(actor, child)
    if relation is policy.Relationship.SHARED:
        return False
    return child_policy.can_view_file(actor, child, relation)


def can_view(actor: Person | None, episode: Episode) -> bool:
    child = episode.child
    relation = child_policy.standing(actor, child)
    if reads_whole_file(actor, child, relation):
        return True
    held = policy.roles_at(actor, child.organisation_id)
    return (
        relation is policy.Relationship.OWN
        and actor is not None
        and Role.STAFF in held
        and episode.recorded_by_id == actor.pk
    )


def can_record_return(actor: Person | None, episode: Episode) -> bool:
    """Until the return is recorded: whoever may see the episode and record at its
    organisation (the person who recorded it, or a case lead)."""
    return (
        not episode.returned
        and child_policy.can_record_at(actor, episode.organisation_id)
        and can_view(actor, episode)
    )


def leads_on(actor: Person | None, episode: Episode) -> bool:
    """The case leads of the child's organisation (DSLs, deputies, managers)."""
    return bool(policy.roles_at(actor, episode.organisation_id) & policy.CASE_LEADS)


def can_record_interview(actor: Person | None, episode: Episode) -> bool:
    """After the return, until the interview is held: the child's organisation's case leads."""
    return (
        episode.returned
        and bool(rules.NEXT.get(episode.interview))
        and leads_on(actor, episode)
        and can_view(actor, episode)
    )


def can_start_concern(actor: Person | None, interview: ReturnInterview) -> bool:
    """A disclosure at the interview starts a concern: whoever may see the episode and record
    at its organisation."""
    episode = interview.episode
    return (
        bool(interview.disclosures)
        and child_policy.can_record_at(actor, episode.organisation_id)
        and can_view(actor, episode)
    )


def can_view_flag(actor: Person | None, flag: RepeatFlag) -> bool:
    """The child's case leads (or break-glass); and the MASH it was raised to, if it was."""
    if flag.mash_id and policy.roles_at(actor, flag.mash_id) & policy.RECEIVERS:
        return True
    return reads_whole_file(actor, flag.child)


def can_configure(actor: Person | None) -> bool:
    """The repeated-episode rule is the partnership's configuration."""
    return policy.is_partnership_admin(actor)
