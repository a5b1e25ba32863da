"""Suggestions and review (`authoring.workspace.suggestions`) through the translation editor:
translators suggest, reviewers of the language approve, edit or reject, and only approved text
reaches learners. Texts are placeholders ("[tyz test] …"), never real Tày or Dao."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from markupsafe import escape
from sqlalchemy import inspect, select

from lesson_toolkit.authoring.i18n.catalogue import po_path, read_catalogue
from lesson_toolkit.authoring.workspace.models import AuditEntry, Suggestion
from lesson_toolkit.extensions import db
from tests.workspace.support import NEED, SLUG, STEPS, logged_in, registry
from tests.workspace.test_translations import PAGE, audit, save, stored, textarea, whole_form


@pytest.fixture
def translator(trainer_app):
    return logged_in(trainer_app, "mai", "translator")


@pytest.fixture
def reviewer(trainer_app):
    return logged_in(trainer_app, "nong", "translator", reviewed=["tyz"])


def learner_page(app, lang: str = "tyz") -> str:
    return app.test_client().get(f"/{lang}/lessons/{SLUG}").get_data(as_text=True)


def suggestion_ids(page: str, action: str = "approve") -> list[str]:
    return re.findall(rf'name="decide" value="{action}-(\d+)"', page)


def decide(client, lang: str, action: str, number: str, text: str | None = None):
    page = client.get(f"{PAGE}/{lang}").get_data(as_text=True)
    fields = whole_form(page) | {"decide": f"{action}-{number}"}
    if text is not None:
        fields[f"suggestion-{number}"] = text
    return client.post(f"{PAGE}/{lang}", data=fields)


def rows(app) -> list[Suggestion]:
    with app.app_context():
        found = db.session.scalars(select(Suggestion).order_by(Suggestion.id)).all()
        db.session.expunge_all()
        return list(found)


def test_a_suggestion_approved_by_a_reviewer_is_published_on_the_phone_page(trainer_app, translator, reviewer):
    save(translator, "tyz", STEPS, "[tyz test] steps")
    assert "[tyz test] steps" not in learner_page(trainer_app)
    assert stored(trainer_app, STEPS, "tyz") == ""  # lessons.po holds no unreviewed text at all
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "1 suggestion waits for a reviewer" in page and "mai · " in page
    assert f'<p class="source" lang="vi">{escape(STEPS)}</p>' in page  # beside the Vietnamese source
    [number] = suggestion_ids(page)
    response = decide(reviewer, "tyz", "approve", number)
    assert response.status_code == 302
    assert "Suggestion approved" in reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert "[tyz test] steps" in learner_page(trainer_app)
    catalog = read_catalogue(
        po_path(Path(trainer_app.config["LOCALES_DIR"]), "tyz", "lessons"), registry_tyz(trainer_app)
    )
    assert not catalog.get(STEPS).fuzzy  # published: not a draft
    assert [(a.username, a.action) for a in audit(trainer_app)] == [("mai", "suggest"), ("nong", "approve")]
    assert "approved the suggestion by mai" in audit(trainer_app)[-1].detail
    assert [r.state for r in rows(trainer_app)] == ["approved"]


def registry_tyz(app):
    return registry(Path(app.config["LOCALES_DIR"]).parent)["tyz"]


def test_a_rejected_suggestion_is_never_published(trainer_app, translator, reviewer):
    save(translator, "tyz", STEPS, "[tyz test] wrong")
    [number] = suggestion_ids(reviewer.get(f"{PAGE}/tyz").get_data(as_text=True), "reject")
    assert decide(reviewer, "tyz", "reject", number).status_code == 302
    assert "[tyz test] wrong" not in learner_page(trainer_app)
    assert "[tyz test] wrong" not in reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert [r.state for r in rows(trainer_app)] == ["rejected"]
    last = audit(trainer_app)[-1]
    assert (last.username, last.action, last.old, last.new) == ("nong", "reject", "[tyz test] wrong", None)


def test_several_suggestions_stand_side_by_side_with_their_authors(trainer_app, translator, reviewer):
    hoa = logged_in(trainer_app, "hoa", "translator")
    save(translator, "tyz", STEPS, "[tyz test] by mai")
    save(hoa, "tyz", STEPS, "[tyz test] by hoa")
    save(translator, "tyz", STEPS, "[tyz test] by mai, second thoughts")  # replaces mai's own
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "2 suggestions wait for a reviewer" in page
    assert page.index("hoa · ") < page.index("mai · ")  # oldest first: mai's first one was withdrawn
    assert "[tyz test] by hoa" in page and "[tyz test] by mai, second thoughts" in page
    assert [r.state for r in rows(trainer_app)] == ["withdrawn", "pending", "pending"]
    # each translator sees their own suggestion in their box
    assert textarea(hoa.get(f"{PAGE}/tyz").get_data(as_text=True), STEPS) == "[tyz test] by hoa"
    # the reviewer picks hoa's: mai's stays, to be decided on its own
    hoa_id = str(rows(trainer_app)[1].id)
    decide(reviewer, "tyz", "approve", hoa_id)
    assert "[tyz test] by hoa" in learner_page(trainer_app)
    assert "1 suggestion waits" in reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)


def test_a_reviewer_edits_a_suggestion_and_approves_it(trainer_app, translator, reviewer):
    save(translator, "tyz", STEPS, "[tyz test] almost")
    [number] = suggestion_ids(reviewer.get(f"{PAGE}/tyz").get_data(as_text=True))
    decide(reviewer, "tyz", "approve", number, text="[tyz test] almost right, now right")
    assert "now right" in learner_page(trainer_app)
    last = audit(trainer_app)[-1]
    assert (last.action, last.new) == ("edit", "[tyz test] almost right, now right")
    assert rows(trainer_app)[0].state == "edited"


def test_a_translator_cannot_approve(trainer_app, translator):
    hoa = logged_in(trainer_app, "hoa", "translator")
    save(hoa, "tyz", STEPS, "[tyz test] hoa's")
    page = translator.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert not suggestion_ids(page) and "[tyz test] hoa&#39;s" in page  # seen, but no button
    number = str(rows(trainer_app)[0].id)
    response = decide(translator, "tyz", "approve", number)
    assert response.status_code == 403
    assert "only a reviewer of this language may decide" in response.get_data(as_text=True)
    assert "[tyz test] hoa" not in learner_page(trainer_app) and rows(trainer_app)[0].state == "pending"


def test_a_reviewer_of_tay_cannot_approve_iu_mien(trainer_app, translator, reviewer):
    save(translator, "ium", STEPS, "[ium test] steps")
    number = str(rows(trainer_app)[0].id)
    assert not suggestion_ids(reviewer.get(f"{PAGE}/ium").get_data(as_text=True))
    assert decide(reviewer, "ium", "approve", number).status_code == 403
    assert decide(reviewer, "tyz", "approve", number).status_code == 404  # not a Tày suggestion
    assert "[ium test]" not in learner_page(trainer_app, "ium") and stored(trainer_app, STEPS, "ium") == ""


def test_a_sole_reviewer_may_approve_their_own_suggestion_and_the_log_says_so(trainer_app, reviewer):
    save(reviewer, "tyz", STEPS, "[tyz test] unsure", draft=True)  # "keep as a draft": a suggestion
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "[tyz test] unsure" not in learner_page(trainer_app)
    assert textarea(page, STEPS) == "[tyz test] unsure"  # their own suggestion, in their box, ticked
    assert re.search(r'name="draft-[0-9a-f]{10}" value="y" checked', page)
    [number] = suggestion_ids(page)
    assert decide(reviewer, "tyz", "approve", number).status_code == 302
    assert "[tyz test] unsure" in learner_page(trainer_app)
    assert audit(trainer_app)[-1].detail.endswith("own suggestion, approved as the only reviewer of tyz")


def test_own_suggestion_needs_the_other_reviewer_where_there_is_one(trainer_app, reviewer):
    second = logged_in(trainer_app, "thao", "translator", reviewed=["tyz"])
    save(reviewer, "tyz", STEPS, "[tyz test] unsure", draft=True)
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert not suggestion_ids(page) and "another reviewer of Tày approves it" in page
    number = str(rows(trainer_app)[0].id)
    response = decide(reviewer, "tyz", "approve", number)
    assert response.status_code == 403 and "has another reviewer" in response.get_data(as_text=True)
    assert "[tyz test] unsure" not in learner_page(trainer_app)
    assert decide(second, "tyz", "approve", number).status_code == 302
    assert "[tyz test] unsure" in learner_page(trainer_app)
    assert "own suggestion" not in audit(trainer_app)[-1].detail


def test_a_reviewer_s_own_text_waits_for_the_second_reviewer_where_there_is_one(trainer_app, reviewer):
    """Unticking "keep as a draft" does not let a reviewer publish their own Tày alone when the
    language has a second reviewer: it is a suggestion, as anyone's, until the other approves."""
    second = logged_in(trainer_app, "thao", "translator", reviewed=["tyz"])
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert "What you write yourself is saved as a suggestion" in page
    assert not re.search(r'name="draft-[0-9a-f]{10}"', page)  # no "keep as a draft": it is one anyway
    assert save(reviewer, "tyz", STEPS, "[tyz test] mine", draft=False).status_code == 302
    assert "[tyz test] mine" not in learner_page(trainer_app)
    assert stored(trainer_app, STEPS, "tyz") == ""
    [mine] = rows(trainer_app)
    assert (mine.state, mine.text) == ("pending", "[tyz test] mine")
    assert decide(reviewer, "tyz", "approve", str(mine.id)).status_code == 403
    assert decide(second, "tyz", "approve", str(mine.id)).status_code == 302
    assert "[tyz test] mine" in learner_page(trainer_app)
    assert [(a.username, a.action) for a in audit(trainer_app)] == [("nong", "suggest"), ("thao", "approve")]


def test_a_sole_reviewer_publishes_their_own_text_directly(trainer_app, reviewer):
    assert save(reviewer, "tyz", STEPS, "[tyz test] alone", draft=False).status_code == 302
    assert "[tyz test] alone" in learner_page(trainer_app)
    assert rows(trainer_app) == []


def test_english_keeps_its_reviewers_every_translator_publishes(trainer_app, translator):
    save(translator, "en", STEPS, "The steps")  # English is reviewed: a translator publishes
    assert "The steps" in learner_page(trainer_app, "en")
    save(translator, "en", NEED, "What you need?", draft=True)  # unsure: a suggestion
    assert "What you need?" not in learner_page(trainer_app, "en")
    hoa = logged_in(trainer_app, "hoa", "translator")  # a second reviewer of English
    number = str(rows(trainer_app)[0].id)
    assert decide(translator, "en", "approve", number).status_code == 403  # not one's own
    assert decide(hoa, "en", "approve", number).status_code == 302
    assert "What you need?" in learner_page(trainer_app, "en")


def test_a_decision_needs_the_entry_as_the_reviewer_saw_it(trainer_app, translator, reviewer):
    save(translator, "tyz", STEPS, "[tyz test] mai's")
    page = reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    [number] = suggestion_ids(page)
    save(logged_in(trainer_app, "lan", "translator"), "tyz", STEPS, "[tyz test] lan's")
    second = logged_in(trainer_app, "thao", "translator", reviewed=["tyz"])
    assert decide(second, "tyz", "approve", str(rows(trainer_app)[-1].id)).status_code == 302  # published meanwhile
    response = reviewer.post(f"{PAGE}/tyz", data=whole_form(page) | {"decide": f"approve-{number}"})
    assert response.status_code == 409 and "published a translation of this message meanwhile" in response.get_data(
        as_text=True
    )
    assert stored(trainer_app, STEPS, "tyz") == "[tyz test] lan's" and rows(trainer_app)[0].state == "pending"


def test_the_suggestion_table_migrates_up_and_down(migrated_app):
    assert "suggestion" in inspect(db.engine).get_table_names()
    downgrade(revision="f94a166f1daa")
    assert "suggestion" not in inspect(db.engine).get_table_names()
    upgrade()
    assert {c["name"] for c in inspect(db.engine).get_columns("suggestion")} >= {"lang", "msgid", "text", "state"}


def test_old_drafts_files_are_imported_as_suggestions(trainer_app, reviewer):
    save(reviewer, "tyz", STEPS, "[tyz test] published")
    locales = po_path(Path(trainer_app.config["LOCALES_DIR"]), "tyz", "lessons").parent
    drafts = locales / "lessons.drafts.po"
    drafts.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: tyz\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        f'#: lessons/{SLUG}/lesson.md:0\n#, fuzzy\nmsgid "{STEPS}"\nmsgstr "[tyz test] an old draft"\n',
        "utf-8",
    )
    result = trainer_app.test_cli_runner().invoke(args=["suggestions", "import-drafts"])
    assert result.exit_code == 0, result.output
    assert "1 draft(s) imported" in result.output and not drafts.exists()
    [row] = [r for r in rows(trainer_app)]
    assert (row.username, row.source, row.state, row.lesson) == ("lessons.drafts.po", "drafts-file", "pending", SLUG)
    assert "[tyz test] an old draft" in reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    with trainer_app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "suggest")).new == (
            "[tyz test] an old draft"
        )
    again = trainer_app.test_cli_runner().invoke(args=["suggestions", "import-drafts"])
    assert "nothing to import" in again.output
