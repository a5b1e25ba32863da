"""One segmenter for both directions.

The same Markdown tree processor decides which pieces of a lesson are messages when extracting,
and looks them up when rendering, so a message can never be extracted under one text and looked
up under another. It runs on Python-Markdown's tree *before* inline processing, when each block
still holds its inline Markdown source: a message keeps `**bold**`, `` `code` `` and links, and
its translation is parsed as inline Markdown only, so it can never add blocks.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's name for it)
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from authoring.core.lesson import Lesson

TITLE_CONTEXT = "lesson title"
SUMMARY_CONTEXT = "lesson summary"
ALT_CONTEXT = "picture description"

MARKDOWN_EXTENSIONS = ["admonition", "tables", "sane_lists"]
TEXT_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd"}
SKIP_TAGS = {"pre", "code", "script", "style"}
IMAGE = re.compile(r'!\[(?P<alt>(?:\\.|[^\]\\])*)\]\((?P<src>[^)\s]+)(?P<title>\s+"[^"]*")?\)')
RAW_URL = re.compile(r"^<?(?:https?://|mailto:|www\.)\S+>?$")
HTML_PLACEHOLDER = re.compile("^\x02wzxhzdk:\\d+\x03$")
ADMONITION_KINDS = ("tip", "note", "warning", "danger", "important", "hint", "caution", "attention")


@dataclass(frozen=True)
class Segment:
    """One translatable message: what a translator sees in the catalogue."""

    msgid: str
    context: str | None = None
    comment: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


# Given a segment, return its text, and the language it is in when that differs from the page
# language (None: the page language).
Translate = Callable[[Segment], tuple[str, str | None]]
# For bilingual handouts: the text in a second language, and that language's code.
Second = Callable[[Segment], tuple[str, str]]


def source_text(segment: Segment) -> tuple[str, str | None]:
    return segment.msgid, None


def clean(text: str) -> str:
    """Collapse whitespace and normalise to NFC: the form every message takes."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def escape_alt(text: str) -> str:
    return text.replace("\\", "\\\\").replace("]", "\\]").replace("[", "\\[")


def unescape_alt(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def image_only(text: str) -> list[re.Match[str]] | None:
    """The pictures of a paragraph that holds nothing but pictures, else None."""
    matches = list(IMAGE.finditer(text))
    if matches and not IMAGE.sub("", text).strip():
        return matches
    return None


class SegmentProcessor(Treeprocessor):
    """Walks blocks before inline parsing: yields each message and puts its translation in."""

    def __init__(self, md: markdown.Markdown, translate: Translate, label: Callable[[str], str], second: Second | None):
        super().__init__(md)
        self.translate = translate
        self.label = label
        self.second = second
        self.segments: list[Segment] = []
        self.fallbacks: set[str] = set()

    def run(self, root: etree.Element) -> None:
        self._mark_steps(root)
        self._walk(root)

    def _mark_steps(self, root: etree.Element) -> None:
        for ol in root.findall("ol"):
            ol.set("class", "steps")
            for number, li in enumerate(ol.findall("li"), start=1):
                li.set("id", f"step-{number}")

    def _walk(self, element: etree.Element) -> None:
        if element.tag in SKIP_TAGS:
            return
        if element.tag == "div" and "admonition" in element.get("class", ""):
            self._admonition_title(element)
        text = element.text
        if element.tag in TEXT_TAGS and text and text.strip() and not isinstance(text, AtomicString):
            self._text(element)
        for child in element:
            self._walk(child)

    def _admonition_title(self, div: etree.Element) -> None:
        """An untitled tip or warning gets its label from the UI catalogue, not from the lesson."""
        title = div.find("p")
        kinds = [k for k in div.get("class", "").split() if k in ADMONITION_KINDS]
        is_title = title is not None and "admonition-title" in title.get("class", "")
        if is_title and kinds and title.text == kinds[0].capitalize():
            title.text = AtomicString(self.label(kinds[0]))

    def _text(self, element: etree.Element) -> None:
        text = element.text or ""
        if HTML_PLACEHOLDER.match(text.strip()) or RAW_URL.match(text.strip()):
            return
        pictures = image_only(text)
        if pictures is not None and element.tag == "p":
            element.text = " ".join(self._picture(match) for match in pictures)
            return
        segment = Segment(clean(text))
        translated, lang = self._lookup(segment)
        element.text = translated
        if lang:
            element.set("lang", lang)
        if self.second:
            other, other_lang = self.second(segment)
            if other != translated:
                # the passage in the second language follows the first, inside the same block
                span = etree.Element("span", {"class": "second-language", "lang": other_lang})
                span.text = other
                element.insert(0, span)

    def _picture(self, match: re.Match[str]) -> str:
        alt = clean(unescape_alt(match["alt"]))
        if not alt:
            return match[0]
        segment = Segment(alt, context=ALT_CONTEXT, comment=f"picture: {match['src']}")
        translated, lang = self._lookup(segment)
        if lang:
            # the alt attribute's language is recorded for the renderer, which sets it on the <img>
            self.md.picture_langs[match["src"]] = lang  # type: ignore[attr-defined]
        return f"![{escape_alt(translated)}]({match['src']}{match['title'] or ''})"

    def _lookup(self, segment: Segment) -> tuple[str, str | None]:
        self.segments.append(segment)
        translated, lang = self.translate(segment)
        if lang:
            self.fallbacks.add(lang)
        return translated, lang


class PictureProcessor(Treeprocessor):
    """After inline parsing: points each picture at its file for this language and output."""

    def __init__(self, md: markdown.Markdown, picture_url: Callable[[str], dict[str, str]] | None):
        super().__init__(md)
        self.picture_url = picture_url

    def run(self, root: etree.Element) -> None:
        for img in root.iter("img"):
            src = img.get("src", "")
            lang = self.md.picture_langs.get(src)  # type: ignore[attr-defined]
            if lang:
                img.set("lang", lang)
            if self.picture_url and not re.match(r"^[a-z]+:|^/", src):
                for name, value in self.picture_url(src).items():
                    img.set(name, value)


class LessonExtension(Extension):
    def __init__(self, translate: Translate, label: Callable[[str], str], picture_url=None, second=None):
        super().__init__()
        self.translate, self.label, self.picture_url, self.second = translate, label, picture_url, second

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.picture_langs = {}  # type: ignore[attr-defined]
        md.treeprocessors.register(SegmentProcessor(md, self.translate, self.label, self.second), "segments", 25)
        md.treeprocessors.register(PictureProcessor(md, self.picture_url), "pictures", 15)


@dataclass
class Converted:
    html: str
    segments: list[Segment]
    fallbacks: set[str]


def convert(
    body: str,
    translate: Translate = source_text,
    label: Callable[[str], str] = str.capitalize,
    picture_url: Callable[[str], dict[str, str]] | None = None,
    second: Second | None = None,
) -> Converted:
    """Parse a lesson body, look up every message with `translate`, and return the HTML.

    With `second`, each passage is followed by its text in a second language (bilingual
    handouts)."""
    extension = LessonExtension(translate, label, picture_url, second)
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, extension], output_format="html")
    html = md.convert(body)
    processor: SegmentProcessor = md.treeprocessors["segments"]  # type: ignore[assignment]
    return Converted(html, processor.segments, processor.fallbacks)


def front_matter_segments(lesson: Lesson) -> list[Segment]:
    return [
        Segment(lesson.title, context=TITLE_CONTEXT),
        Segment(lesson.summary, context=SUMMARY_CONTEXT),
    ]


def segment(lesson: Lesson) -> list[Segment]:
    """Every message of a lesson, in reading order: the function extraction uses."""
    return front_matter_segments(lesson) + convert(lesson.body).segments


def iter_messages(lessons: list[Lesson]) -> Iterator[tuple[Lesson, Segment]]:
    for lesson in lessons:
        for seg in segment(lesson):
            yield lesson, seg
