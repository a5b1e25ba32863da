"""Accounts in the browser: administrators list, create, change and disable accounts and give
one-time passwords; everyone changes their own password. Every change goes to the audit log
(action "account"), never with a password in it.

Changing one's own password asks for the current one, also right after a one-time password:
the person just typed it, and asking again proves that whoever holds the phone knows it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select
from wtforms import SelectChoice

from lesson_toolkit.authoring.i18n.languages import Language
from lesson_toolkit.authoring.workspace.accounts import (
    LAST_ADMIN,
    MAX_PASSWORD,
    MIN_PASSWORD,
    ONLY_DIGITS,
    ONLY_SPACES,
    SAME_PASSWORD,
    SELF_DISABLE,
    TOO_COMMON,
    TOO_LONG,
    TOO_SHORT,
    USERNAME_IN_PASSWORD,
    WRONG_CURRENT,
    AccountError,
    Change,
    LoginThrottledError,
    change_own_password,
    create_account,
    describe,
    find_account,
    record,
    set_password,
    update_account,
)
from lesson_toolkit.authoring.workspace.models import Account
from lesson_toolkit.authoring.workspace.web.access import ANY_ACCOUNT, allow, bp, safe_next, wait_message
from lesson_toolkit.authoring.workspace.web.forms import AccountForm, NewAccountForm, OneTimePasswordForm, PasswordForm
from lesson_toolkit.extensions import db, toolkit


def languages() -> list[Language]:
    return toolkit.library.registry.translated


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(language.code, f"{language.native} ({language.code})") for language in languages()]


def known_codes() -> list[str]:
    return [language.code for language in languages()]


def load_account(account_id: int) -> Account:
    """The loader every account view uses: the account, else 404."""
    account = db.session.get(Account, account_id)
    if account is None:
        abort(404)
    return account


def refusal(error: AccountError) -> str:
    """The core's refusal in the reader's language (the rare others as the core says them)."""
    if error.message == SELF_DISABLE:
        return _("You cannot disable your own account.")
    if error.message == LAST_ADMIN:
        return _("This is the last administrator who may log in. Make someone else an administrator first.")
    if error.message == WRONG_CURRENT:
        return _("The current password is wrong.")
    if error.message == SAME_PASSWORD:
        return _("Choose a new password, not the current one.")
    rules = password_rules()
    if error.message in rules:
        return rules[error.message]
    return _("This could not be done: %(detail)s", detail=error.message)


def password_rules() -> dict[str, str]:
    """The core's password rules (`accounts.check_password`) in the reader's language."""
    return {
        TOO_SHORT: _("Use at least %(min)d characters.", min=MIN_PASSWORD),
        TOO_LONG: _("Use at most %(max)d characters.", max=MAX_PASSWORD),
        ONLY_SPACES: _("Use letters or digits, not only spaces."),
        ONLY_DIGITS: _("Use letters too, not only digits."),
        USERNAME_IN_PASSWORD: _("Do not use your username in the password."),
        TOO_COMMON: _(
            "This password is too common or too easy to guess. Use a few words that belong together only for you."
        ),
    }


def with_languages(form: AccountForm) -> AccountForm:
    form.languages.choices = form.reviewed.choices = language_choices()
    return form


def account_form(account: Account, **kwargs) -> AccountForm:
    """The form, filled from the request when posted, else from the account."""
    initial = {
        "role": account.role,
        "active": account.active,
        "languages": sorted(account.language_codes),
        "reviewed": sorted(account.reviewed_codes),
    }
    return with_languages(AccountForm(data=initial, **kwargs))


@bp.route("/accounts")
@allow("admin")
def accounts():
    everyone = db.session.scalars(select(Account).order_by(Account.active.desc(), Account.username)).all()
    names = {language.code: language.native for language in languages()}
    return render_template("trainer/accounts.html", accounts=everyone, names=names)


@bp.route("/accounts/new", methods=["GET", "POST"])
@allow("admin")
def new_account():
    form = NewAccountForm()
    with_languages(form)
    if form.validate_on_submit():
        account = create_from(form)
        if account is not None:
            record(
                db.session,
                current_user,
                [Change("account", new=describe(account), detail=f"{account.username}: created")],
            )
            db.session.commit()
            flash(
                _(
                    "Account %(name)s created. Give them the one-time password: they choose their own "
                    "when they first log in.",
                    name=account.username,
                ),
                "ok",
            )
            return redirect(url_for("trainer.accounts"))
    status = 400 if form.errors else 200
    return render_template("trainer/account_new.html", form=form, min_password=MIN_PASSWORD), status


def create_from(form: NewAccountForm) -> Account | None:
    """The new account, with a one-time password; None when the form says why not."""
    if find_account(db.session, form.username.data):
        form.username.errors.append(_("This username is taken already."))
        return None
    try:
        account = create_account(
            db.session,
            form.username.data,
            form.password.data,
            form.role.data,
            languages=form.languages.data or (),
            reviewed=form.reviewed.data or (),
            known_languages=known_codes(),
            temporary=True,
        )
    except AccountError as error:
        db.session.rollback()
        field = form.password if error.field == "password" else form.username
        field.errors.append(refusal(error))
        return None
    account.active = form.active.data
    return account


def edit_page(account: Account, form: AccountForm, password_form: OneTimePasswordForm | None = None, status: int = 200):
    password_form = password_form or OneTimePasswordForm(formdata=None)
    return render_template("trainer/account_edit.html", account=account, form=form, password_form=password_form), status


@bp.route("/accounts/<int:id>", methods=["GET", "POST"])
@allow("admin")
def edit_account(id: int):
    account = load_account(id)
    form = account_form(account)
    if not form.validate_on_submit():
        return edit_page(account, form, status=400 if form.errors else 200)
    try:
        change = update_account(
            db.session,
            current_user,
            account,
            role=form.role.data,
            languages=form.languages.data or (),
            reviewed=form.reviewed.data or (),
            active=form.active.data,
            known_languages=known_codes(),
        )
    except AccountError as error:
        db.session.rollback()
        flash(refusal(error), "error")
        return edit_page(account, form, status=400)
    if change is not None:
        record(db.session, current_user, [change])
    db.session.commit()
    flash(_("Account %(name)s saved.", name=account.username), "ok")
    if not current_user.may("admin"):  # an administrator who made themself a trainer
        return redirect(url_for("trainer.dashboard"))
    return redirect(url_for("trainer.accounts"))


@bp.route("/accounts/<int:id>/password", methods=["POST"])
@allow("admin")
def one_time_password(id: int):
    """A one-time password for someone who forgot theirs: their open sessions end."""
    account = load_account(id)
    if account.id == current_user.id:
        flash(_("Change your own password on the “Change password” page."), "error")
        return redirect(url_for("trainer.password"))
    password_form = OneTimePasswordForm()
    if not password_form.validate_on_submit():
        return edit_page(account, account_form(account, formdata=None), password_form, status=400)
    try:
        set_password(db.session, account.username, password_form.password.data, temporary=True)
    except AccountError as error:
        db.session.rollback()
        password_form.password.errors.append(refusal(error))
        return edit_page(account, account_form(account, formdata=None), password_form, status=400)
    record(
        db.session,
        current_user,
        [Change("account", new=describe(account), detail=f"{account.username}: one-time password")],
    )
    db.session.commit()
    flash(
        _("%(name)s has a new one-time password and must choose their own at the next login.", name=account.username),
        "ok",
    )
    return redirect(url_for("trainer.edit_account", id=account.id))


@bp.route("/password", methods=["GET", "POST"])
@allow(*ANY_ACCOUNT)
def password():
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        account = current_user._get_current_object()
        try:
            change_own_password(db.session, account, form.current.data, form.password.data, request.remote_addr or "")
        except LoginThrottledError as exc:
            db.session.rollback()
            flash(wait_message(exc), "error")
            status = 429
        except AccountError as error:
            db.session.commit()  # keeps the count of wrong current passwords
            field = form.current if error.field == "current" else form.password
            field.errors.append(refusal(error))
            status = 400
        else:
            record(
                db.session,
                account,
                [Change("account", new=describe(account), detail=f"{account.username}: own password")],
            )
            db.session.commit()
            login_user(account)  # the new stamp ended every session, this one too: renew it
            flash(_("Your new password is saved."), "ok")
            return redirect(safe_next(request.args.get("next")))
    else:
        status = 400 if form.errors else 200
    return render_template("trainer/password.html", form=form, min_password=MIN_PASSWORD), status
