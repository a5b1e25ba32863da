"""Languages and catalogues: the registry, PO/MO files, extraction, the pseudo-locale. No Flask."""
