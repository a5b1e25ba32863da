"""The workspace's forms. Every one carries a CSRF token (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _  # lazy: labels are translated when shown; `_` so that extraction finds them
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from lesson_toolkit.authoring.core.lesson import SLUG
from lesson_toolkit.authoring.core.scaffold import DEFAULT_TOPIC
from lesson_toolkit.authoring.workspace.accounts import MAX_PASSWORD, MIN_PASSWORD, USERNAME


class ActionForm(FlaskForm):
    """A button that changes something (log out, update catalogues): only the CSRF token."""


class LoginForm(FlaskForm):
    username = StringField(_("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])


class NewLessonForm(FlaskForm):
    slug = StringField(
        _("Short name for the address (lower-case letters, digits and '-')"),
        validators=[DataRequired(), Length(max=80), Regexp(SLUG.pattern, message=_("Use a-z, 0-9 and '-' only."))],
    )
    title = StringField(_("Title"), validators=[DataRequired(), Length(max=200)])
    topic = SelectField(_("Topic"), default=DEFAULT_TOPIC)


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
    note = StringField(
        _("What did you change? (optional, kept in the history)"), validators=[Optional(), Length(max=150)]
    )
    # a picture sent with the form: uploaded first, whatever the button, and the text is kept
    picture = FileField(_("Add a picture (PNG, JPEG, WebP or GIF)"))
    picture_name = StringField(_("Name (optional, e.g. step-3)"), validators=[Optional(), Length(max=60)])
    picture_lang = StringField(_("Only for the language"), validators=[Optional(), Regexp(r"^[a-z]{2,3}$")])


class DeleteLessonForm(FlaskForm):
    """Deleting a lesson: the trainer types its short name to confirm."""

    confirm = StringField(_("Type the short name of the lesson to confirm"), validators=[DataRequired()])


class PictureForm(FlaskForm):
    picture = FileField(_("Picture (PNG, JPEG, WebP or GIF)"), validators=[FileRequired()])
    name = StringField(_("Name (optional, e.g. step-3)"), validators=[Optional(), Length(max=60)])
    lang = StringField(_("Only for the language"), validators=[Optional(), Regexp(r"^[a-z]{2,3}$")])


class UploadForm(FlaskForm):
    po_file = FileField(_("Translated PO file"), validators=[FileRequired()])


# --- accounts ---------------------------------------------------------------------------------
# The simple rules of `accounts.check_password` before the form is sent on; the core checks
# all of them (names, common passwords) and the view says its refusal in the reader's language.
NEW_PASSWORD = [
    DataRequired(),
    Length(min=MIN_PASSWORD, message=_("Use at least %(min)d characters.")),
    Length(max=MAX_PASSWORD, message=_("Use at most %(max)d characters.")),
    Regexp(r".*\D", message=_("Use letters too, not only digits.")),
]


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of tick boxes (choices are set by the view)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AccountForm(FlaskForm):
    """What an administrator sets on an account; `languages` and `reviewed` choices come from
    the language registry (`web.accounts.language_choices`)."""

    role = SelectField(
        _("Role"),
        choices=[
            SelectChoice("translator", _("Translator: translates lessons")),
            SelectChoice("trainer", _("Trainer: writes lessons")),
            SelectChoice("admin", _("Administrator: may do everything, also manage accounts")),
            SelectChoice("member", _("Team member: counts the households helped in the team's village")),
            SelectChoice("officer", _("Commune officer: sees the counts and the league of the commune")),
        ],
    )
    languages = CheckboxesField(_("Languages this person may translate (none ticked: all)"))
    reviewed = CheckboxesField(_("Native speaker who may approve translations in"))
    active = BooleanField(_("May log in"), default=True)


class NewAccountForm(AccountForm):
    username = StringField(
        _("Username"),
        validators=[
            DataRequired(),
            Length(max=40),
            Regexp(USERNAME.pattern, message=_("Use 2–40 lower-case letters, digits, '.', '_' or '-'.")),
        ],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    password = PasswordField(_("One-time password (to be changed at the first login)"), validators=NEW_PASSWORD)


class OneTimePasswordForm(FlaskForm):
    password = PasswordField(_("New one-time password"), validators=NEW_PASSWORD)


class PasswordForm(FlaskForm):
    """Choosing one's own password: the current one (or the one-time one), then the new one twice."""

    current = PasswordField(_("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    password = PasswordField(_("New password"), validators=NEW_PASSWORD)
    confirm = PasswordField(
        _("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_("The two new passwords are not the same."))],
    )


# --- community places -------------------------------------------------------------------------
class PlacesForm(FlaskForm):
    places_file = FileField(_("List of places (CSV file)"), validators=[FileRequired()])
