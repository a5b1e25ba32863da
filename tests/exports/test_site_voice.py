"""The static pack carries the recordings its pages play, under relative links."""

from __future__ import annotations

from tests.viewer.test_voice import SLUG, record


def test_the_pack_includes_the_recordings_of_its_languages(runner, content, tmp_path):
    tay = record(content, "tyz", "step-2")
    draft = record(content, "tyz", "step-3", published=False)
    english = record(content, "en", "step-4")
    out = tmp_path / "pack"
    result = runner.invoke(args=["export", "site", str(out), "--lang", "tyz"])
    assert result.exit_code == 0, result.output
    folder = out / "audio" / SLUG / "tyz"
    assert sorted(p.name for p in folder.iterdir()) == sorted(tay.values())
    assert (folder / tay["opus"]).read_bytes() == (
        content / "lessons" / SLUG / "audio" / "tyz" / tay["opus"]
    ).read_bytes()
    page = (out / "tyz" / "lessons" / f"{SLUG}.html").read_text("utf-8")
    assert f'src="../../audio/{SLUG}/tyz/{tay["opus"]}"' in page
    assert draft["opus"] not in page and not (out / "audio" / SLUG / "en").exists()
    assert english["opus"] not in page
    # the pack's offline search says which lessons can be heard
    index = (out / "tyz" / "search-index.js").read_text("utf-8")
    assert '"h":"tiếng Tày"' in index
    # a second export rewrites nothing: the recordings' names are their content
    again = runner.invoke(args=["export", "site", str(out), "--lang", "tyz"])
    assert " 0 written," in again.output, again.output
