"""authoring/i18n/languages.py: which catalogues each domain has and where a text is looked up."""

from pathlib import Path

from lesson_toolkit.authoring.i18n.languages import INTERFACE_DOMAIN, LESSONS_DOMAIN, load_registry

REGISTRY = load_registry(Path(__file__).resolve().parents[2] / "locales" / "languages.toml")


def codes(languages):
    return {language.code for language in languages}


def test_each_domain_has_its_own_source_and_targets():
    assert REGISTRY.source_for(LESSONS_DOMAIN) == "vi"
    assert REGISTRY.source_for(INTERFACE_DOMAIN) == "en"
    assert codes(REGISTRY.targets(LESSONS_DOMAIN)) == {"en", "tyz", "ium", "mji"}
    assert codes(REGISTRY.targets(INTERFACE_DOMAIN)) == {"vi", "tyz", "ium", "mji"}
    assert REGISTRY.translated == REGISTRY.targets(LESSONS_DOMAIN)


def test_a_lookup_stops_at_the_domains_source_language():
    assert REGISTRY.lookup_chain("vi", LESSONS_DOMAIN) == ()
    assert REGISTRY.lookup_chain("en", LESSONS_DOMAIN) == ("en",)
    assert REGISTRY.lookup_chain("tyz", LESSONS_DOMAIN) == ("tyz",)
    # the interface of an English page is its msgids: it never falls back to Vietnamese
    assert REGISTRY.lookup_chain("en", INTERFACE_DOMAIN) == ()
    assert REGISTRY.lookup_chain("vi", INTERFACE_DOMAIN) == ("vi",)
    assert REGISTRY.lookup_chain("mji", INTERFACE_DOMAIN) == ("mji", "vi")


def test_a_language_is_named_as_a_sentence_of_the_interface_says_it():
    tay = REGISTRY["tyz"]
    assert tay.name_in("en") == "Tày"
    assert tay.name_in("tyz") == "Tiểng Tày"
    assert tay.name_in("vi") == "tiếng Tày"
    assert tay.name_in("ium") == "tiếng Tày"  # a Dao interface falls back to Vietnamese
