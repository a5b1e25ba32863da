"""`merge_template` finds the same fuzzy matches as Babel's own `Catalog.update`, faster.

Each case merges one template into two copies of one catalogue, once through Babel's
`Catalog.update` (difflib against every translated message) and once through `merge_template`,
and compares the written files byte for byte.
"""

import copy
import random

import pytest
from babel.messages.catalog import Catalog, Message

from lesson_toolkit.authoring.i18n import catalogue
from lesson_toolkit.authoring.i18n.catalogue import closest, merge_template, po_bytes, read_catalogue

WORDS = [
    "mở",
    "ứng",
    "dụng",
    "ngân",
    "hàng",
    "quét",
    "mã",
    "QR",
    "hoá",
    "đơn",
    "tiền",
    "điện",
    "kiểm",
    "tra",
    "tên",
    "khách",
    "hàng",
    "số",
    "tiền",
    "xác",
    "nhận",
]


def babel_merge(catalog: Catalog, template: Catalog) -> None:
    """What `merge_template` did before: Babel's update, then the `#|` kept on old drafts."""
    previous = {(m.id, m.context): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, update_header_comment=False)
    for message in catalog:
        if message.fuzzy and not message.previous_id and (message.id, message.context) in previous:
            message.previous_id = previous[(message.id, message.context)]


def both_ways(catalog: Catalog, template: Catalog) -> tuple[bytes, bytes]:
    ours, theirs = copy.deepcopy(catalog), copy.deepcopy(catalog)
    merge_template(ours, copy.deepcopy(template))
    babel_merge(theirs, copy.deepcopy(template))
    return po_bytes(ours), po_bytes(theirs)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))).capitalize() + "."


def edited(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    for _ in range(rng.randint(1, 3)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    if rng.random() < 0.3:
        words.append(rng.choice(WORDS))
    return " ".join(words) + "."


@pytest.fixture
def translated(tmp_path):
    """A Vietnamese-to-English catalogue of generated sentences, every message translated
    (placeholder English: `EN <msgid>`), some with contexts, plurals, comments and drafts."""
    path = tmp_path / "lessons.po"
    rng = random.Random(20)
    entries = ['msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n']
    seen = set()
    for number in range(300):
        text = sentence(rng)
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        lines = [f"#: lesson-{number % 7}/lesson.md"]
        if number % 11 == 0:
            lines.insert(0, "# a translator's note")
        if number % 13 == 0:
            lines.append("#, fuzzy")
            lines.append(f'#| msgid "{text[:-1]} cũ."')
        if number % 17 == 0:
            lines.append(f'msgctxt "step {number}"')
        if number % 19 == 0:
            lines += [
                f'msgid "{text}"',
                f'msgid_plural "{text} nhiều"',
                f'msgstr[0] "EN {text}"',
                'msgstr[1] "EN many"',
            ]
        else:
            lines += [f'msgid "{text}"', f'msgstr "{"" if number % 23 == 0 else "EN " + text}"']
        entries.append("\n".join(lines) + "\n")
    path.write_text("\n".join(entries), encoding="utf-8")
    return read_catalogue(path)


def template_from(catalog: Catalog, rng: random.Random, *, changed: float, added: int) -> Catalog:
    """The catalogue's sources with some edited, some gone, some new: as the next extract."""
    template = Catalog(fuzzy=False)
    for message in catalog:
        if not message.id or rng.random() < 0.05:
            continue
        msgid = message.id
        if rng.random() < changed:
            msgid = edited(rng, msgid) if isinstance(msgid, str) else (edited(rng, msgid[0]), msgid[1])
        template[msgid] = Message(msgid, locations=message.locations, context=message.context)
    for number in range(added):
        text = sentence(rng)
        template[text] = Message(text, locations=[(f"lesson-new-{number}/lesson.md", None)])
    return template


@pytest.mark.parametrize("seed", range(6))
def test_the_same_catalogue_as_babels_fuzzy_update(translated, seed):
    rng = random.Random(seed)
    template = template_from(translated, rng, changed=0.3, added=60)
    ours, theirs = both_ways(translated, template)
    assert b"#, fuzzy" in ours and b"#| msgid" in ours and b"#~ msgid" in ours  # the case is not trivial
    assert ours == theirs


def test_an_edited_step_keeps_its_translation_as_a_draft():
    catalog = Catalog(locale="en", fuzzy=False)
    catalog["Mở ứng dụng ngân hàng."] = Message("Mở ứng dụng ngân hàng.", "Open the bank app.")
    catalog["Quét mã QR."] = Message("Quét mã QR.", "Scan the QR code.")
    template = Catalog(fuzzy=False)
    template["Mở ứng dụng ngân hàng của bạn."] = Message("Mở ứng dụng ngân hàng của bạn.")
    template["Gọi cho con."] = Message("Gọi cho con.")
    merge_template(catalog, template)
    draft = catalog.get("Mở ứng dụng ngân hàng của bạn.")
    assert draft.string == "Open the bank app." and draft.fuzzy
    assert draft.previous_id == ["Mở ứng dụng ngân hàng."]
    assert catalog.get("Gọi cho con.").string == ""
    assert list(catalog.obsolete) == ["Quét mã QR."]  # the edited one is a draft, not obsolete
    assert template.get("Mở ứng dụng ngân hàng của bạn.").string == ""  # the template is untouched


def test_closest_agrees_with_difflib_on_ties_and_the_cutoff():
    from babel.messages.catalog import get_close_matches

    rng = random.Random(3)
    candidates = list({sentence(rng).lower() for _ in range(400)})
    candidates += ["ab", "ba", "abc", "cab", "bca"]  # equal ratios: the greatest string wins
    for word in [sentence(rng).lower() for _ in range(150)] + ["abc", "ac", "zzz", ""]:
        expected = get_close_matches(word, candidates, 1)
        assert closest(word, candidates) == (expected[0] if expected else None), word


def test_babels_update_is_still_what_it_matches_against():
    """If Babel changes its cutoff or its key, this equality would no longer be Babel's."""
    import inspect

    from babel.messages import catalog as babel_catalog

    assert inspect.signature(babel_catalog.get_close_matches).parameters["cutoff"].default == catalogue.FUZZY_CUTOFF
    assert Catalog()._to_fuzzy_match_key(("  Abc ", "ctx")) == catalogue._match_key(("  Abc ", "ctx"))
