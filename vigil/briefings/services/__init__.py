"""Every write of briefings: publishing (the administrators), reading (everyone in a
briefing's audience) and following up (an organisation's case leads)."""

from vigil.briefings.services.publishing import (
    briefing_publish,
    briefing_update,
    briefing_withdraw,
)
from vigil.briefings.services.reading import (
    NewerVersionError,
    briefing_read_confirm,
    reflection_save,
)
from vigil.briefings.services.reporting import briefing_reminders_send, read_report_export

__all__ = [
    "NewerVersionError",
    "briefing_publish",
    "briefing_read_confirm",
    "briefing_reminders_send",
    "briefing_update",
    "briefing_withdraw",
    "read_report_export",
    "reflection_save",
]
