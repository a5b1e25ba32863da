"""`flask community …`: places and the league, thin over `authoring.community`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from lesson_toolkit.authoring.storage import atomic_write


@click.group(help="Community teams: places, counts and the league.")
def community():
    pass


@community.command("import-places")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_places_command(path: Path):
    """Create or update provinces, communes and villages from a CSV file with the columns
    province, commune, village and (optional) households. A bad line changes nothing."""
    from lesson_toolkit.authoring.community.places import import_places
    from lesson_toolkit.authoring.errors import ToolkitError
    from lesson_toolkit.extensions import db

    try:
        report = import_places(db.session, path.read_text(encoding="utf-8-sig"))
    except ToolkitError as error:
        db.session.rollback()
        error.path = path
        raise
    db.session.commit()
    click.echo(
        f"{report.provinces_created} province(s), {report.communes_created} commune(s), "
        f"{report.villages_created} village(s) created; {report.villages_updated} village(s) updated, "
        f"{report.villages_unchanged} unchanged"
    )


@community.command("league")
@click.option("--province", help="A province's name or id: its communes' league (or the commune's province).")
@click.option("--commune", help="A commune's name or id: its villages' league.")
@click.option("--month", required=True, help="The month, e.g. 2026-11.")
@click.option("--skill", required=True, help="One of the skills, e.g. vneid_installed.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write a CSV file.")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write an .xlsx file.")
@with_appcontext
def league_command(province, commune, month, skill, csv_out, xlsx_out):
    """The villages of a commune, or the communes of a province, ranked by households helped."""
    from lesson_toolkit.authoring.community.export import export_csv, export_xlsx
    from lesson_toolkit.authoring.community.league import league, province_league
    from lesson_toolkit.authoring.community.models import Province
    from lesson_toolkit.authoring.community.teams import find_commune, find_place
    from lesson_toolkit.extensions import db

    if not (province or commune):
        raise click.UsageError("give --commune or --province")
    if commune:
        rows = league(db.session, find_commune(db.session, commune, province).id, month, skill)
    else:
        rows = province_league(db.session, find_place(db.session, Province, province).id, month, skill)
    for row in rows:
        share = f"{row.share:.0%}" if row.share is not None else "-"
        households = row.households if row.households is not None else "-"
        click.echo(f"{row.rank}\t{row.village or row.commune}\t{row.helped}\t{households}\t{share}")
    from flask_babel import force_locale, gettext

    from lesson_toolkit.authoring.community.models import SKILLS

    with force_locale("vi"):  # the report's columns are Vietnamese: so are its skills
        names = {key: gettext(label) for key, label in SKILLS.items()}
    if csv_out:
        atomic_write(csv_out, export_csv(rows, names).encode("utf-8-sig"))
    if xlsx_out:
        atomic_write(xlsx_out, export_xlsx(rows, names))
