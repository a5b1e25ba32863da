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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from lesson_toolkit.authoring.core.lesson import Lesson
from lesson_toolkit.authoring.errors import N_

# message contexts: catalogue keys, never translated there; marked so that the workspace can
# show them in the translator's language
TITLE_CONTEXT = N_("lesson title")
SUMMARY_CONTEXT = N_("lesson summary")
ALT_CONTEXT = N_("picture description")

MARKDOWN_EXTENSIONS = ["admonition", "tables", "sane_lists"]
TEXT_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd"}
SKIP_TAGS = {"pre", "code", "script", "style"}
IMAGE = re.compile(r'!\[(?P<alt>(?:\\.|[^\]\\])*)\]\((?P<src>[^)\s]+)(?P<title>\s+"[^"]*")?\)')
RAW_URL = re.compile(r"^<?(?:https?://|mailto:|www\.)\S+>?$")
HTML_PLACEHOLDER = re.compile("^\x02wzxhzdk:\\d+\x03$")
ADMONITION_KINDS = ("tip", "note", "warning", "danger", "important", "hint", "caution", "attention")
# A `<picture>` or `<source>` tag in raw HTML: only the renderer may make these (see `RawPictureFilter`).
RAW_PICTURE_TAG = re.compile(r"</?(?:picture|source)(?![^\s/>])[^>]*>?", re.IGNORECASE)


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


@dataclass(frozen=True)
class Picture:
    """How one picture is shown: the attributes of its `<img>` and, for a responsive picture,
    the `<source>` elements (each an attribute mapping) put before it in a `<picture>`."""

    img: Mapping[str, str]
    sources: tuple[Mapping[str, str], ...] = ()


# Given a picture's `src` in the lesson, how it is shown: a `Picture`, or just the `<img>`
# attributes (print handouts and the trainers' preview: a plain `<img>`).
PictureUrl = Callable[[str], Picture | Mapping[str, str]]


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
        self.own = 0  # messages shown in the page language (not a fallback)
        self.steps = 0

    def run(self, root: etree.Element) -> None:
        self._mark_steps(root)
        self._walk(root)

    def _mark_steps(self, root: etree.Element) -> None:
        """A numbered list at the top level holds steps; the page counts them (`steps`)."""
        for ol in root.findall("ol"):
            ol.set("class", "steps")
            for number, li in enumerate(ol.findall("li"), start=1):
                li.set("id", f"step-{number}")
                self.steps += 1

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
        if title is None or "admonition-title" not in title.get("class", ""):
            return
        if kinds and title.text == kinds[0].capitalize():
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
        else:
            self.own += 1
        return translated, lang


class PictureProcessor(Treeprocessor):
    """After inline parsing: points each picture at its file for this language and output, and
    wraps a responsive one in `<picture>` with its `<source>` elements."""

    def __init__(self, md: markdown.Markdown, picture_url: PictureUrl | None):
        super().__init__(md)
        self.picture_url = picture_url

    def run(self, root: etree.Element) -> None:
        found = [(parent, index, child) for parent in root.iter() for index, child in enumerate(parent)]
        for parent, index, img in found:
            if img.tag != "img":
                continue
            src = img.get("src", "")
            lang = self.md.picture_langs.get(src)  # type: ignore[attr-defined]
            if lang:
                img.set("lang", lang)
            if self.picture_url and not re.match(r"^[a-z]+:|^/", src):
                shown = self.picture_url(src)
                picture = shown if isinstance(shown, Picture) else Picture(shown)
                for name, value in picture.img.items():
                    img.set(name, value)
                if picture.sources:
                    parent[index] = self._wrapped(img, picture.sources)

    @staticmethod
    def _wrapped(img: etree.Element, sources: tuple[Mapping[str, str], ...]) -> etree.Element:
        element = etree.Element("picture")
        element.tail, img.tail = img.tail, None
        for attributes in sources:
            etree.SubElement(element, "source", dict(attributes))
        element.append(img)
        return element


class RawPictureFilter(Postprocessor):
    """Removes `<picture>` and `<source>` tags from raw HTML (the lesson's or a translation's)
    before it is put back in the page: the sanitiser lets these through for the pictures that
    `PictureProcessor` builds, so raw HTML must not bring its own."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[index] = RAW_PICTURE_TAG.sub("", block)
        return text


class LessonExtension(Extension):
    def __init__(self, translate: Translate, label: Callable[[str], str], picture_url=None, second=None):
        super().__init__()
        self.translate, self.label, self.picture_url, self.second = translate, label, picture_url, second

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.picture_langs = {}  # type: ignore[attr-defined]
        md.treeprocessors.register(SegmentProcessor(md, self.translate, self.label, self.second), "segments", 25)
        md.treeprocessors.register(PictureProcessor(md, self.picture_url), "pictures", 15)
        # before "raw_html" (30) puts the raw HTML back
        md.postprocessors.register(RawPictureFilter(md), "raw_pictures", 35)


@dataclass
class Converted:
    html: str
    segments: list[Segment]
    fallbacks: set[str]
    steps: int = 0  # the items of the numbered lists at the top level
    own: int = 0  # messages shown in the page language; `len(segments)` is all of them


def convert(
    body: str,
    translate: Translate = source_text,
    label: Callable[[str], str] = str.capitalize,
    picture_url: PictureUrl | None = None,
    second: Second | None = None,
) -> Converted:
    """Parse a lesson body, look up every message with `translate`, and return the HTML.

    With `second`, each passage is followed by its text in a second language (bilingual
    handouts)."""
    extension = LessonExtension(translate, label, picture_url, second)
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, extension], output_format="html")
    html = md.convert(body)
    processor: SegmentProcessor = md.treeprocessors["segments"]  # type: ignore[assignment]
    return Converted(html, processor.segments, processor.fallbacks, processor.steps, processor.own)


# What Python-Markdown takes for an item of a numbered list, and for a heading line that ends a
# block before a list (its block parser splits the heading off and parses the rest).
OL_ITEM = re.compile(r"^ {0,3}\d+\.[ ]+")
ATX_HEADING = re.compile(r"^#{1,6}(?:[ ]|$)")


def count_steps(body: str) -> int:
    """The items of the numbered lists at the top level, as `convert` counts them (`steps`),
    without parsing the Markdown: the index shows it for every lesson."""
    steps = 0
    for block in re.split(r"\n(?:[ \t]*\n)+", body.expandtabs(4)):
        lines = block.split("\n")
        while lines and (not lines[0].strip() or ATX_HEADING.match(lines[0])):
            lines = lines[1:]
        if lines and OL_ITEM.match(lines[0]):
            steps += sum(1 for line in lines if OL_ITEM.match(line))
    return steps


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
