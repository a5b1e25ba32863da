"""A form sent with an expired or missing CSRF token (an editor left open past the session's
life, a logout in another tab): the page comes back with everything typed, and one button sends
it again with a fresh token, after logging in again where the session ended. Nothing typed is
lost; no password is ever written back into a page."""

from __future__ import annotations

from flask import flash, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from lesson_toolkit.authoring.workspace.web.access import bp, safe_next
from lesson_toolkit.authoring.workspace.web.forms import LoginForm
from lesson_toolkit.extensions import toolkit

CARRY = "keep:"  # the prefix of a carried field in the login form of the page
SECRET_FIELDS = frozenset({"csrf_token", "password", "current", "confirm"})


def typed_fields(prefix: str = "") -> list[tuple[str, str]]:
    """The form's fields as sent (with `prefix`: only those, without it), passwords left out."""
    fields: list[tuple[str, str]] = []
    for name, values in request.form.lists():
        if prefix:
            if not name.startswith(prefix):
                continue
            name = name.removeprefix(prefix)
        if name in SECRET_FIELDS:
            continue
        fields.extend((name, value) for value in values)
    return fields


def resend_page(fields: list[tuple[str, str]], target: str, status: int, *, files_lost: bool = False):
    login_form = None if current_user.is_authenticated else LoginForm(formdata=None)
    return (
        render_template(
            "trainer/resend.html",
            fields=fields,
            target=target,
            login_form=login_form,
            carry=CARRY,
            files_lost=files_lost,
        ),
        status,
    )


@bp.errorhandler(CSRFError)
def expired_form(error: CSRFError):
    g.lang = toolkit.negotiate()  # the token is checked before the workspace's own checks
    if request.endpoint == "trainer.login":
        form = LoginForm()
        form.password.data = ""
        flash(_expired_login(), "error")
        return render_template("trainer/login.html", form=form), 400
    target = safe_next(request.full_path.rstrip("?"))
    return resend_page(typed_fields(), target, 400, files_lost=any(f.filename for f in request.files.values()))


def _expired_login() -> str:
    from flask_babel import gettext as _

    return _("This page was open too long. Please log in again.")
