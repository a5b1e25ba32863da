"""The learners' site."""

from flask import Flask

# Flask-Compress: brotli for current phones, gzip for old browsers. Level 4 costs a fraction of a
# millisecond on a lesson page and is about 6 % larger than level 5 (some 250 bytes).
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 4,
    "COMPRESS_BR_WINDOW": 18,  # pages are far below 256 KB; a smaller window is cheaper to set up
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
    # streamed files (send_file) would be compressed chunk by chunk and their file left open
    "COMPRESS_STREAMS": False,
}
SEARCH_PAGES = 512  # search result pages kept (the most recently asked), beside the other pages
INDEX_SCRIPTS = 4096  # the offline index's scripts kept: a few hundred parts per language


def init_app(app: Flask) -> None:
    from lesson_toolkit.extensions import compress
    from lesson_toolkit.viewer import files, install, sharing, topics, views  # noqa: F401 (files, install, sharing, topics: routes)
    from lesson_toolkit.viewer.pages import PageCache
    from lesson_toolkit.viewer.state import ViewerState

    recheck = app.config["RECHECK_SECONDS"]
    app.extensions["viewer"] = ViewerState(
        pages=PageCache(recheck=recheck),
        results=PageCache(recheck=recheck, max_pages=SEARCH_PAGES),
        recheck=recheck,
        offline=PageCache(recheck=recheck, max_pages=INDEX_SCRIPTS),
    )
    for name, value in COMPRESSION.items():
        app.config.setdefault(name, value)
    compress.init_app(app)
    app.register_blueprint(views.bp)
    app.config.setdefault("COMMUNITY_PUBLIC_LEAGUE", False)  # the communes' totals, for anyone
    if app.config["COMMUNITY_PUBLIC_LEAGUE"]:
        from lesson_toolkit.viewer import league

        app.register_blueprint(league.bp)
