"""One segmenter for both directions: what becomes a message, and rendering from catalogues."""

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lesson_toolkit.authoring.core.render import Translations, chain_translate
from lesson_toolkit.authoring.core.segmenter import ALT_CONTEXT, MARKDOWN_EXTENSIONS, Segment, convert, count_steps
from lesson_toolkit.authoring.i18n.pseudo import pseudo_text

BODY = """\
# Pay *the* bill

Open the **app** and
read [the guide](https://evn.com.vn).

- A phone
- A bill
    - with a QR code

1. Tap **Scan QR**.

    ![A phone with the Scan QR button](images/step-1.png)

2. Check the amount.

!!! warning "Beware of scams"
    Never share your `OTP`.

!!! tip
    Untitled tips take their title from the interface.

| Name | Code |
|------|------|
| Customer | P123 |

    print("code blocks are never messages")

https://evn.com.vn
"""


def messages(body):
    return [(s.context, s.msgid) for s in convert(body).segments]


def test_every_kind_of_block_is_one_message_with_inline_markdown_kept():
    assert messages(BODY) == [
        (None, "Pay *the* bill"),
        (None, "Open the **app** and read [the guide](https://evn.com.vn)."),
        (None, "A phone"),
        (None, "A bill"),
        (None, "with a QR code"),
        (None, "Tap **Scan QR**."),
        (ALT_CONTEXT, "A phone with the Scan QR button"),
        (None, "Check the amount."),
        (None, "Beware of scams"),
        (None, "Never share your `OTP`."),
        (None, "Untitled tips take their title from the interface."),
        (None, "Name"),
        (None, "Code"),
        (None, "Customer"),
        (None, "P123"),
    ]


def test_alt_text_names_its_picture_and_the_path_is_never_a_message():
    segments = convert(BODY).segments
    alt = next(s for s in segments if s.context == ALT_CONTEXT)
    assert alt.comment == "picture: images/step-1.png"
    assert not any("images/" in s.msgid for s in segments)
    assert not any("print(" in s.msgid or s.msgid.startswith("http") for s in segments)


def test_steps_are_numbered_by_the_list_not_by_the_message():
    html = convert(BODY).html
    assert '<ol class="steps">' in html and 'id="step-2"' in html
    assert "Tap <strong>Scan QR</strong>." in html


def test_untitled_admonitions_take_the_interface_label():
    html = convert(BODY, label=lambda kind: f"<{kind} label>").html
    assert "&lt;tip label&gt;" in html


def test_messages_are_nfc_and_whitespace_collapsed():
    decomposed = unicodedata.normalize("NFD", "Bấm   nút\n  xác nhận")
    assert messages(decomposed) == [(None, "Bấm nút xác nhận")]


def test_translations_go_into_the_tree_and_fallbacks_carry_their_language():
    vi = Translations(
        "vi",
        {
            (None, "A phone"): "Một chiếc điện thoại",
            (ALT_CONTEXT, "A phone with the Scan QR button"): "Điện thoại có nút Quét QR",
        },
    )
    converted = convert(BODY, chain_translate("tyz", [Translations("tyz"), vi], "en"))
    assert '<li lang="vi">Một chiếc điện thoại</li>' in converted.html
    assert 'alt="Điện thoại có nút Quét QR" lang="vi"' in converted.html
    assert '<li lang="en">A bill' in converted.html
    assert converted.fallbacks == {"vi", "en"}


def test_a_translation_cannot_add_blocks():
    translate = lambda s: ("# not a heading\n\n- nor a list", "xx")  # noqa: E731
    html = convert("A paragraph.\n", translate).html
    assert "<h1>" not in html and "<li>" not in html


# --- property-based: generated lessons -------------------------------------------------------

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
phrase = st.lists(word, min_size=1, max_size=6).map(" ".join)
inline = st.one_of(
    phrase,
    phrase.map(lambda p: f"**{p}**"),
    phrase.map(lambda p: f"*{p}*"),
    word.map(lambda w: f"`{w}`"),
    st.tuples(phrase, word).map(lambda t: f"[{t[0]}](https://example.org/{t[1]})"),
)
sentence = (
    st.lists(inline, min_size=1, max_size=5).map(" ".join).map(lambda s: s[0].upper() + s[1:] if s[0].isalpha() else s)
)
picture = st.tuples(phrase, word).map(lambda t: f"![{t[0]}](images/{t[1]}.png)")
heading = st.tuples(st.integers(1, 3), sentence).map(lambda t: "#" * t[0] + " " + t[1])
bullets = st.lists(sentence, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items))
nested = st.tuples(sentence, st.lists(sentence, min_size=1, max_size=3)).map(
    lambda t: f"- {t[0]}\n" + "\n".join(f"    - {i}" for i in t[1])
)
steps = st.lists(st.tuples(sentence, picture), min_size=1, max_size=4).map(
    lambda items: "\n\n".join(f"{n}. {text}\n\n    {pic}" for n, (text, pic) in enumerate(items, 1))
)
admonition = st.tuples(st.sampled_from(["tip", "warning", "note"]), phrase, sentence).map(
    lambda t: f'!!! {t[0]} "{t[1]}"\n    {t[2]}'
)
table = st.lists(st.tuples(phrase, phrase), min_size=1, max_size=3).map(
    lambda rows: "| A | B |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
)
code = word.map(lambda w: f"    {w} = 1")
block = st.one_of(heading, sentence, bullets, nested, steps, admonition, table, code, picture)
document = st.lists(block, min_size=1, max_size=8).map("\n\n".join)


class TextNodes(HTMLParser):
    """Visible text nodes, outside code; and alt attributes."""

    def __init__(self):
        super().__init__()
        self.texts, self.depth_code = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "pre"):
            self.depth_code += 1
        for name, value in attrs:
            if name == "alt" and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("code", "pre"):
            self.depth_code -= 1

    def handle_data(self, data):
        if not self.depth_code and data.strip():
            self.texts.append(data)


def visible_text(html):
    parser = TextNodes()
    parser.feed(html)
    return parser.texts


def catalogue_of(body, transform):
    table = {s.key: transform(s.msgid) for s in convert(body).segments}
    return chain_translate("xx", [Translations("xx", table)], "en")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_translating_every_message_to_itself_renders_the_source(body):
    source = convert(body).html
    assert convert(body, catalogue_of(body, lambda text: text)).html == source
    # and the segmenter loses nothing that plain Python-Markdown renders
    plain = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    squash = lambda html: re.sub(r"\s+", " ", " ".join(visible_text(html)))  # noqa: E731
    assert squash(source) == squash(plain)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_translating_every_message_leaves_no_untranslated_text(body):
    html = convert(body, catalogue_of(body, pseudo_text), label=pseudo_text).html
    leftovers = [text for text in visible_text(html) if re.search(r"[A-Za-z]", text)]
    assert not leftovers, leftovers


def test_segment_keys_include_context():
    assert Segment("Hello", "lesson title").key == ("lesson title", "Hello")


def test_the_numbered_steps_are_counted_in_the_tree():
    assert convert(BODY).steps == 2
    body = "1. One.\n2. Two.\n\nText.\n\n1. Three.\n\n- not a step\n\n!!! tip\n    1. not a step either\n"
    converted = convert(body)
    assert converted.steps == 3 == converted.html.count('<li id="step-')
    assert convert("No steps here.\n").steps == 0


def test_a_responsive_picture_is_built_in_the_tree():
    from lesson_toolkit.authoring.core.segmenter import Picture

    def picture_url(src):
        webp = {"type": "image/webp", "srcset": f"/v/{src}.webp 360w", "sizes": "100vw"}
        return Picture({"src": f"/v/{src}.png", "width": "360"}, (webp,))

    html = convert("1. Look.\n\n    ![A phone](images/a.png) ![A bill](images/b.png)\n", picture_url=picture_url).html
    assert (  # attributes in name order, as the sanitiser puts them
        '<p><picture><source sizes="100vw" srcset="/v/images/a.png.webp 360w" type="image/webp">'
        '<img alt="A phone" src="/v/images/a.png.png" width="360"></picture> <picture>'
    ) in html
    assert html.count("</picture>") == 2


def test_img_attributes_alone_give_a_plain_img():
    """Print handouts and the trainers' preview return only the `<img>` attributes."""
    html = convert("![A phone](images/a.png)\n", picture_url=lambda src: {"src": f"lesson/{src}"}).html
    assert html == '<p><img alt="A phone" src="lesson/images/a.png"></p>'


def test_raw_html_cannot_bring_its_own_picture_or_source():
    body = (
        'Text <picture><source srcset="https://evil.example/x.webp"></picture> and '
        "<SOURCE src=https://evil.example/y.webp>.\n\n"
        '<div><picture><source srcset="https://evil.example/z.webp"><img src="z.png" alt=""></picture></div>\n'
    )
    html = convert(body).html
    assert "<picture" not in html.lower() and "<source" not in html.lower() and "</picture" not in html
    assert '<img src="z.png" alt="">' in html and "Text" in html


@pytest.mark.parametrize(
    "body",
    [
        "1. a\n2. b\n",
        "Text\n1. a\n2. b\n",  # no blank line: one paragraph, no list
        "# H\n1. a\n2. b\n",
        "1. a\n\n    1. sub\n    2. sub\n\n2. b\n",
        "!!! tip\n    1. a\n    2. b\n",
        "- a\n- b\n\n1. x\n",
        "1. a\n   more\n2. b\n\nPara\n\n3. c\n",
        "    1. code\n",
        "1. a\n- b\n2. c\n",
        "> 1. a\n> 2. b\n",
        "Para\n\n10. a\n11. b\n",
        "1. a\n\n  \n2. b\n",
        "## H\n\n1. a\n   ![x](images/a.png)\n2. b",
    ],
)
def test_steps_are_counted_without_parsing_as_the_renderer_counts_them(body):
    assert count_steps(body) == convert(body).steps


def test_steps_of_the_bundled_lessons_are_counted_as_rendered():
    from lesson_toolkit.authoring.core.lesson import load_lessons

    for lesson in load_lessons(Path(__file__).resolve().parents[2] / "lessons").lessons.values():
        assert count_steps(lesson.body) == convert(lesson.body).steps > 0, lesson.slug
