"""The learners' site."""

from flask import Flask

from authoring.library import Library

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


def init_app(app: Flask) -> None:
    from extensions import babel, compress
    from viewer import files, i18n, models, views  # noqa: F401 (models: tables; files: routes)
    from viewer.pages import PageCache

    app.extensions["library"] = Library(app.config["LESSONS_DIR"], app.config["LOCALES_DIR"])
    # how often the cached pages and registry look for edited files: tests edit and look at once
    app.config.setdefault("VIEWER_RECHECK_SECONDS", 0 if app.testing else 1)
    app.extensions["viewer_pages"] = PageCache(recheck=app.config["VIEWER_RECHECK_SECONDS"])
    babel.init_app(app, default_locale="vi", locale_selector=i18n.select_locale)
    babel.domain_instance = i18n.ChainDomain()
    for name, value in COMPRESSION.items():
        app.config.setdefault(name, value)
    compress.init_app(app)
    app.register_blueprint(views.bp)
    app.register_error_handler(404, views.not_found)
