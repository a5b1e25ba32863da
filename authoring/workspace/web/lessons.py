"""The lesson editor: list, create and edit lessons, preview them, upload pictures."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from authoring.core.lesson import SLUG, Lesson, LessonError
from authoring.core.lint import PICTURE_SUFFIXES, lint_lesson
from authoring.core.render import render_lesson
from authoring.core.scaffold import ScaffoldError, new_lesson
from authoring.core.segmenter import source_text
from authoring.core.topics import TOPICS
from authoring.pictures.names import is_safe_picture_path
from authoring.pictures.upload import MAX_BYTES, save_picture
from authoring.pictures.variants import PictureError
from authoring.workspace import lesson_editor
from authoring.workspace.accounts import Change, record
from authoring.workspace.web.access import allow, bp
from authoring.workspace.web.forms import LessonForm, NewLessonForm, PictureForm
from extensions import db, toolkit


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


@bp.route("/lessons")
@allow("trainer")
def lessons():
    lesson_set = toolkit.library.lesson_set()
    return render_template(
        "trainer/lessons.html",
        lessons=sorted(lesson_set.lessons.values(), key=lambda lesson: lesson.slug),
        broken=lesson_set.errors,
    )


@bp.route("/lessons/new", methods=["GET", "POST"])
@allow("trainer")
def new():
    form = NewLessonForm()
    if form.validate_on_submit():
        try:
            path = new_lesson(toolkit.library.lessons_dir, form.slug.data, form.title.data)
        except ScaffoldError as exc:
            form.slug.errors.append(str(exc))
        else:
            record(
                db.session, current_user, [Change("lesson", form.slug.data, new=path.read_text("utf-8"), detail="new")]
            )
            db.session.commit()
            flash(_("Lesson created. Replace the example text with yours."), "ok")
            return redirect(url_for("trainer.edit", slug=form.slug.data))
    return render_template("trainer/lesson_new.html", form=form)


def _fill(form: LessonForm, path: Path, draft: lesson_editor.LessonDraft | None) -> None:
    topics = [SelectChoice(code, _(label)) for code, label in TOPICS.items()]
    current_topic = draft.topic if draft else form.topic.data
    if current_topic and current_topic not in TOPICS:
        topics.append(SelectChoice(current_topic))
    form.topic.choices = topics
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


def _preview(lesson: Lesson) -> str:
    def picture_url(src: str) -> dict[str, str]:
        return {"src": url_for("trainer.lesson_picture", slug=lesson.slug, name=src.removeprefix("images/"))}

    registry = toolkit.library.registry
    return render_lesson(lesson, registry.source, source_text, toolkit.admonition_label(), picture_url).html


def _checked(path: Path, draft: lesson_editor.LessonDraft) -> dict:
    """Preview and lint findings of a draft, or the error that makes it invalid."""
    try:
        lesson = lesson_editor.check(lesson_editor.compose(draft), path)
    except LessonError as error:
        return {"error": error, "preview": None, "findings": []}
    return {"error": None, "preview": _preview(lesson), "findings": lint_lesson(lesson, toolkit.library.registry)}


@bp.route("/lessons/<slug>/edit", methods=["GET", "POST"])
@allow("trainer")
def edit(slug: str):
    path = lesson_path(slug)
    form = LessonForm()
    status, their_text = 200, None
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
        checked = _checked(path, draft)
        if request.form.get("action") == "save" and checked["error"] is None:
            try:
                saved, old = lesson_editor.save(path, draft, form.version.data or "")
            except LessonError as error:
                checked["error"] = error
            except lesson_editor.LessonConflictError as conflict:
                status, their_text = 409, conflict.current_text
                form.version.data = conflict.current_version  # saving again replaces theirs
            else:
                new_text = saved.path.read_text("utf-8")
                record(db.session, current_user, [Change("lesson", slug, old=old, new=new_text, detail="edit")])
                db.session.commit()
                flash(_("Saved."), "ok")
                return redirect(url_for("trainer.edit", slug=slug))
        if checked["error"] is not None:
            status = 422
    return render_template(
        "trainer/lesson_edit.html",
        slug=slug,
        form=form,
        picture_form=PictureForm(formdata=None),
        pictures=pictures_of(path),
        languages=toolkit.library.registry.translated,
        their_text=their_text,
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
    return render_template("trainer/_preview.html", **_checked(path, _draft(form)))


@bp.route("/lessons/<slug>/pictures", methods=["POST"])
@allow("trainer")
def upload_picture(slug: str):
    path = lesson_path(slug)
    form = PictureForm()
    if not form.validate_on_submit() or (form.lang.data and form.lang.data not in toolkit.library.registry):
        flash(_("Choose a picture file to upload."), "error")
        return redirect(url_for("trainer.edit", slug=slug) + "#pictures")
    upload = form.picture.data
    data = upload.read(MAX_BYTES + 1)  # enough to tell that it is too big
    try:
        saved = save_picture(
            data, upload.filename or "picture", path.parent / "images", form.name.data or "", form.lang.data or ""
        )
    except PictureError as exc:
        flash(_("The picture was not saved: %(reason)s", reason=str(exc)), "error")
    else:
        detail = "replaced" if saved.replaced else "added"
        record(db.session, current_user, [Change("picture", slug, new=saved.src, detail=detail)])
        db.session.commit()
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


@bp.route("/lessons/<slug>/images/<name>")
@allow("trainer")
def lesson_picture(slug: str, name: str):
    path = lesson_path(slug)
    if not is_safe_picture_path(f"images/{name}"):
        abort(404)
    return send_from_directory(path.parent / "images", name, max_age=0)
