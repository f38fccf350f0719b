"""Every write about missing episodes: the episode and the return, the return home interview,
the repeated-episode flag and its rule."""

from vigil.missing.services.episodes import episode_record, episode_return
from vigil.missing.services.flags import missing_settings_update
from vigil.missing.services.interviews import interview_concern_start, interview_record

__all__ = [
    "episode_record",
    "episode_return",
    "interview_concern_start",
    "interview_record",
    "missing_settings_update",
]
