"""The lesson editor: list, create, edit, publish and delete lessons, preview them as a phone
shows them, add and remove pictures.

Nothing typed is lost: the editor is one form. A picture chosen in it is uploaded with whatever
button is pressed, and the page comes back with every field as typed; a refused save (a lesson
that does not read, a lint error in a published lesson, someone else's save) shows the reason
beside the text and keeps it.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from wtforms import SelectChoice

from lesson_toolkit.authoring.core.coverage import coverage_note
from lesson_toolkit.authoring.core.lesson import DRAFT, PUBLISHED, SLUG, UNPUBLISHED, Lesson, LessonError
from lesson_toolkit.authoring.core.library import Output
from lesson_toolkit.authoring.core.lint import PICTURE_SUFFIXES, Finding, lint_lesson
from lesson_toolkit.authoring.core.publishing import blocking
from lesson_toolkit.authoring.core.render import render_lesson
from lesson_toolkit.authoring.core.scaffold import ScaffoldError, new_lesson
from lesson_toolkit.authoring.core.segmenter import IMAGE, source_text
from lesson_toolkit.authoring.core.topics import TOPICS
from lesson_toolkit.authoring.pictures.names import content_file, is_safe_picture_path, localised_name
from lesson_toolkit.authoring.pictures.upload import MAX_BYTES, SavedPicture, save_picture
from lesson_toolkit.authoring.pictures.variants import PictureError
from lesson_toolkit.authoring.workspace import lesson_editor
from lesson_toolkit.authoring.workspace.accounts import Change, record
from lesson_toolkit.authoring.workspace.history import add_revision, line_diff
from lesson_toolkit.authoring.workspace.web.access import allow, bp
from lesson_toolkit.authoring.workspace.web.forms import DeleteLessonForm, LessonForm, NewLessonForm, PictureForm
from lesson_toolkit.extensions import db, toolkit

STATUS_LABELS = {DRAFT: "draft", PUBLISHED: "published", UNPUBLISHED: "unpublished"}


def lesson_path(slug: str) -> Path:
    """The loader every lesson view uses: a valid slug of an existing lesson folder, else 404."""
    if not SLUG.match(slug):
        abort(404)
    path = toolkit.library.lessons_dir / slug / "lesson.md"
    if not path.is_file():
        abort(404)
    return path


def pictures_of(path: Path) -> list[str]:
    images = path.parent / "images"
    if not images.is_dir():
        return []
    return sorted(f"images/{p.name}" for p in images.iterdir() if p.suffix.lower() in PICTURE_SUFFIXES)


def status_label(status: str) -> str:
    return {
        DRAFT: _("Draft: learners cannot see it"),
        PUBLISHED: _("Published: learners see it"),
        UNPUBLISHED: _("Unpublished: learners cannot see it"),
    }.get(status, status)


def remember(slug: str, old: str | None, new: str | None, message: str, kind: str = "lesson", note: str = "") -> None:
    """The audit entry of a change and, for a lesson's text, a revision in its history; committed."""
    record(db.session, current_user, [Change(kind, slug, old=old, new=new, detail=message)])
    if kind == "lesson" and new is not None:
        add_revision(db.session, current_user, slug, old, new, f"{message}: {note}" if note else message)
    db.session.commit()


def refresh_translations() -> None:
    """Send the lessons' new and changed text to every catalogue by itself: a changed step shows
    up as "to re-check" for translators and is never shown to learners as current. The refresh
    runs in the background (`authoring.workspace.refresh`); the page does not wait for it."""
    refresher = current_app.extensions["catalogue_refresh"]
    ticket = refresher.request()
    wait = current_app.config["CATALOGUE_REFRESH_WAIT"]
    if wait and not refresher.wait(ticket, wait):
        current_app.logger.warning("the catalogue refresh took longer than %s s", wait)


@bp.errorhandler(413)
def too_large(error):
    """A request over MAX_CONTENT_LENGTH: said in the trainer's language, with the way back."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    return render_template("trainer/413.html", limit=limit), 413


@bp.route("/lessons")
@allow("trainer")
def lessons():
    lesson_set = toolkit.library.lesson_set()
    return render_template(
        "trainer/lessons.html",
        lessons=sorted(lesson_set.lessons.values(), key=lambda lesson: lesson.slug),
        broken=lesson_set.errors,
        status_label=status_label,
    )


def topic_choices(current: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(code, _(label)) for code, label in TOPICS.items()]
    if current and current not in TOPICS:
        choices.append(SelectChoice(current))
    return choices


@bp.route("/lessons/new", methods=["GET", "POST"])
@allow("trainer")
def new():
    form = NewLessonForm()
    form.topic.choices = topic_choices()
    if form.validate_on_submit():
        try:
            path = new_lesson(toolkit.library.lessons_dir, form.slug.data, form.title.data, form.topic.data)
        except ScaffoldError as exc:
            form.slug.errors.append(exc.translated(_))
        else:
            remember(form.slug.data, None, path.read_text("utf-8"), "new")
            refresh_translations()
            flash(
                _("Lesson created as a draft: learners cannot see it yet. Replace the example text with yours."), "ok"
            )
            return redirect(url_for("trainer.edit", slug=form.slug.data))
    return render_template("trainer/lesson_new.html", form=form)


def _fill(form: LessonForm, path: Path, draft: lesson_editor.LessonDraft | None) -> None:
    form.topic.choices = topic_choices(draft.topic if draft else form.topic.data)
    form.cover.choices = [SelectChoice("", _("(none)"))] + [SelectChoice(name) for name in pictures_of(path)]
    if draft is not None:
        form.process(data=draft.__dict__ | {"level": str(draft.level), "minutes": str(draft.minutes)})


def _draft(form: LessonForm) -> lesson_editor.LessonDraft:
    return lesson_editor.LessonDraft(
        title=form.title.data or "",
        summary=form.summary.data or "",
        topic=form.topic.data or "",
        level=form.level.data or "",
        minutes=form.minutes.data or "",
        cover=form.cover.data or "",
        body=form.body.data or "",
    )


def preview_output(lang: str) -> Output:
    """Pictures from the workspace (drafts have no public address), in the language's variant."""

    def picture_url(lesson: Lesson, src: str, shown_lang: str) -> dict[str, str]:
        chain = toolkit.library.registry[shown_lang].chain if shown_lang in toolkit.library.registry else ()
        name = localised_name(src, chain, lesson.images_dir)
        return {"src": url_for("trainer.lesson_picture", slug=lesson.slug, name=name.removeprefix("images/"))}

    return Output(name=f"trainer:{toolkit.lang}", label=toolkit.admonition_label(), picture_url=picture_url)


def _phone_page(lesson: Lesson) -> str:
    """The typed lesson as the phone shows it in the source language, as a whole document (the
    editor puts it in a frame as wide as a phone, with the phone page's own styles)."""
    registry = toolkit.library.registry
    output = preview_output(registry.source)

    def picture_url(src: str) -> dict[str, str]:
        assert output.picture_url is not None
        return dict(output.picture_url(lesson, src, registry.source))  # type: ignore[arg-type]

    page = render_lesson(lesson, registry.source, source_text, output.label, picture_url)
    return render_template(
        "trainer/phone.html", page=page, language=registry[registry.source], languages=[], framed=True
    )


def excerpt(text: str, finding: Finding | LessonError) -> str:
    """The line a finding points at, to show beside it."""
    lines = text.split("\n")
    if finding.line and 0 < finding.line <= len(lines):
        line = lines[finding.line - 1].strip()
        return line if len(line) <= 120 else line[:119] + "…"
    return ""


def _checked(path: Path, draft: lesson_editor.LessonDraft) -> dict:
    """Preview and lint findings of a draft, or the error that makes it invalid."""
    text = lesson_editor.compose(draft)
    try:
        lesson = lesson_editor.check(text, path)
    except LessonError as error:
        return {"error": error, "phone": None, "findings": [], "errors": [], "text": text}
    findings = lint_lesson(lesson, toolkit.library.registry)
    return {
        "error": None,
        "phone": _phone_page(lesson),
        "findings": findings,
        "errors": blocking(findings),
        "text": text,
    }


def _upload(form: LessonForm, path: Path) -> SavedPicture | None:
    """The picture sent with the editor form, if any, saved (or the reason it was not, flashed)."""
    upload = form.picture.data
    if not isinstance(upload, FileStorage) or not upload.filename:
        return None
    lang = form.picture_lang.data or ""
    if lang and lang not in toolkit.library.registry:
        flash(_("The picture was not saved: %(reason)s", reason=_("unknown language")), "error")
        return None
    data = upload.read(MAX_BYTES + 1)  # enough to tell that it is too big
    try:
        saved = save_picture(data, upload.filename, path.parent / "images", form.picture_name.data or "", lang)
    except PictureError as exc:
        flash(_("The picture was not saved: %(reason)s", reason=exc.translated(_)), "error")
        return None
    remember(path.parent.name, None, saved.src, "replaced" if saved.replaced else "added", kind="picture")
    flash(
        _(
            "Picture saved as %(src)s (%(width)d×%(height)d). Put it on a line of its own in the text: %(line)s",
            src=saved.src,
            width=saved.width,
            height=saved.height,
            line=f"![{_('What the picture shows')}]({saved.src})",
        ),
        "ok",
    )
    return saved


def _delete_picture(path: Path, src: str, draft: lesson_editor.LessonDraft) -> None:
    """Remove one picture, unless the saved lesson or the text being edited still shows it (in
    the text or as the cover). A picture already gone is said so; the typed text stays."""
    if not is_safe_picture_path(src):
        abort(404)
    if src not in pictures_of(path):
        flash(_("%(src)s is not there any more.", src=src), "error")
        return
    saved, _error = lesson_editor.load_draft(path)
    for shown in (saved, draft):
        if shown.cover == src or any(match["src"] == src for match in IMAGE.finditer(shown.body)):
            flash(_("%(src)s is still in the lesson text: take it out of the text first.", src=src), "error")
            return
    (path.parent / src).unlink()
    remember(path.parent.name, src, None, "deleted", kind="picture")
    flash(_("Picture %(src)s deleted.", src=src), "ok")


@bp.route("/lessons/<slug>/edit", methods=["GET", "POST"])
@allow("trainer")
def edit(slug: str):
    path = lesson_path(slug)
    form = LessonForm()
    status, their_text, conflict_diff = 200, None, None
    if request.method == "GET":
        draft, load_error = lesson_editor.load_draft(path)
        _fill(form, path, draft)
        form.version.data = lesson_editor.file_version(path)
        checked = _checked(path, draft)
        checked["error"] = checked["error"] or load_error
    else:
        _fill(form, path, None)
        if not form.validate_on_submit():
            abort(400)
        draft = _draft(form)
        _upload(form, path)
        action = request.form.get("action", "preview")
        if request.form.get("delete_picture"):
            _delete_picture(path, request.form["delete_picture"], draft)
            action = "preview"
        _fill(form, path, None)  # the cover list shows a picture just added or removed
        checked = _checked(path, draft)
        current = lesson_editor.status_of(path.read_text("utf-8", errors="replace"), path)
        new_status = {"publish": PUBLISHED, "unpublish": UNPUBLISHED}.get(action, current)
        if action in ("save", "publish", "unpublish") and checked["error"] is None:
            if new_status == PUBLISHED and checked["errors"]:
                status = 422
                flash(
                    _("Not saved: a published lesson must have no errors. Fix the errors marked below.")
                    if action == "save"
                    else _("Not published yet: fix the errors marked below first."),
                    "error",
                )
            else:
                try:
                    saved, old = lesson_editor.save(path, replace(draft, status=new_status), form.version.data or "")
                except LessonError as error:
                    checked["error"] = error
                except lesson_editor.LessonConflictError as conflict:
                    status, their_text = 409, conflict.current_text
                    conflict_diff = line_diff(conflict.current_text, checked["text"])
                    form.version.data = conflict.current_version  # saving again replaces theirs
                else:
                    message = {"publish": "publish", "unpublish": "unpublish"}.get(action, "edit")
                    new_text = saved.path.read_text("utf-8")
                    remember(slug, old, new_text, message, note=" ".join((form.note.data or "").split())[:150])
                    if lesson_editor.messages_changed(old, new_text, path):
                        refresh_translations()
                    flash(
                        {
                            "publish": _("Published: learners can see the lesson now."),
                            "unpublish": _("Unpublished: learners cannot see the lesson any more."),
                        }.get(action, _("Saved.")),
                        "ok",
                    )
                    return redirect(url_for("trainer.edit", slug=slug))
        if checked["error"] is not None:
            status = 422
    lesson_status = lesson_editor.status_of(path.read_text("utf-8", errors="replace"), path)
    return render_template(
        "trainer/lesson_edit.html",
        slug=slug,
        form=form,
        pictures=pictures_of(path),
        languages=toolkit.library.registry.public,
        their_text=their_text,
        conflict_diff=conflict_diff,
        lesson_status=lesson_status,
        status_label=status_label,
        excerpt=excerpt,
        max_picture_bytes=MAX_BYTES,
        **checked,
    ), status


@bp.route("/lessons/<slug>/preview", methods=["POST"])
@allow("trainer")
def preview(slug: str):
    """The preview and findings alone, for the optional live-preview script."""
    path = lesson_path(slug)
    form = LessonForm()
    _fill(form, path, None)
    if not form.validate_on_submit():
        abort(400)
    return render_template("trainer/_preview.html", excerpt=excerpt, **_checked(path, _draft(form)))


@bp.route("/lessons/<slug>/phone/<lang>")
@allow("trainer", "translator")
def phone(slug: str, lang: str):
    """The saved lesson exactly as a phone shows it in one language, drafts too."""
    lesson = toolkit.lesson_or_404(slug, drafts=True)
    registry = toolkit.library.registry
    if lang not in registry:
        abort(404)
    page = toolkit.library.render(lesson, lang, preview_output(lang))
    # the note a learner reads on this page, in the same words (the page language's interface)
    ui = toolkit.interface_language(lang)
    note = coverage_note(page.coverage, registry, lang, ui, toolkit.interface_strings(lang).gettext)
    return render_template(
        "trainer/phone.html",
        page=page,
        language=registry[lang],
        languages=registry.public,
        framed=False,
        status_label=status_label,
        note=note,
        note_lang=ui,
    )


@bp.route("/lessons/<slug>/pictures", methods=["POST"])
@allow("trainer")
def upload_picture(slug: str):
    """Upload a picture alone (for scripts; the editor sends pictures with its own form)."""
    path = lesson_path(slug)
    form = PictureForm()
    if not form.validate_on_submit() or (form.lang.data and form.lang.data not in toolkit.library.registry):
        flash(_("Choose a picture file to upload."), "error")
        return redirect(url_for("trainer.edit", slug=slug) + "#pictures")
    upload = form.picture.data
    data = upload.read(MAX_BYTES + 1)
    try:
        saved = save_picture(
            data, upload.filename or "picture", path.parent / "images", form.name.data or "", form.lang.data or ""
        )
    except PictureError as exc:
        flash(_("The picture was not saved: %(reason)s", reason=exc.translated(_)), "error")
    else:
        remember(slug, None, saved.src, "replaced" if saved.replaced else "added", kind="picture")
        flash(
            _(
                "Picture saved as %(src)s (%(width)d×%(height)d).",
                src=saved.src,
                width=saved.width,
                height=saved.height,
            ),
            "ok",
        )
    return redirect(url_for("trainer.edit", slug=slug) + "#pictures")


@bp.route("/lessons/<slug>/delete", methods=["GET", "POST"])
@allow("admin")
def delete(slug: str):
    """Delete a lesson with its pictures, after the administrator typed its short name."""
    path = lesson_path(slug)
    form = DeleteLessonForm()
    if form.validate_on_submit():
        if form.confirm.data.strip() != slug:
            form.confirm.errors.append(_("That is not the short name of this lesson."))
        else:
            text = path.read_text("utf-8", errors="replace")
            folder = path.parent
            if folder.is_symlink() or folder.parent.resolve() != toolkit.library.lessons_dir.resolve():
                abort(404)
            shutil.rmtree(folder)
            remember(slug, text, None, "deleted")
            refresh_translations()
            flash(_("Lesson %(slug)s deleted, with its pictures.", slug=slug), "ok")
            return redirect(url_for("trainer.lessons"))
    draft, _error = lesson_editor.load_draft(path)
    return render_template(
        "trainer/lesson_delete.html", slug=slug, title=draft.title, form=form, pictures=pictures_of(path)
    )


@bp.route("/lessons/<slug>/images/<name>")
@allow("trainer", "translator")
def lesson_picture(slug: str, name: str):
    path = lesson_path(slug)
    picture = content_file(path.parent, f"images/{name}") if is_safe_picture_path(f"images/{name}") else None
    if picture is None:
        abort(404)  # missing, or a symbolic link: the same answer
    return send_file(picture, max_age=0)
