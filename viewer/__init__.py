"""The learners' site."""

from flask import Flask

from authoring.library import Library


def init_app(app: Flask) -> None:
    from extensions import babel
    from viewer import i18n, models, views  # noqa: F401 (models registers its tables)

    app.extensions["library"] = Library(app.config["LESSONS_DIR"], app.config["LOCALES_DIR"])
    babel.init_app(app, default_locale="vi", locale_selector=i18n.select_locale)
    babel.domain_instance = i18n.ChainDomain()
    app.register_blueprint(views.bp)
    app.register_error_handler(404, views.not_found)
