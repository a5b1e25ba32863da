"""Translation coverage: translated / fuzzy / untranslated per lesson and language."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from lesson_toolkit.authoring.i18n.catalogue import Counts, lesson_counts, po_path, read_catalogue, total_counts
from lesson_toolkit.authoring.i18n.languages import INTERFACE_DOMAIN, LESSONS_DOMAIN, Registry

INTERFACE = "(interface)"


def _row(lesson: str, lang: str, counts: Counts) -> dict:
    return {
        "lesson": lesson,
        "lang": lang,
        "translated": counts.translated,
        "fuzzy": counts.fuzzy,
        "untranslated": counts.untranslated,
        "total": counts.total,
        "percent": round(counts.percent, 1),
    }


def catalogue_stats(locales_dir: Path, registry: Registry) -> list[dict]:
    """One row per lesson and language, plus one per language for the interface.

    Each domain counts its own targets: lessons are Vietnamese (so `en` has a lessons catalogue
    and `vi` none), the interface English (so `vi` has an interface catalogue and `en` none)."""
    rows = []
    lesson_targets, interface_targets = (
        {language.code for language in registry.targets(domain)} for domain in (LESSONS_DOMAIN, INTERFACE_DOMAIN)
    )
    for language in registry:
        lessons_po = po_path(locales_dir, language.code, LESSONS_DOMAIN)
        if language.code in lesson_targets and lessons_po.exists():
            per_file = lesson_counts(read_catalogue(lessons_po, language))
            for location, counts in sorted(per_file.items()):
                rows.append(_row(PurePosixPath(location).parent.name, language.code, counts))
        messages_po = po_path(locales_dir, language.code, INTERFACE_DOMAIN)
        if language.code in interface_targets and messages_po.exists():
            rows.append(_row(INTERFACE, language.code, total_counts(read_catalogue(messages_po, language))))
    return rows
