"""Benchmark the referral's PDF: `vigil.referrals.document.referral_pdf`, no database.

Target: one referral's PDF in under 50 ms (judged on the 95th percentile).

Builds a sent referral in memory (its route and receiver, its organisation, its referrer: model
instances never saved), every field of the form answered as a DSL would (the details about
1,500 characters, the screening it carried), and renders it `--size` times after one first
render, which also loads the fonts and is reported apart: a server's worker pays that once.
Then a long referral (the details at their 10,000-character limit, in paragraphs; long answers
elsewhere), reported beside, not judged. Rendering is the whole of the download's own work;
opening the referral and its line on the access log are what every referral page costs.

Exit status: 0 when every document was a PDF of the pages expected (whether or not the target
was met), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from harness import Database, Spread, figure, profiled, verdict

if TYPE_CHECKING:  # a Django model: at run time, only once Django is set up
    from vigil.referrals.models import Referral

NAME = "referral-pdf"
TARGET_SIZE, TARGET_MS = 200, 50.0
NO_DATABASE = Database("no database", "")
PAGE = re.compile(rb"/Type /Page\b")
DETAILS = (
    "Seen twice this week getting into a silver car with an older man outside the school gates "
    "on Example Lane after school, at about 15:40. On the second occasion she said he was "
    "'a friend' who would buy her a new phone. She has had a new phone and new clothes since "
    "half term that her mother says she did not buy. "
) * 5
ANSWERS: dict[str, object] = {
    "referrer_name": "Dana Example",
    "referrer_role": "Designated safeguarding lead",
    "referrer_phone": "0161 496 0123",
    "referrer_email": "dana.example@example.org",
    "given_names": "Testchild",
    "family_name": "Example",
    "date_of_birth": "2012-05-01",
    "gender": "Female",
    "ethnicity": "White: British",
    "address": "1 Example Road\nTesttown",
    "postcode": "TE1 1ST",
    "mental_health": "Seeing the school counsellor weekly since September.",
    "school": "Example Primary School",
    "absences": "Absent four Fridays this term, each time unexplained.",
    "health_worker": "Dr Testdoctor Example, Example Road Surgery, 0161 496 0789",
    "parents_carers": "Testparent Example (mother), same address, 0161 496 0456.",
    "placement": "family",
    "basis": ["older-person", "going-missing", "money-items", "changed-behaviour"],
    "violence": "not-known",
    "details": DETAILS,
    "agencies": "Early help worker: Testworker Example, 0161 496 0321",
    "lawful_basis": "public-task",
    "parents_told": "no",
    "parents_not_told_reason": "increase-risk",
    "young_person_told": "yes",
    "young_persons_view": "She says he is her friend, that she is fine, and not to worry.",
}
SCREENING = {
    "reference": "SCR-2026-000042",
    "instrument": "cse-screening-1",
    "assessed_on": "2026-11-20",
    "computed_level": "high",
    "judged_level": "high",
    "level_label": "high risk",
    "score": None,
    "reason": "",
    "review_by": "2026-12-18",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size", type=int, default=TARGET_SIZE, help="renders timed (default: %(default)s)"
    )
    parser.add_argument(
        "--long-size",
        type=int,
        default=50,
        help="renders of the long referral timed (default: %(default)s)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the renders (stderr)")
    return parser


def _start_django(var_dir: Path) -> None:
    """Django's models and settings, without a database: nothing here opens one."""
    os.environ["VIGIL_VAR_DIR"] = str(var_dir)
    os.environ["VIGIL_ENV"] = "development"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def referral_in_memory(**answers: object) -> Referral:
    """A sent referral of a fictional child, with everything it shows; never saved."""
    from vigil.accounts.models import Organisation, Person
    from vigil.children.models import Child
    from vigil.referrals.models import Referral, Route

    mash = Organisation(name="Testshire MASH", kind="mash")
    school = Organisation(name="Example Primary School", kind="school")
    dsl = Person(username="dsl", full_name="Dana Example", job_title="Designated safeguarding lead")
    child = Child(given_names="Testchild", family_name="Example", date_of_birth=date(2012, 5, 1))
    return Referral(
        reference="REF-2026-000123",
        child=child,
        organisation=school,
        route=Route(code="mash", name="Testshire MASH", receiver=mash),
        state="sent",
        answers={**ANSWERS, **answers},
        created_by=dsl,
        sent_by=dsl,
        sent_at=datetime(2026, 11, 24, 10, 5, tzinfo=UTC),
        screening_summary=SCREENING,
    )


def _renders(referral: Referral, count: int, profile: bool) -> tuple[Spread, bytes]:
    from vigil.referrals.document import referral_pdf

    durations: list[float] = []
    document = b""
    with profiled(profile):
        for _ in range(count):
            started = perf_counter()
            document = referral_pdf(referral)
            durations.append(perf_counter() - started)
    return Spread.of(durations), document


def _pages(document: bytes) -> int:
    return len(PAGE.findall(document))


def _is_pdf(document: bytes, least_pages: int) -> bool:
    right = document.startswith(b"%PDF-") and b"%%EOF" in document[-32:]
    if right and _pages(document) >= least_pages:
        return True
    print(f"{NAME}: the document is not a PDF of {least_pages}+ pages", file=sys.stderr)
    return False


def _long_answers() -> dict[str, Any]:
    paragraph = DETAILS[:500]
    return {
        "details": "\n\n".join([DETAILS] * 8)[:10_000],
        "agencies": paragraph * 4,
        "young_persons_view": paragraph * 2,
    }


def _run(args: argparse.Namespace) -> bool:
    from vigil.referrals.document import referral_pdf

    referral = referral_in_memory()
    started = perf_counter()
    first = referral_pdf(referral)
    cold = (perf_counter() - started) * 1000
    figure(f"{NAME} first", f"1 render in {cold:.1f} ms, the fonts loaded", NO_DATABASE)
    spread, document = _renders(referral, args.size, args.profile)
    size = f"{_pages(document)} pages, {len(document) / 1024:.0f} KB"
    figure(NAME, f"a referral of {size}, {args.size:,} renders: {spread.in_ms()}", NO_DATABASE)
    long_spread, long_document = _renders(
        referral_in_memory(**_long_answers()), args.long_size, False
    )
    long_size = f"{_pages(long_document)} pages, {len(long_document) / 1024:.0f} KB"
    text = f"a referral of {long_size}, {args.long_size:,} renders: {long_spread.in_ms()}"
    figure(f"{NAME} long", text, NO_DATABASE)
    p95 = spread.p95 * 1000
    goal = f"one referral's PDF in under {TARGET_MS:g} ms, p95"
    print(f"{NAME} target ({goal}): {verdict(p95 < TARGET_MS)} (p95 {p95:.1f} ms)", flush=True)
    return _is_pdf(first, 2) and _is_pdf(document, 2) and _is_pdf(long_document, 5)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if min(args.size, args.long_size) < 1:
        _parser().error("--size and --long-size must be at least 1")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    sys.stderr.write(f"bench: no database, {os.cpu_count()} CPUs, load average {load}\n")
    var_dir = Path(tempfile.mkdtemp(prefix="vigil-bench-pdf-"))
    try:
        _start_django(var_dir)
        return 0 if _run(args) else 1
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
