"""Translating offline and on paper: the PO download for Poedit (and its Poedit-style re-save),
uploads as suggestions or approvals, and a filled-in worksheet typed back. Texts are
placeholders ("[tyz test] …"), never real Tày."""

from __future__ import annotations

import html
import io
import re
import subprocess
from collections import OrderedDict

import polib
import pytest
from markupsafe import escape
from sqlalchemy import select

from lesson_toolkit.authoring.i18n.catalogue import po_path
from lesson_toolkit.authoring.workspace.models import Suggestion
from lesson_toolkit.extensions import db
from tests.workspace.support import FIRST_STEP, NEED, SLUG, STEPS, logged_in
from tests.workspace.test_translations import PAGE, audit, save, stored


@pytest.fixture
def translator(trainer_app):
    return logged_in(trainer_app, "mai", "translator")


@pytest.fixture
def reviewer(trainer_app):
    return logged_in(trainer_app, "nong", "translator", reviewed=["tyz"])


def poedit_resave(data: bytes, texts: dict[str, str] | None = None) -> bytes:
    """What Poedit writes back when its wrapping is off (65535): the same entries, the header
    fields in its own order with its X-Generator, and any text the translator typed."""
    po = polib.pofile(data.decode("utf-8"), wrapwidth=65535)
    for entry in po:
        if texts and entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
    fields = po.metadata
    order = ["Project-Id-Version", "Language-Team", "Language", "Last-Translator", "POT-Creation-Date"]
    po.metadata = OrderedDict(
        [(key, fields[key]) for key in order if key in fields]
        + [(key, value) for key, value in fields.items() if key not in order]
        + [("X-Generator", "Poedit 3.4.2")]
    )
    return str(po).encode("utf-8")


def upload(client, data: bytes, lang: str = "tyz"):
    response = client.post(
        f"{PAGE}/{lang}/upload",
        data={"po_file": (io.BytesIO(data), f"{SLUG}.{lang}.po")},
        content_type="multipart/form-data",
    )
    return response.status_code, " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def suggestions(app) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        found = db.session.scalars(select(Suggestion).order_by(Suggestion.id))
        return [(s.username, s.msgid, s.text, s.source) for s in found]


def test_the_tay_download_carries_the_source_and_the_pictures_and_passes_msgfmt(translator, tmp_path):
    data = translator.get(f"{PAGE}/tyz/download.po").data
    po = polib.pofile(data.decode("utf-8"))
    step = po.find(FIRST_STEP)
    assert step is not None and step.msgstr == ""  # the Vietnamese source as msgid, nothing filled in
    assert "picture: images/step-1.png" in step.comment  # `#.`: the step's picture
    assert b"#. picture: images/step-1.png\n" in data
    assert po.metadata["Language"] == "tyz" and po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    path = tmp_path / "lesson.tyz.po"
    path.write_bytes(data)
    checked = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(path)], capture_output=True)
    assert checked.returncode == 0, checked.stderr.decode()
    # one message, one line: nothing for Poedit or Weblate to rewrap
    assert all(not line.startswith('"') for line in data.decode().split("\n\n", 1)[1].splitlines())


def test_a_poedit_resave_left_unchanged_changes_nothing(trainer_app, translator, reviewer):
    save(reviewer, "tyz", STEPS, "[tyz test] published")
    path = po_path(trainer_app.extensions["toolkit"].library.locales_dir, "tyz", "lessons")
    changed = '#, fuzzy\n#| msgid "Check the amount."\nmsgid "Check the amount on the screen."\nmsgstr "[tyz test] old"'
    path.write_text(
        path.read_text("utf-8").replace('msgid "Check the amount on the screen."\nmsgstr ""', changed), "utf-8"
    )
    logged = len(audit(trainer_app))
    for client in (translator, reviewer):
        data = poedit_resave(client.get(f"{PAGE}/tyz/download.po").data)
        assert b"X-Generator: Poedit 3.4.2" in data
        status, page = upload(client, data)
        assert b'#| msgid "Check the amount."' in data and b"[tyz test] published" in data
        assert status == 200 and "0 translation(s) saved, 8 unchanged, 0 conflict(s)" in page
    assert not suggestions(trainer_app) and len(audit(trainer_app)) == logged
    assert stored(trainer_app, STEPS, "tyz") == "[tyz test] published"


def test_an_upload_is_suggestions_for_a_translator_and_approvals_for_a_reviewer(trainer_app, translator, reviewer):
    data = poedit_resave(translator.get(f"{PAGE}/tyz/download.po").data, {STEPS: "[tyz test] steps, offline"})
    status, page = upload(translator, data)
    assert status == 200 and "1 suggestion saved: a reviewer will check it." in page
    assert suggestions(trainer_app) == [("mai", STEPS, "[tyz test] steps, offline", "upload")]
    assert stored(trainer_app, STEPS, "tyz") == ""
    assert "[tyz test] steps" not in trainer_app.test_client().get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    status, page = upload(translator, data)  # the same file again: nothing new
    assert "suggestion saved" not in page and len(suggestions(trainer_app)) == 1
    # the reviewer's own file is published at once
    data = poedit_resave(reviewer.get(f"{PAGE}/tyz/download.po").data, {NEED: "[tyz test] what you need"})
    status, page = upload(reviewer, data)
    assert status == 200 and "1 translation(s) saved, 7 unchanged" in page
    assert stored(trainer_app, NEED, "tyz") == "[tyz test] what you need"
    assert [(a.username, a.action) for a in audit(trainer_app)] == [("mai", "suggest"), ("nong", "upload")]


def test_a_reviewer_types_in_a_filled_in_worksheet(trainer_app, reviewer):
    sheet = reviewer.get(f"{PAGE}/tyz/worksheet").get_data(as_text=True)
    assert "/worksheet/type" in reviewer.get(f"{PAGE}/tyz").get_data(as_text=True)
    assert f'<p class="source" lang="vi">{escape(STEPS)}</p>' in sheet
    page = reviewer.get(f"{PAGE}/tyz/worksheet/type").get_data(as_text=True)
    assert f'<p class="source" lang="vi">{escape(FIRST_STEP)}</p>' in page
    boxes = re.findall(r'<textarea [^>]*name="(text-[0-9a-f]{10})"[^>]*>(.*?)</textarea>', page, re.S)
    assert len(boxes) == 8 and all(text == "" for _, text in boxes)  # prefilled with nothing
    assert "step-1.png" in page  # the step's picture beside its source
    fields = {"csrf_token": "x", "entry": re.findall(r'name="entry" value="([0-9a-f]{10})"', page)}
    for name, value in re.findall(
        r'<input type="hidden" name="((?:context|msgid|base)-[0-9a-f]{10})" value="([^"]*)"', page
    ):
        fields[name] = html.unescape(value)
    steps_box = re.search(rf'name="msgid-([0-9a-f]{{10}})" value="{re.escape(str(escape(STEPS)))}"', page)[1]
    fields[f"text-{steps_box}"] = "[tyz test] from the sheet"
    response = reviewer.post(f"{PAGE}/tyz/worksheet/type", data=fields)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{PAGE}/tyz")
    assert stored(trainer_app, STEPS, "tyz") == "[tyz test] from the sheet"
    assert stored(trainer_app, NEED, "tyz") == ""  # empty boxes change nothing
    assert "[tyz test] from the sheet" in trainer_app.test_client().get(f"/tyz/lessons/{SLUG}").get_data(as_text=True)
    assert [(a.username, a.action, a.new) for a in audit(trainer_app)] == [
        ("nong", "translate", "[tyz test] from the sheet")
    ]


def test_a_translator_s_typed_worksheet_becomes_suggestions(trainer_app, translator):
    page = translator.get(f"{PAGE}/tyz/worksheet/type").get_data(as_text=True)
    assert "saved as your suggestions" in page
    fields = {"entry": re.findall(r'name="entry" value="([0-9a-f]{10})"', page)}
    for name, value in re.findall(
        r'<input type="hidden" name="((?:context|msgid|base)-[0-9a-f]{10})" value="([^"]*)"', page
    ):
        fields[name] = html.unescape(value)
    need_box = re.search(rf'name="msgid-([0-9a-f]{{10}})" value="{re.escape(str(escape(NEED)))}"', page)[1]
    fields[f"text-{need_box}"] = "[tyz test] need"
    assert translator.post(f"{PAGE}/tyz/worksheet/type", data=fields).status_code == 302
    assert suggestions(trainer_app) == [("mai", NEED, "[tyz test] need", "worksheet")]
    assert stored(trainer_app, NEED, "tyz") == ""
