"""Lesson recordings: which messages can be spoken, the sidecar of each recording, transcoding
with PyAV, and staleness (a recording whose message changed). No Flask."""
