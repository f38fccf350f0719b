"""`vigil referral pdf`: the referral's PDF from the command line, with the page's access
rules and the access log."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import child_in, referral_sent
from tests.referrals.test_referral_pdf import assert_marked, pages_of
from vigil.audit.models import AuditEvent
from vigil.referrals.services import referral_start

ROOT = Path(__file__).resolve().parents[2]


def pdf(*args: str, stdout: object | None = None) -> str:
    """Run the command; what it said on stderr."""
    err = StringIO()
    call_command("referral", "pdf", *args, stdout=stdout or StringIO(), stderr=err)
    return err.getvalue()


def _downloads(referral, person=None) -> int:
    events = AuditEvent.objects.filter(
        log="access", verb="referral.download", object_id=str(referral.pk)
    )
    return events.filter(actor=str(person.pk)).count() if person else events.count()


@pytest.fixture
def referral(world):
    return referral_sent(world)


def test_it_writes_the_pdf_readable_by_its_owner_only_and_logs_the_download(
    world, referral, tmp_path: Path
) -> None:
    out = tmp_path / "referral.pdf"
    said = pdf(referral.reference, "--as", "mash", "--output", str(out))
    document = out.read_bytes()
    assert document.startswith(b"%PDF")
    assert_marked(pages_of(document))
    assert referral.reference in pages_of(document)[0]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert f"Wrote {referral.reference} to {out}" in said
    assert _downloads(referral, world["mash"]) == 1


def test_a_file_already_there_is_replaced_and_made_private(referral, tmp_path: Path) -> None:
    out = tmp_path / "referral.pdf"
    out.write_bytes(b"old")
    os.chmod(out, 0o644)
    pdf(referral.reference.lower(), "--as", "dsl", "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_dash_writes_the_pdf_alone_to_standard_output(referral) -> None:
    out = BytesIO()
    said = pdf(referral.reference, "--as", "dsl", "--output", "-", stdout=out)
    assert out.getvalue().startswith(b"%PDF")
    assert out.getvalue().rstrip().endswith(b"%%EOF")
    assert said == ""


def test_someone_who_may_not_see_it_is_told_as_for_a_reference_that_does_not_exist(
    world, referral, tmp_path: Path
) -> None:
    out = tmp_path / "referral.pdf"
    with pytest.raises(CommandError) as forbidden:
        pdf(referral.reference, "--as", "otherdsl", "--output", str(out))
    with pytest.raises(CommandError) as unknown:
        pdf("REF-2099-999999", "--as", "otherdsl", "--output", str(out))
    assert str(forbidden.value) == str(unknown.value)
    assert "otherdsl" in str(forbidden.value)
    assert not out.exists()
    assert _downloads(referral) == 0


def test_staff_see_only_the_referrals_they_sent(world, tmp_path: Path) -> None:
    theirs = referral_sent(world, by=world["staff"])
    others = referral_sent(world)
    pdf(theirs.reference, "--as", "staff", "--output", str(tmp_path / "theirs.pdf"))
    with pytest.raises(CommandError):
        pdf(others.reference, "--as", "staff", "--output", str(tmp_path / "others.pdf"))


def test_an_empty_reference_never_finds_a_draft(world, tmp_path: Path) -> None:
    draft = referral_start(actor=world["dsl"], child=child_in(world.school, world["dsl"]))
    with pytest.raises(CommandError, match="No referral with that reference"):
        pdf("  ", "--as", "dsl", "--output", str(tmp_path / "draft.pdf"))
    assert _downloads(draft) == 0


def test_an_unknown_or_inactive_person_is_refused_clearly(world, referral, tmp_path) -> None:
    out = str(tmp_path / "referral.pdf")
    with pytest.raises(CommandError, match="There is nobody with the username 'nobody'"):
        pdf(referral.reference, "--as", "nobody", "--output", out)
    world["dsl"].is_active = False
    world["dsl"].save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="'dsl' is not active"):
        pdf(referral.reference, "--as", "dsl", "--output", out)
    assert _downloads(referral) == 0


def test_a_file_that_cannot_be_written_is_an_error(referral, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        pdf(referral.reference, "--as", "dsl", "--output", str(tmp_path / "no" / "such.pdf"))


def test_its_help_explains_the_rules_and_gives_an_example(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vigil.cli", "referral", "pdf", "--help"],
        env={
            **os.environ,
            "VIGIL_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: vigil referral pdf" in done.stdout
    assert "vigil referral pdf REF-2026-000123 --as dsl --output REF-2026-000123.pdf" in done.stdout
    assert "access log" in done.stdout
    assert "--settings" not in done.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "vigil.cli", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert "  referral " in listed.stdout
