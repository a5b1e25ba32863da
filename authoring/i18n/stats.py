"""Translation coverage: translated / fuzzy / untranslated per lesson and language."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from authoring.i18n.catalogue import Counts, lesson_counts, po_path, read_catalogue, total_counts
from authoring.i18n.languages import Registry

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
    """One row per lesson and language, plus one per language for the interface."""
    rows = []
    for language in registry.translated:
        lessons_po = po_path(locales_dir, language.code, "lessons")
        if lessons_po.exists():
            per_file = lesson_counts(read_catalogue(lessons_po, language))
            for location, counts in sorted(per_file.items()):
                rows.append(_row(PurePosixPath(location).parent.name, language.code, counts))
        messages_po = po_path(locales_dir, language.code, "messages")
        if messages_po.exists():
            rows.append(_row(INTERFACE, language.code, total_counts(read_catalogue(messages_po, language))))
    return rows
