"""Reading a page's head: its meta tags and links, as a link preview or a search engine does."""

from __future__ import annotations

from html.parser import HTMLParser


class Head(HTMLParser):
    """`meta[property|name] → content`, and every `<link>` as its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)

    def link(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if link.get("rel") == rel]

    @property
    def canonical(self) -> str | None:
        found = self.link("canonical")
        return found[0]["href"] if found else None

    @property
    def alternates(self) -> dict[str, str]:
        return {link["hreflang"]: link["href"] for link in self.link("alternate")}
