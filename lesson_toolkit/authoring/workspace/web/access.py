"""Who may use the workspace: logging in and out, and the role check before every request."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from lesson_toolkit.authoring.community.models import COMMUNITY_ROLES
from lesson_toolkit.authoring.workspace.accounts import LoginThrottledError, authenticate
from lesson_toolkit.authoring.workspace.models import Account
from lesson_toolkit.authoring.workspace.web.forms import ActionForm, LoginForm
from lesson_toolkit.extensions import db, login, toolkit

bp = Blueprint("trainer", __name__, url_prefix="/trainer")

PUBLIC = "public"
EVERYONE = ("trainer", "translator")  # and admin, who may do everything (the lesson workspace)
ANY_ACCOUNT = (*EVERYONE, *COMMUNITY_ROLES)  # what every account does: log out, change its password
# All that someone with a one-time password may do before choosing their own.
FIRST_LOGIN = frozenset({"trainer.password", "trainer.logout"})
# A browser where someone logged in keeps a signed key of its own: its tries at that name are
# throttled apart from strangers' (`accounts.authenticate`).
DEVICE_COOKIE = "trainer_device"
DEVICE_LIFETIME = timedelta(days=180)


def allow(*roles: str) -> Callable:
    """Declare who may use a view: PUBLIC, or roles (an admin is always allowed)."""

    def mark(view: Callable) -> Callable:
        view.roles = frozenset(roles)  # type: ignore[attr-defined]
        return view

    return mark


@bp.before_request
def check_access():
    g.lang = toolkit.negotiate()  # the workspace speaks the language the trainer chose on the site
    view = current_app.view_functions.get(request.endpoint or "")
    roles = getattr(view, "roles", frozenset())
    if PUBLIC in roles:
        return None
    if not current_user.is_authenticated:
        return login.unauthorized()
    if current_user.must_change_password and request.endpoint not in FIRST_LOGIN:
        return redirect(url_for("trainer.password", next=request.full_path.rstrip("?")))
    if not current_user.may(*roles):
        abort(403)
    return None


@bp.after_request
def look_at_lessons_again(response):
    """A form sent to the workspace may have written a lesson (saved, published, restored, a
    picture added): this process's library looks at the files on its next lookup, instead of
    up to `RECHECK_SECONDS` later (another worker sees the change within that time)."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        toolkit.library.forget()
    return response


@bp.app_context_processor
def workspace_globals():
    return {"action_form": ActionForm, "workspace_home": home}


def load_account(user_id: str) -> Account | None:
    number, _sep, stamp = user_id.partition(":")
    if not number.isdigit():
        return None
    account = db.session.get(Account, int(number))
    if account is None or not account.active or account.get_id() != user_id:
        return None
    return account


def forbidden(error):
    return render_template("trainer/403.html"), 403


def not_found(error):
    return render_template("trainer/404.html"), 404


bp.register_error_handler(403, forbidden)
bp.register_error_handler(404, not_found)


def safe_next(target: str | None) -> str:
    """Only a path inside the workspace: never an address elsewhere (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/trainer/"):
            return target
    return home()


def home() -> str:
    """Where an account starts: the dashboard, or for a team member the tally and for a
    commune officer the league (the dashboard is about lessons, not theirs)."""
    if current_user.is_authenticated and not current_user.may(*EVERYONE):
        return url_for("trainer.league_page" if current_user.role == "officer" else "trainer.tally")
    return url_for("trainer.dashboard")


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@allow(PUBLIC)
def login_view():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    from lesson_toolkit.authoring.workspace.web.resend import CARRY, resend_page, typed_fields

    form = LoginForm()
    status = 200
    carried = typed_fields(CARRY)  # a form whose session had ended, sent again after this login
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        device = device_key(username)
        try:
            account = authenticate(db.session, username, form.password.data, request.remote_addr or "", device=device)
        except LoginThrottledError as exc:
            db.session.rollback()
            flash(wait_message(exc), "error")
            status = 429
        else:
            db.session.commit()
            if account is not None:
                session.clear()  # a fresh session (and CSRF token) for the logged-in person
                g.pop("csrf_token", None)  # Flask-WTF's token of this request, of the old session
                login_user(account)
                if account.must_change_password:
                    response = redirect(url_for("trainer.password", next=request.args.get("next")))
                elif carried:
                    response = make_response(resend_page(carried, safe_next(request.args.get("next")), 200))
                else:
                    response = redirect(safe_next(request.args.get("next")))
                remember_device(response, account.username, device)
                return response
            flash(_("Wrong username or password."), "error")
            status = 401
    if carried:
        return resend_page(carried, safe_next(request.args.get("next")), status if status != 200 else 400)
    return render_template("trainer/login.html", form=form), status


def wait_message(exc: LoginThrottledError) -> str:
    seconds = max(1, int(exc.retry_after.total_seconds()))
    if seconds < 90:
        return ngettext(
            "Too many wrong passwords. Try again in %(num)d second.",
            "Too many wrong passwords. Try again in %(num)d seconds.",
            seconds,
        )
    return _("Too many wrong passwords. Try again in %(minutes)d minute(s).", minutes=round(seconds / 60))


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="trainer-device")


def device_key(username: str) -> str | None:
    """The key this browser got at an earlier login as `username`, if it shows a valid one."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return None
    try:
        data = _devices().loads(cookie, max_age=int(DEVICE_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username or not isinstance(data.get("d"), str):
        return None
    return data["d"]


def remember_device(response, username: str, device: str | None) -> None:
    value = _devices().dumps({"u": username, "d": device or secrets.token_hex(8)})
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        path="/trainer/",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )


@bp.route("/logout", methods=["POST"])
@allow(*ANY_ACCOUNT)
def logout():
    if ActionForm().validate_on_submit():
        current_user.end_sessions()  # a copy of this session's cookie, anywhere, ends too
        db.session.commit()
        logout_user()
        session.clear()
    return redirect(url_for("trainer.login"))
