"""The append-only, hash-chained log of audit events (writes) and access events (views, exports).

Events carry identifiers and verbs, never personal data, so erasing case data never breaks
the chain. Each event's seal is an HMAC over its fields and the previous seal, keyed with
VIGIL_AUDIT_KEY, which lives outside the database (see `vigil.audit.chain`).
"""

from __future__ import annotations

from django.db import models


class Log(models.TextChoices):
    AUDIT = "audit", "Audit (changes)"
    ACCESS = "access", "Access (views and exports)"


class AuditEvent(models.Model):
    seq = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    log = models.CharField(max_length=8, choices=Log.choices)
    actor = models.CharField(max_length=64)
    verb = models.CharField(max_length=64)
    object_type = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    # Canonical JSON (sorted keys, compact) of identifiers only; sealed as stored.
    details = models.TextField(default="{}")
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["actor", "seq"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["verb", "seq"]),
            models.Index(fields=["occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The end of the chain: one row, locked by every appender so that seals chain in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(name="one_audit_head", condition=models.Q(id=1))]

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
