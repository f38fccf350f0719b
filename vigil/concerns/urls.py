from django.urls import path

from vigil.concerns.views import new_child, recording, triage

app_name = "concerns"

urlpatterns = [
    path("", triage.concern_list, name="list"),
    path("new/", recording.start, name="new"),
    path("drafts/<uuid:draft_id>/emergency/", recording.emergency, name="emergency"),
    path("drafts/<uuid:draft_id>/new-child/", new_child.new_child, name="new-child"),
    path("drafts/<uuid:draft_id>/autosave/", recording.autosave, name="autosave"),
    path("drafts/<uuid:draft_id>/discard/", recording.discard, name="discard"),
    path("drafts/<uuid:draft_id>/<slug:step>/", recording.step, name="step"),
    path("<uuid:concern_id>/", triage.concern_detail, name="detail"),
    path("<uuid:concern_id>/recorded/", triage.recorded, name="recorded"),
    path("<uuid:concern_id>/decide/", triage.decide, name="decide"),
    path("<uuid:concern_id>/child/", triage.confirm_child, name="child"),
    path("<uuid:concern_id>/close/", triage.close, name="close"),
]
