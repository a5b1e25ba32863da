"""`flask users …`: accounts of the trainers' workspace. There is no default password: it is
typed at a prompt, or read from a file (`--password-file`) or from TOOLKIT_PASSWORD."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import with_appcontext

from lesson_toolkit.authoring.community.models import COMMUNITY_ROLES
from lesson_toolkit.authoring.workspace.models import ROLES
from lesson_toolkit.extensions import toolkit

PASSWORD_ENV = "TOOLKIT_PASSWORD"


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [code for code in value.replace(",", " ").split() if code]


def _known_languages() -> list[str]:
    return [language.code for language in toolkit.library.registry.translated]


def _password(password_file: Path | None) -> str:
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(action):
    from lesson_toolkit.extensions import db

    try:
        account = action(db.session)
        db.session.commit()
    except BaseException:
        db.session.rollback()  # an AccountError (a click exception) then says what is wrong
        raise
    return account


def _describe(account) -> str:
    languages = account.languages or "all languages"
    reviewed = f", reviewed native speaker of {account.reviewed_languages}" if account.reviewed_languages else ""
    state = "" if account.active else " (disabled)"
    if account.must_change_password:
        state += " (one-time password)"
    if account.role in COMMUNITY_ROLES:  # a team member or an officer counts, and translates nothing
        return f"{account.username}: {account.role}{state}"
    return f"{account.username}: {account.role} ({languages}{reviewed}){state}"


password_file_option = click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Read the password from the first line of this file (or set {PASSWORD_ENV}; else you are asked).",
)
languages_option = click.option(
    "--languages", help="Languages a translator may translate, e.g. 'vi,tyz' (default: all)."
)
temporary_option = click.option(
    "--temporary",
    is_flag=True,
    help="A one-time password: the person must choose their own at their first login.",
)
reviewed_option = click.option(
    "--reviewed",
    help="Languages in which this person is a reviewed native speaker: their Tày or Dao translations are "
    "published, not kept as drafts (e.g. 'tyz').",
)


@click.group(help="Accounts of the trainers' workspace.")
def users():
    pass


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@languages_option
@reviewed_option
@password_file_option
@temporary_option
@with_appcontext
def users_create(username, role, languages, reviewed, password_file, temporary):
    """Create an account."""
    from lesson_toolkit.authoring.workspace.accounts import create_account

    password = _password(password_file)
    account = _run(
        lambda session: create_account(
            session,
            username,
            password,
            role,
            languages=_split(languages) or (),
            reviewed=_split(reviewed) or (),
            known_languages=_known_languages(),
            temporary=temporary,
        )
    )
    click.echo(f"created {_describe(account)}")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@languages_option
@reviewed_option
@with_appcontext
def users_set_role(username, role, languages, reviewed):
    """Change an account's role (and, when given, its languages). Use '' to clear a list."""
    from lesson_toolkit.authoring.workspace.accounts import set_role

    account = _run(
        lambda session: set_role(
            session,
            username,
            role,
            languages=_split(languages),
            reviewed=_split(reviewed),
            known_languages=_known_languages(),
        )
    )
    click.echo(f"updated {_describe(account)}")


@users.command("set-password")
@click.argument("username")
@password_file_option
@temporary_option
@with_appcontext
def users_set_password(username, password_file, temporary):
    """Give an account a new password (its open sessions end)."""
    from lesson_toolkit.authoring.workspace.accounts import set_password

    password = _password(password_file)
    account = _run(lambda session: set_password(session, username, password, temporary=temporary))
    kind = "one-time password" if temporary else "password"
    click.echo(f"new {kind} for {account.username}")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the account again.")
@with_appcontext
def users_disable(username, enable):
    """Stop (or allow again) an account from logging in; its history stays."""
    from lesson_toolkit.authoring.workspace.accounts import set_active

    account = _run(lambda session: set_active(session, username, enable))
    click.echo(_describe(account))


@users.command("list")
@with_appcontext
def users_list():
    """List the accounts."""
    from sqlalchemy import select

    from lesson_toolkit.authoring.workspace.models import Account
    from lesson_toolkit.extensions import db

    for account in db.session.scalars(select(Account).order_by(Account.username)):
        click.echo(_describe(account))


def _account(session, username: str):
    from lesson_toolkit.authoring.workspace.accounts import AccountError, find_account

    account = find_account(session, username)
    if account is None:
        raise AccountError("username", f"no account {username!r}")
    return account


@users.command("join-team")
@click.argument("username")
@click.option("--commune", required=True, help="The commune's name or id.")
@click.option("--village", required=True, help="The village's name or id.")
@click.option("--province", help="The province, where two communes have the same name.")
@click.option("--team", "number", type=int, default=1, show_default=True, help="The team's number in the village.")
@with_appcontext
def users_join_team(username, commune, village, province, number):
    """Put a team member's account (role member) in a village's community team."""
    from lesson_toolkit.authoring.community.models import Village
    from lesson_toolkit.authoring.community.teams import find_commune, find_place, join_team

    def join(session):
        place = find_place(session, Village, village, commune_id=find_commune(session, commune, province).id)
        join_team(session, _account(session, username), place, number)
        return place

    place = _run(join)
    click.echo(f"{username}: team {number} of {place.name}")


@users.command("officer")
@click.argument("username")
@click.option("--commune", required=True, help="The commune's name or id.")
@click.option("--province", help="The province, where two communes have the same name.")
@with_appcontext
def users_officer(username, commune, province):
    """Let a commune officer's account (role officer) see a commune's counts and league."""
    from lesson_toolkit.authoring.community.teams import appoint_officer, find_commune

    def appoint(session):
        place = find_commune(session, commune, province)
        appoint_officer(session, _account(session, username), place)
        return place

    place = _run(appoint)
    click.echo(f"{username}: officer of {place.name}")


@users.command("unlock")
@click.argument("username", required=False)
@click.option("--address", help="Also (or only) forget the failed logins from this address.")
@with_appcontext
def users_unlock(username, address):
    """Forget the failed logins of an account (on every device) or of an address."""
    from lesson_toolkit.authoring.workspace.accounts import unlock

    count = _run(lambda session: unlock(session, username, address))
    click.echo(f"forgot {count} throttle record(s)")


@users.command("prune-throttle")
@click.option("--days", type=click.IntRange(min=0), default=7, show_default=True, help="Keep this many days.")
@with_appcontext
def users_prune_throttle(days):
    """Delete failed-login records (user names, addresses) older than --days: run it daily."""
    from datetime import timedelta

    from lesson_toolkit.authoring.workspace.throttle import prune

    count = _run(lambda session: prune(session, keep=timedelta(days=days)))
    click.echo(f"deleted {count} throttle record(s) older than {days} day(s)")


@click.group(help="Translations waiting for a reviewer (suggestions).")
def suggestions():
    pass


@suggestions.command("import-drafts")
@with_appcontext
def suggestions_import_drafts():
    """Turn each language's lessons.drafts.po (drafts of earlier versions) into suggestions, and
    remove the files. Run once after upgrading; then commit the removal in git."""
    from lesson_toolkit.authoring.workspace.suggestions import import_drafts
    from lesson_toolkit.extensions import db

    library = toolkit.library
    try:
        imported = import_drafts(db.session, library.locales_dir, library.registry)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    for path, count in imported.items():
        path.unlink()  # only once the suggestions are safely in the database
        click.echo(f"{path}: {count} draft(s) imported as suggestions; file removed")
    if not imported:
        click.echo("no lessons.drafts.po found: nothing to import")
