"""Lesson pictures: variants, names per language, and safe uploads. No Flask."""
