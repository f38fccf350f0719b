"""The house rules of ARCHITECTURE.md, checked on the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIGIL = ROOT / "vigil"
PURE_MODULES = [
    VIGIL / "core" / "calendar.py",
    VIGIL / "core" / "clocks.py",
    VIGIL / "core" / "clock_contract.py",
    VIGIL / "core" / "json_documents.py",
    VIGIL / "audit" / "chain.py",
    VIGIL / "screening" / "catalogue.py",
    *sorted((VIGIL / "screening" / "instruments").glob("*.py")),
    VIGIL / "screening" / "evaluation.py",
    VIGIL / "screening" / "contract.py",
    VIGIL / "screening" / "wording.py",
    VIGIL / "screening" / "chart.py",
    VIGIL / "concerns" / "recording.py",
    VIGIL / "concerns" / "language.py",
    VIGIL / "referrals" / "workflow.py",
    VIGIL / "referrals" / "form.py",
    VIGIL / "referrals" / "form_choices.py",
    VIGIL / "referrals" / "routes.py",
    VIGIL / "attendance" / "codes.py",
    VIGIL / "attendance" / "pupil_numbers.py",
    VIGIL / "attendance" / "parsing.py",
    VIGIL / "attendance" / "patterns.py",
]
# The one module allowed to listen to signals: sign-in belongs to django-allauth and
# django-axes, and their signals are how they tell us about it (see its docstring).
SIGNAL_LISTENER = VIGIL / "accounts" / "auth_events.py"


def python_files() -> list[Path]:
    return [p for p in VIGIL.rglob("*.py") if "migrations" not in p.parts]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pure_rule_modules_import_only_the_standard_library_and_each_other() -> None:
    import sys

    allowed_local = {
        "vigil.core.calendar",
        "vigil.core.clocks",
        "vigil.core.json_documents",
        "vigil.audit.chain",
        "vigil.screening.catalogue",
        "vigil.screening.instruments",
        "vigil.screening.evaluation",
        "vigil.referrals.form_choices",
        "vigil.attendance.codes",
        "vigil.attendance.pupil_numbers",
    }
    # Instruments are data modules of this package, each one pure.
    instrument_modules = "vigil.screening.instruments."
    for path in PURE_MODULES:
        for name in imported_modules(path):
            top = name.split(".")[0]
            allowed = name in allowed_local or name.startswith(instrument_modules)
            assert allowed or top in sys.stdlib_module_names or top == "__future__", (
                f"{path.relative_to(ROOT)} imports {name}: pure rule modules use the standard library only"
            )


def _connects_signals(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    if "post_save" in text or "@receiver" in text:
        return True
    calls = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call)]
    return any(
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "connect"
        and ast.unparse(call.func.value) != "auth_events"  # the app starting the listener
        for call in calls
    )


def test_no_signals_for_business_logic() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files()
        if _connects_signals(p) and p != SIGNAL_LISTENER
    ]
    assert offenders == []


CASE_WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def _writes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CASE_WRITES
        ):
            target = ast.unparse(node.func.value)
            # A form's cleaned-data dict and Django's own test objects are not models.
            if target.endswith(
                ("cleaned_data", "context", "headers", "kwargs", "data", "fields", "attrs")
            ):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node.func)}")
    return found


def test_views_and_api_endpoints_do_not_write_models() -> None:
    adapters = [
        p for p in python_files() if p.name in {"views.py", "api.py", "admin_views.py", "forms.py"}
    ]
    assert adapters, "no views found: has the layout changed?"
    offenders = [write for path in adapters for write in _writes(path)]
    assert offenders == [], "views call services to write: " + ", ".join(offenders)


def test_every_service_takes_keyword_arguments_and_an_actor() -> None:
    """`<noun>_<verb>(*, actor, ...)`: the public writes in services modules."""
    # The tick and the bootstrap act as the system itself; the other two are pure helpers.
    exempt = {"clock_rules_clean", "email_address_set", "partnership_bootstrap", "clocks_tick"}
    problems = []
    modules = [*VIGIL.rglob("services*.py"), *VIGIL.rglob("services/*.py")]
    for path in modules:
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and node.name not in exempt
            ):
                arguments = node.args
                keyword_only = [a.arg for a in arguments.kwonlyargs]
                if arguments.args or (
                    "actor" not in keyword_only
                    and not node.name.startswith(("audit_", "access_", "notification"))
                ):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert problems == []


def test_urls_carry_no_sequential_ids() -> None:
    from tests.architecture.test_permission_matrix import url_patterns

    ours = [route for route, _ in url_patterns() if not route.startswith("accounts/")]
    assert [route for route in ours if "<int:" in route] == []


def test_modules_stay_readable() -> None:
    long = [
        f"{p.relative_to(ROOT)} ({n} lines)"
        for p in python_files()
        if (n := p.read_text().count("\n")) > 400
    ]
    assert long == [], "a module past 400 lines has found a second responsibility"
