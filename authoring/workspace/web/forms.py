"""The workspace's forms. Every one carries a CSRF token (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _  # lazy: labels are translated when shown; `_` so that extraction finds them
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from authoring.core.lesson import SLUG


class ActionForm(FlaskForm):
    """A button that changes something (log out, update catalogues): only the CSRF token."""


class LoginForm(FlaskForm):
    username = StringField(_("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_("Password"), validators=[DataRequired(), Length(max=200)])


class NewLessonForm(FlaskForm):
    slug = StringField(
        _("Short name for the address (lower-case letters, digits and '-')"),
        validators=[DataRequired(), Length(max=80), Regexp(SLUG.pattern, message=_("Use a-z, 0-9 and '-' only."))],
    )
    title = StringField(_("Title"), validators=[DataRequired(), Length(max=200)])


class LessonForm(FlaskForm):
    """Front matter as fields, the body as text; the lesson checks decide what is valid."""

    title = StringField(_("Title"))
    summary = TextAreaField(_("Summary (one sentence)"))
    topic = SelectField(_("Topic"), validate_choice=False)
    level = SelectField(_("Level"), choices=[SelectChoice(str(n)) for n in (1, 2, 3)], validate_choice=False)
    minutes = StringField(_("Minutes"))
    cover = SelectField(_("Cover picture"), validate_choice=False)
    body = TextAreaField(_("Lesson text (Markdown)"))
    version = HiddenField()


class PictureForm(FlaskForm):
    picture = FileField(_("Picture (PNG, JPEG, WebP or GIF)"), validators=[FileRequired()])
    name = StringField(_("Name (optional, e.g. step-3)"), validators=[Optional(), Length(max=60)])
    lang = StringField(_("Only for the language"), validators=[Optional(), Regexp(r"^[a-z]{2,3}$")])


class UploadForm(FlaskForm):
    po_file = FileField(_("Translated PO file"), validators=[FileRequired()])
