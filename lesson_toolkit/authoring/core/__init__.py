"""The lesson domain: lessons, topics, the segmenter, rendering, lint and the library. No Flask."""
