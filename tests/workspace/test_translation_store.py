"""The translation store: saves under a lock, conflicts instead of lost updates, honest drafts,
offline PO files and worksheets."""

from __future__ import annotations

import threading

import pytest

from lesson_toolkit.authoring.core.lesson import read_lesson
from lesson_toolkit.authoring.core.render import load_translations
from lesson_toolkit.authoring.core.segmenter import segment
from lesson_toolkit.authoring.i18n.catalogue import CatalogueError, po_path, read_catalogue
from lesson_toolkit.authoring.workspace import translation_store as store_module
from lesson_toolkit.authoring.workspace.translation_store import (
    Conflict,
    Edit,
    Saved,
    TranslationError,
    export_lesson,
    lesson_entries,
    merge_upload,
    save_entries,
    save_entry,
    state_token,
    survey,
    untouched,
    word_diff,
)
from tests.workspace.support import FIRST_STEP, NEED, SLUG, STEPS, add_to_catalogues, registry


@pytest.fixture
def store(content, lesson):
    reg = registry(content)
    return content / "locales", reg


def entry(locales, language, msgid, context=None):
    return next(e for e in lesson_entries(locales, language, SLUG) if e.key == (context, msgid))


def test_a_lesson_lists_its_own_messages_in_reading_order(store):
    locales, reg = store
    order = [seg.key for seg in segment(read_lesson(locales.parent / "lessons" / SLUG / "lesson.md"))]
    entries = lesson_entries(locales, reg["en"], SLUG, order)
    assert [e.key for e in entries] == order
    assert [e.msgid for e in entries][:3] == ["Scan to pay", "Pay by QR code.", NEED]
    assert entries[0].context == "lesson title"
    assert all(e.status == "untranslated" and SLUG in e.lessons for e in entries)
    alt = next(e for e in entries if e.context == "picture description")
    assert alt.comments == ("picture: images/step-1.png",)


def test_a_saved_translation_is_compiled_and_shown_to_learners_at_once(store):
    locales, reg = store
    en = reg["en"]
    before = entry(locales, en, FIRST_STEP)
    result = save_entry(
        locales, en, SLUG, before.key, " Open  the app, then tap `Scan QR`. ", before.token, may_approve=True
    )
    assert isinstance(result, Saved) and result.change is not None
    assert result.change.old == "" and result.change.new == "Open the app, then tap `Scan QR`."
    assert result.entry.status == "translated"
    assert load_translations(locales, en).table[(None, FIRST_STEP)] == "Open the app, then tap `Scan QR`."
    mo = po_path(locales, "en", "lessons").with_suffix(".mo")
    assert b"then tap" in mo.read_bytes()
    # saving the same again changes nothing
    again = save_entry(
        locales, en, SLUG, before.key, "Open the app, then tap `Scan QR`.", before.token, may_approve=True
    )
    assert isinstance(again, Saved) and again.change is None


def test_decomposed_input_is_saved_as_nfc(store):
    locales, reg = store
    before = entry(locales, reg["en"], STEPS)
    save_entry(locales, reg["en"], SLUG, before.key, "Re\u0301sume\u0301 of the steps", before.token, may_approve=True)
    assert entry(locales, reg["en"], STEPS).string == "Résumé of the steps"


def test_a_translation_that_breaks_the_markup_is_refused_and_nothing_changes(store):
    locales, reg = store
    po = po_path(locales, "en", "lessons")
    original = po.read_bytes()
    before = entry(locales, reg["en"], FIRST_STEP)
    with pytest.raises(TranslationError) as refused:
        save_entry(
            locales, reg["en"], SLUG, before.key, "Open the app and tap Scan QR.", before.token, may_approve=True
        )
    assert refused.value.problems == ["code span `Scan QR` is missing or changed"]
    link = next(e for e in lesson_entries(locales, reg["en"], SLUG) if "bank app" in e.msgid)
    with pytest.raises(TranslationError, match="link target 'https://evil.example' is not in the source"):
        save_entry(locales, reg["en"], SLUG, link.key, "[app](https://evil.example)", link.token, may_approve=True)
    assert po.read_bytes() == original


def test_two_translators_saving_the_same_entry_get_a_conflict_not_an_overwrite(store):
    locales, reg = store
    en = reg["en"]
    loaded = entry(locales, en, STEPS)  # both open the page
    first = save_entry(locales, en, SLUG, loaded.key, "The steps", loaded.token, may_approve=True)
    assert isinstance(first, Saved)
    second = save_entry(locales, en, SLUG, loaded.key, "Step by step", loaded.token, may_approve=True)
    assert isinstance(second, Conflict)
    assert second.theirs.string == "The steps" and second.yours == "Step by step"
    assert entry(locales, en, STEPS).string == "The steps"
    # choosing "mine" after seeing theirs names their version as the base
    third = save_entry(locales, en, SLUG, loaded.key, "Step by step", second.theirs.token, may_approve=True)
    assert isinstance(third, Saved) and entry(locales, en, STEPS).string == "Step by step"


def test_many_boxes_are_saved_at_once_each_with_its_own_outcome(store, monkeypatch):
    locales, reg = store
    en = reg["en"]
    need, steps, step = (entry(locales, en, msgid) for msgid in (NEED, STEPS, FIRST_STEP))
    save_entry(locales, en, SLUG, steps.key, "The steps", steps.token, may_approve=True)  # someone else, meanwhile
    writes = []
    monkeypatch.setattr(store_module, "compile_catalogue", lambda *args: writes.append(args))
    outcomes = save_entries(
        locales,
        en,
        SLUG,
        [
            Edit(need.key, "What you  need", need.token),
            Edit(steps.key, "Step by step", steps.token),  # loaded before their save: a conflict
            Edit(step.key, "Tap Scan QR.", step.token),  # the code span is lost
            Edit(("lesson title", "Not in this lesson"), "x", "0" * 12),
        ],
        may_approve=True,
    )
    assert list(outcomes) == [need.key, steps.key, step.key, ("lesson title", "Not in this lesson")]
    saved, conflict, broken, gone = outcomes.values()
    assert isinstance(saved, Saved) and saved.change and saved.entry.string == "What you need"
    assert isinstance(conflict, Conflict) and (conflict.theirs.string, conflict.yours) == ("The steps", "Step by step")
    assert isinstance(broken, TranslationError) and broken.problems == ["code span `Scan QR` is missing or changed"]
    assert isinstance(gone, TranslationError) and "no longer in the lesson" in gone.message
    assert len(writes) == 1  # one write and one compile for the whole form
    assert [entry(locales, en, msgid).string for msgid in (NEED, STEPS, FIRST_STEP)] == [
        "What you need",
        "The steps",
        "",
    ]
    # nothing changed: nothing written
    again = save_entries(locales, en, SLUG, [Edit(need.key, "What you need", need.token)], may_approve=True)
    assert again[need.key] == Saved(entry(locales, en, NEED), None) and len(writes) == 1


def test_a_box_left_as_loaded_is_untouched():
    loaded = state_token("The steps", True)
    assert untouched(" The  steps ", loaded, None) and untouched("The steps", loaded, True)
    assert not untouched("The steps", loaded, False)  # the draft tick was taken off: approve it
    assert not untouched("Step by step", loaded, None)
    assert untouched("", state_token("", False), None)


def test_twenty_translators_saving_different_entries_at_once_lose_nothing(store, content, write_lesson):
    locales, reg = store
    en = reg["en"]
    body = "\n".join(f"- Item number {n} of the list" for n in range(20)) + "\n"
    write_lesson("many-items", body=body)
    add_to_catalogues(content, "many-items")
    entries = [e for e in lesson_entries(locales, en, "many-items") if e.msgid.startswith("Item number")]
    assert len(entries) == 20
    barrier = threading.Barrier(len(entries))
    results, errors = [], []

    def translate(e):
        try:
            barrier.wait()
            text = e.msgid.replace("Item number", "Entry no.").replace(" of the list", " in the list")
            results.append(save_entry(locales, en, "many-items", e.key, text, e.token, may_approve=True))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=translate, args=(e,)) for e in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(isinstance(r, Saved) and r.change for r in results) and len(results) == 20
    saved = {e.msgid: e.string for e in lesson_entries(locales, en, "many-items")}
    for n in range(20):
        assert saved[f"Item number {n} of the list"] == f"Entry no. {n} in the list"
    table = load_translations(locales, en).table  # and all of them are in the compiled view too
    assert sum(1 for (_, msgid) in table if msgid.startswith("Item number")) == 20


def test_tay_and_dao_saved_by_an_unreviewed_translator_stay_drafts(store):
    locales, reg = store
    for code in ("tyz", "ium"):
        language = reg[code]
        before = entry(locales, language, STEPS)
        result = save_entry(locales, language, SLUG, before.key, f"{STEPS} in {code}", before.token, may_approve=False)
        assert result.entry.fuzzy and result.entry.status == "fuzzy"
        assert (None, STEPS) not in load_translations(locales, language).table  # learners get Vietnamese
        # a reviewed native speaker approves the same text: now it is published
        approved = save_entry(
            locales, language, SLUG, before.key, f"{STEPS} in {code}", result.entry.token, may_approve=True
        )
        assert approved.change and approved.change.detail == "fuzzy → translated"
        assert load_translations(locales, language).table[(None, STEPS)] == f"{STEPS} in {code}"
        # and an unreviewed translator saving the same text again does not demote it
        same = save_entry(
            locales, language, SLUG, before.key, f"{STEPS} in {code}", approved.entry.token, may_approve=False
        )
        assert same.change is None and not same.entry.fuzzy


def test_a_reviewer_may_keep_a_translation_as_draft(store):
    locales, reg = store
    before = entry(locales, reg["en"], STEPS)
    result = save_entry(locales, reg["en"], SLUG, before.key, "The steps", before.token, may_approve=True, draft=True)
    assert result.entry.fuzzy


def test_a_fuzzy_entry_shows_what_changed_in_the_source(store):
    locales, reg = store
    en = reg["en"]
    path = po_path(locales, "en", "lessons")
    text = path.read_text("utf-8").replace(
        'msgid "Check the amount on the screen."\nmsgstr ""',
        '#, fuzzy\n#| msgid "Check the amount."\nmsgid "Check the amount on the screen."\nmsgstr "Check the sum."',
    )
    path.write_text(text, "utf-8")
    changed = entry(locales, en, "Check the amount on the screen.")
    assert changed.status == "fuzzy" and changed.previous == "Check the amount."
    assert word_diff(changed.previous, changed.msgid) == [
        ("same", "Check the "),
        ("removed", "amount."),
        ("added", "amount on the screen."),
    ]
    # saving it unchanged, by someone who may not approve it, keeps what changed for the reviewer
    kept = save_entry(locales, en, SLUG, changed.key, "Check the sum.", changed.token, may_approve=False)
    assert kept.change is None and kept.entry.previous == "Check the amount." and kept.entry.fuzzy
    saved = save_entry(locales, en, SLUG, changed.key, "Check the sum on the screen.", changed.token, may_approve=True)
    assert saved.entry.previous is None and saved.entry.status == "translated"


def test_word_diff_keeps_every_word():
    old, new = "Tap the green button and wait", "Tap the blue button, then wait"
    parts = word_diff(old, new)
    assert "".join(t for kind, t in parts if kind != "added") == old
    assert "".join(t for kind, t in parts if kind != "removed") == new
    assert ("removed", "green") in parts and ("added", "blue") in parts


def test_the_downloaded_po_file_holds_only_this_lesson(store):
    locales, reg = store
    data = export_lesson(locales, reg["tyz"], SLUG)
    text = data.decode()
    assert "Plural-Forms: nplurals=1; plural=0;" in text and "Language: tyz" in text
    assert "X-Lesson-Toolkit-Base: " in text
    ids = [m.id for m in read_catalogue_bytes(data, reg["tyz"]) if m.id]
    assert ids == [e.msgid for e in lesson_entries(locales, reg["tyz"], SLUG)]


def read_catalogue_bytes(data, language):
    from pathlib import Path

    from lesson_toolkit.authoring.i18n.catalogue import parse_po

    return parse_po(data, Path("download.po"), language)


def fill(data: bytes, msgid: str, translation: str) -> bytes:
    needle = f'msgid "{msgid}"\nmsgstr ""'.encode()
    assert needle in data
    return data.replace(needle, f'msgid "{msgid}"\nmsgstr "{translation}"'.encode())


def test_an_uploaded_po_file_is_merged_entry_by_entry(store):
    locales, reg = store
    en = reg["en"]
    downloaded = export_lesson(locales, en, SLUG)
    # meanwhile, someone else translates the steps heading online
    steps = entry(locales, en, STEPS)
    save_entry(locales, en, SLUG, steps.key, "The steps", steps.token, may_approve=True)
    offline = fill(downloaded, NEED, "What you need")
    offline = fill(offline, STEPS, "Step by step")
    offline = fill(offline, FIRST_STEP.replace("`", "`"), "Open the app")  # drops the code span
    report = merge_upload(locales, en, SLUG, offline, "trainer-test.en.po", may_approve=True)
    assert [c.msgid for c in report.changes] == [NEED]
    assert [(c.theirs.string, c.yours) for c in report.conflicts] == [("The steps", "Step by step")]
    assert report.rejected == [((None, FIRST_STEP), ["code span `Scan QR` is missing or changed"])]
    assert entry(locales, en, NEED).string == "What you need"
    assert entry(locales, en, STEPS).string == "The steps"
    # uploading the same file again changes nothing more
    again = merge_upload(locales, en, SLUG, offline, "trainer-test.en.po", may_approve=True)
    assert not again.changes and len(again.conflicts) == 1


def test_an_upload_by_an_unreviewed_translator_into_tay_comes_back_as_a_proposal(store):
    locales, reg = store
    tyz = reg["tyz"]
    before = (locales / "tyz" / "LC_MESSAGES" / "lessons.po").read_bytes()
    offline = fill(export_lesson(locales, tyz, SLUG), STEPS, "[tyz test] text")
    report = merge_upload(locales, tyz, SLUG, offline, "x.po", may_approve=False)
    assert not report.changes and [(e.msgid, text) for e, text in report.proposed] == [(STEPS, "[tyz test] text")]
    assert (locales / "tyz" / "LC_MESSAGES" / "lessons.po").read_bytes() == before  # the caller stores suggestions


def test_a_file_made_elsewhere_may_fill_only_empty_entries(store):
    locales, reg = store
    en = reg["en"]
    steps = entry(locales, en, STEPS)
    save_entry(locales, en, SLUG, steps.key, "The steps", steps.token, may_approve=True)
    po = (
        'msgid ""\nmsgstr "Language: en\\n"\n\n'
        f'msgid "{STEPS}"\nmsgstr "Step by step"\n\n'
        f'msgid "{NEED}"\nmsgstr "What you need"\n\n'
        'msgid "Not in this lesson"\nmsgstr "No"\n'
    ).encode()
    report = merge_upload(locales, en, SLUG, po, "mine.po", may_approve=True)
    assert [c.msgid for c in report.changes] == [NEED]
    assert [c.yours for c in report.conflicts] == ["Step by step"]
    assert report.ignored == [(None, "Not in this lesson")]


def test_a_malformed_upload_is_rejected_with_its_line_and_nothing_changes(store):
    locales, reg = store
    po = po_path(locales, "en", "lessons")
    original = po.read_bytes()
    broken = fill(export_lesson(locales, reg["en"], SLUG), STEPS, "The steps") + b'\nmsgid "unterminated\n'
    line = broken.decode().count("\n")
    with pytest.raises(CatalogueError) as rejected:
        merge_upload(locales, reg["en"], SLUG, broken, "broken.po", may_approve=True)
    assert rejected.value.line == line and "broken.po" in str(rejected.value)
    assert po.read_bytes() == original


def test_a_file_for_another_language_is_rejected(store):
    locales, reg = store
    with pytest.raises(TranslationError, match="for the language 'tyz'"):
        merge_upload(locales, reg["en"], SLUG, export_lesson(locales, reg["tyz"], SLUG), "t.po", may_approve=True)


def keys(locales):
    """The test lesson's messages, in reading order."""
    return [seg.key for seg in segment(read_lesson(locales.parent / "lessons" / SLUG / "lesson.md"))]


def test_coverage_counts_each_lesson_and_language(store):
    locales, reg = store
    steps = entry(locales, reg["en"], STEPS)
    save_entry(locales, reg["en"], SLUG, steps.key, "The steps", steps.token, may_approve=True)
    save_entry(locales, reg["tyz"], SLUG, steps.key, "Tày", steps.token, may_approve=False)
    figures = survey(locales, reg.translated, {SLUG: keys(locales)})
    matrix, errors = figures.matrix, figures.errors
    total = len(lesson_entries(locales, reg["en"], SLUG))
    assert not errors
    en, tyz = matrix[SLUG]["en"], matrix[SLUG]["tyz"]
    assert (en.translated, en.fuzzy, en.untranslated) == (1, 0, total - 1)
    assert (tyz.translated, tyz.fuzzy, tyz.untranslated) == (0, 1, total - 1)
    read_catalogue(po_path(locales, "en", "lessons"), reg["en"])  # still a valid catalogue
    po_path(locales, "ium", "lessons").write_text('msgid "broken', "utf-8")
    assert "ium" in survey(locales, reg.translated, {SLUG: keys(locales)}).errors


def test_the_survey_counts_drafts_and_missing_messages_as_work_not_as_done(store):
    locales, reg = store
    en, tyz = reg["en"], reg["tyz"]
    keys = [e.key for e in lesson_entries(locales, en, SLUG)]
    steps = entry(locales, en, STEPS)
    save_entry(locales, en, SLUG, steps.key, "The steps", steps.token, may_approve=True)
    save_entry(locales, tyz, SLUG, steps.key, "Tày", steps.token, may_approve=False)  # a draft
    lessons = {SLUG: [*keys, keys[0], (None, "A new step, not in the catalogues yet")], "other": [steps.key]}
    figures = survey(locales, [en, tyz], lessons)
    assert not figures.errors
    counts = figures.matrix[SLUG]["en"]
    assert (counts.translated, counts.fuzzy, counts.untranslated, counts.missing) == (1, 0, len(keys) - 1, 1)
    assert counts.total == len(keys) + 1 and counts.percent == 100 / (len(keys) + 1)
    draft = figures.matrix[SLUG]["tyz"]
    assert (draft.translated, draft.fuzzy) == (0, 1) and draft.percent == 0
    # each message once, over all lessons: the shared heading is one message to re-check in Tày
    assert figures.work["tyz"].fuzzy == {steps.key} and steps.key not in figures.work["tyz"].untranslated
    assert len(figures.work["tyz"].untranslated) == len(keys) - 1
    assert set(figures.work["tyz"].lessons) == {SLUG, "other"} and set(figures.work["en"].lessons) == {SLUG}


def test_a_translation_that_changes_a_number_is_kept_as_a_draft_not_shown(store):
    locales, reg = store
    en = reg["en"]
    before = entry(locales, en, STEPS)
    # a reviewer's own save too: a changed fact is never published at once
    result = save_entry(locales, en, SLUG, before.key, "Steps: call 0987 654 321", before.token, may_approve=True)
    assert isinstance(result, Saved) and result.entry.fuzzy
    assert [p.kind for p in result.entry.problems] == ["facts"]
    assert "'0987654321' is not in the source" in result.entry.problems[0]
    assert (None, STEPS) not in load_translations(locales, en).table
    # and lint reports it, with the file
    problems = load_translations(locales, en).problems
    assert any(p.msgid == STEPS and "0987654321" in p.message for p in problems)


def test_an_uploaded_translation_that_adds_an_address_is_saved_as_a_draft_and_reported(store):
    locales, reg = store
    en = reg["en"]
    offline = fill(export_lesson(locales, en, SLUG), STEPS, "Steps, or get it at vneid-app.top/vneid.apk")
    report = merge_upload(locales, en, SLUG, offline, "x.po", may_approve=True)
    assert [key for key, _ in report.flagged] == [(None, STEPS)]
    assert "'vneid-app.top/vneid.apk'" in report.flagged[0][1][0]
    assert [e.msgid for e, _ in report.proposed] == [STEPS]  # kept as a suggestion, never published
    assert entry(locales, en, STEPS).string == "" and not report.changes


def test_a_draft_never_replaces_a_reviewed_translation(store):
    locales, reg = store
    tyz = reg["tyz"]
    before = entry(locales, tyz, STEPS)
    published = save_entry(locales, tyz, SLUG, before.key, "Reviewed Tày", before.token, may_approve=True)
    assert not published.entry.fuzzy
    # an unreviewed translator's draft waits beside it, in a standard PO file of its own
    draft = save_entry(locales, tyz, SLUG, before.key, "Unreviewed Tày", published.entry.token, may_approve=False)
    assert draft.change is not None and draft.change.old == "Reviewed Tày" and draft.change.new == "Unreviewed Tày"
    assert draft.entry.string == "Reviewed Tày" and not draft.entry.fuzzy and draft.entry.pending == "Unreviewed Tày"
    assert load_translations(locales, tyz).table[(None, STEPS)] == "Reviewed Tày"  # learners keep it
    drafts = read_catalogue(store_module.drafts_path(locales, tyz), tyz)
    assert drafts.get(STEPS).string == "Unreviewed Tày" and drafts.get(STEPS).fuzzy
    assert read_catalogue(po_path(locales, "tyz", "lessons"), tyz).get(STEPS).string == "Reviewed Tày"
    # the editor shows the pending draft; saving it again changes nothing
    assert entry(locales, tyz, STEPS).pending == "Unreviewed Tày"
    again = save_entry(locales, tyz, SLUG, before.key, "Unreviewed Tày", published.entry.token, may_approve=False)
    assert again.change is None
    # a reviewer approves it: published, and no longer waiting
    approved = save_entry(locales, tyz, SLUG, before.key, "Unreviewed Tày", published.entry.token, may_approve=True)
    assert approved.entry.string == "Unreviewed Tày" and not approved.entry.fuzzy and approved.entry.pending is None
    assert load_translations(locales, tyz).table[(None, STEPS)] == "Unreviewed Tày"
    assert read_catalogue(store_module.drafts_path(locales, tyz), tyz).get(STEPS) is None


def test_an_uploaded_draft_over_a_reviewed_translation_is_a_proposal(store):
    locales, reg = store
    tyz = reg["tyz"]
    before = entry(locales, tyz, STEPS)
    save_entry(locales, tyz, SLUG, before.key, "[tyz test] reviewed", before.token, may_approve=True)
    offline = export_lesson(locales, tyz, SLUG).replace(b'msgstr "[tyz test] reviewed', b'msgstr "[tyz test] offline')
    report = merge_upload(locales, tyz, SLUG, offline, "x.po", may_approve=False)
    assert not report.changes and [text for _, text in report.proposed] == ["[tyz test] offline"]
    assert entry(locales, tyz, STEPS).string == "[tyz test] reviewed"
