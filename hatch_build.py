"""Hatchling build hook: a built wheel carries the bundled lessons and catalogues (with their
compiled .mo files, which git ignores) as `lesson_toolkit/content/`; an editable install, as
`make` makes, copies nothing and reads the checkout's own `lessons/` and `locales/`."""

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CONTENT = {"lessons": "lesson_toolkit/content/lessons", "locales": "lesson_toolkit/content/locales"}


class ContentHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name == "wheel" and version != "editable":
            build_data["force_include"].update(CONTENT)
