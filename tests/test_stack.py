"""The one-way stack, checked on the code itself so that no change can slip back:

    lib <- committees <- outbox <- {plans, reminders, approvals} <- {reports, inspections} <- congresses <- {demo, api}
    <- mttq_portal

(reports and inspections never use each other; congresses reads both and drives the approval chain.)

A package may use only the packages listed for it in ALLOWED: in its Python imports (at any depth,
inside functions too), in the URL names its templates link to, and in the ORM reverse relations
(``plan.duties``, ``duties__committees``) that a higher app's model adds to one of its models."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BELOW_REPORTS = {"lib", "committees", "outbox", "plans", "reminders", "approvals"}
ALLOWED = {
    "lib": set(),
    "committees": {"lib"},
    "outbox": {"lib", "committees"},
    "plans": {"lib", "committees"},
    "reminders": {"lib", "committees", "outbox"},
    "approvals": {"lib", "committees", "outbox"},
    "reports": BELOW_REPORTS,
    "inspections": BELOW_REPORTS,
    "congresses": BELOW_REPORTS | {"reports", "inspections"},
    "demo": BELOW_REPORTS | {"reports", "inspections", "congresses"},
    # the JSON API reads every app through its selectors and access rules; nothing uses it
    "api": BELOW_REPORTS | {"reports", "inspections", "congresses"},
}
PACKAGES = set(ALLOWED) | {"mttq_portal"}


def python_files(package: str):
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def imported_packages(path: Path) -> set[str]:
    return packages_imported_by(path.read_text(), ".".join(path.relative_to(ROOT).with_suffix("").parts))


def packages_imported_by(source: str, module: str) -> set[str]:
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".")[: -node.level]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "include",
        ):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value.split(".")[0])
    return found & PACKAGES


def test_the_stack_lists_every_application_package():
    from django.conf import settings

    ours = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert ours <= PACKAGES, f"add {ours - PACKAGES} to ALLOWED in tests/test_stack.py"
    assert (ROOT / "lib").is_dir() and not (ROOT / "lib" / "models.py").exists(), "lib/ holds no models"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_python_imports_only_go_down_the_stack(package):
    wrong = {}
    for path in python_files(package):
        bad = imported_packages(path) - ALLOWED[package] - {package}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}, f"{package} may import only {sorted(ALLOWED[package])}"


def _url_owners() -> dict[str, str]:
    """URL name -> the package whose view serves it."""
    from django.urls import URLPattern, URLResolver, get_resolver

    owners = {}

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name:
                owners.setdefault(p.name, p.callback.__module__.split(".")[0])

    walk(get_resolver().url_patterns)
    return owners


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_templates_link_only_to_urls_down_the_stack(package):
    owners = _url_owners()
    folder = ROOT / "templates" / package
    wrong = []
    for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
        for name in re.findall(r"{%\s*url\s+['\"]([\w:-]+)['\"]", path.read_text()):
            owner = owners.get(name)
            if owner in PACKAGES and owner != package and owner not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)}: {name} ({owner})")
    assert wrong == []


def _reverse_relations_from_above(package: str) -> set[str]:
    """Names a higher package's models add to this package's models (accessors and query names)."""
    from django.apps import apps

    names = set()
    for model in apps.get_models():
        if model.__module__.split(".")[0] != package:
            continue
        for rel in model._meta.related_objects:
            owner = rel.related_model.__module__.split(".")[0]
            if owner in PACKAGES and owner != package and owner not in ALLOWED[package]:
                names.add(rel.get_accessor_name())
                names.add(rel.field.related_query_name())
    return names - {None, "+"}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_reverse_relation_to_a_higher_app_is_followed(package):
    names = _reverse_relations_from_above(package)
    if not names:
        return
    alternatives = "|".join(map(re.escape, sorted(names)))
    pattern = re.compile(rf"\.({alternatives})\b|\b({alternatives})__\w")
    wrong = []
    files = python_files(package) + sorted((ROOT / "templates" / package).rglob("*.html"))
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code):
                wrong.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert wrong == [], f"{package} follows relations that {sorted(names)} belong to higher apps"


def test_the_stack_test_would_catch_an_upward_import(tmp_path, monkeypatch):
    """The checker itself: a plans module importing reports is found."""
    fake = ROOT / "plans" / "_stack_probe.py"
    fake.write_text("def f():\n    from reports.models import Submission\n    return Submission\n")
    try:
        assert imported_packages(fake) == {"reports"}
    finally:
        fake.unlink()
