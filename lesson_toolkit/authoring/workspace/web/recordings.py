"""Recording a lesson in the browser: one page per lesson and language, a recorder and an upload
box next to each message, listening back, and confirming a recording whose text changed.

Who may record: translators of the language (reviewers included), trainers for Vietnamese, and
administrators. A Tày or Dao recording by anyone but a reviewer of that language is a draft.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lesson_toolkit.authoring.audio.sidecar import KINDS, MIME, SOUND_FILE, load_recordings
from lesson_toolkit.authoring.audio.transcode import MAX_BYTES, AudioError
from lesson_toolkit.authoring.audio.voices import Voice, coverage, voices
from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.core.render import ADMONITIONS
from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.workspace.accounts import Change, record
from lesson_toolkit.authoring.workspace.recording_store import confirm_recording, may_record, publishes, save_recording
from lesson_toolkit.authoring.workspace.web.access import EVERYONE, allow, bp
from lesson_toolkit.authoring.workspace.web.forms import ActionForm
from lesson_toolkit.extensions import db, toolkit


def voice_language(lang: str) -> Language:
    """A language this account may record: 404 when unknown, 403 when not theirs."""
    registry = toolkit.library.registry
    if lang not in registry or registry[lang].pseudo:
        abort(404)
    if not may_record(current_user, registry[lang], registry.source):
        abort(403)
    return registry[lang]


def lesson_voices(lesson: Lesson, language: Language) -> list[Voice]:
    lib, registry = toolkit.library, toolkit.library.registry
    table = {} if language.code == registry.source else lib.translations(language).table
    return voices(lesson, language.code, registry.source, table)


def message_label(key: str) -> str:
    """`step-2` as a trainer reads it: "Step 2"."""
    if key == "title":
        return _("Title")
    if key == "summary":
        return _("Summary")
    kind, _sep, number = key.rpartition("-")
    if kind == "step":
        return _("Step %(number)s", number=number)
    return f"{_(ADMONITIONS.get(kind, ADMONITIONS['note']))} {number}"


@bp.route("/lessons/<slug>/voice/<lang>")
@allow(*EVERYONE)
def voice(slug: str, lang: str):
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), voice_language(lang)
    found = lesson_voices(lesson, language)
    return render_template(
        "trainer/voice.html",
        lesson=lesson,
        target=language,
        voices=found,
        counts=coverage(found),
        label=message_label,
        publishes=publishes(current_user, language),
        broken=load_recordings(lesson.folder).errors,
        max_kb=MAX_BYTES // 1024,
    )


def _answer(slug: str, lang: str, key: str, message: str, ok: bool, status: int = 200):
    """JSON for recorder.js; a flash and the page again for a form sent without it."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"ok": ok, "message": message}), status
    flash(message, "ok" if ok else "error")
    return redirect(url_for("trainer.voice", slug=slug, lang=lang, _anchor=f"m-{key}"), 303)


@bp.route("/lessons/<slug>/voice/<lang>/<key>", methods=["POST"])
@allow(*EVERYONE)
def save_voice(slug: str, lang: str, key: str):
    """A recording made in the browser, or a file chosen from the phone (field `audio`)."""
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), voice_language(lang)
    if not ActionForm().validate_on_submit():
        abort(400)
    upload = request.files.get("audio")
    if upload is None or not upload.filename:
        return _answer(slug, lang, key, _("Choose a sound file or record first."), False, 400)
    data = upload.stream.read(MAX_BYTES + 1)
    current = {v.message.key: v for v in lesson_voices(lesson, language)}
    if key not in current:
        abort(404)
    try:
        saved = save_recording(lesson, language, key, current[key].translation, data, upload.filename, current_user)
    except AudioError as exc:
        return _answer(slug, lang, key, _("Not saved: %(why)s", why=exc.translated(_)), False, 422)
    record(
        db.session, current_user, [Change("voice", slug, lang, msgid=key, new=saved.files["opus"], detail=saved.state)]
    )
    db.session.commit()
    if saved.state == "published":
        message = _("Saved. Learners hear it now.")
    else:
        message = _(
            "Saved as a draft: a reviewer who speaks %(language)s will check it.",
            language=toolkit.language_name(language),
        )
    return _answer(slug, lang, key, message, True)


@bp.route("/lessons/<slug>/voice/<lang>/<key>/confirm", methods=["POST"])
@allow(*EVERYONE)
def confirm_voice(slug: str, lang: str, key: str):
    """A reviewer confirms that a recording still fits its (changed) text, or approves a draft."""
    lesson, language = toolkit.lesson_or_404(slug, drafts=True), voice_language(lang)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not publishes(current_user, language):
        abort(403)
    current = {v.message.key: v for v in lesson_voices(lesson, language)}
    if key not in current:
        abort(404)
    try:
        confirm_recording(lesson, language, key, current[key].translation, current_user)
    except AudioError as exc:
        return _answer(slug, lang, key, exc.translated(_), False, 422)
    record(db.session, current_user, [Change("voice", slug, lang, msgid=key, detail="confirmed")])
    db.session.commit()
    return _answer(slug, lang, key, _("Confirmed: learners hear this recording."), True)


@bp.route("/lessons/<slug>/voice/<lang>/files/<name>")
@allow(*EVERYONE)
def voice_file(slug: str, lang: str, name: str):
    """Listening back in the workspace: drafts too."""
    lesson, _language = toolkit.lesson_or_404(slug, drafts=True), voice_language(lang)
    match = SOUND_FILE.match(name)
    recording = load_recordings(lesson.folder).get(lang, match["key"]) if match else None
    if match is None or recording is None or recording.files.get(KINDS[match["ext"]]) != name:
        abort(404)
    return send_file(recording.path(KINDS[match["ext"]]), mimetype=MIME[match["ext"]], conditional=True, max_age=0)
