"""Translation memory: published translations of similar sentences, ranked and bounded."""

from __future__ import annotations

import os

from babel.messages.catalog import Catalog

from lesson_toolkit.authoring.i18n.catalogue import read_catalogue, write_catalogue
from lesson_toolkit.authoring.i18n.memory import LIMIT, Memory, memory_for

QUERY = "Mở ứng dụng ngân hàng trên điện thoại."


def catalogue() -> Catalog:
    catalog = Catalog(locale="en", fuzzy=False)
    catalog.add(QUERY, "")  # the message being translated
    catalog.add("Mở ứng dụng ngân hàng trên điện thoại.", "Open the bank app on your phone.", context="title")
    catalog.add("Mở ứng dụng ngân hàng trên điện thoại của bạn.", "Open the bank app on your own phone.")
    catalog.add("Mở ứng dụng ngân hàng trên máy tính.", "Open the bank app on the computer.")
    catalog.add("Mở ứng dụng Zalo trên điện thoại.", "Open Zalo on your phone.")
    catalog.add("Mở ứng dụng ngân hàng trên điện thoại ngay.", "DRAFT", flags=["fuzzy"])  # not published
    catalog.add("Mở ứng dụng ngân hàng, điện thoại.", "Open the [bank](https://x.example) app.")  # breaks a link
    catalog.add("Quét mã QR trên hóa đơn tiền điện.", "Scan the QR code on the electricity bill.")
    return catalog


def test_at_most_three_suggestions_the_same_sentence_first_then_by_similarity():
    found = Memory.of(catalogue()).suggest(QUERY)
    assert len(found) == LIMIT
    assert found[0].exact and found[0].score == 100 and found[0].translation == "Open the bank app on your phone."
    assert [s.exact for s in found] == [True, False, False]
    assert found[1].score >= found[2].score and all(s.score < 100 for s in found[1:])
    assert found[1].translation == "Open the bank app on your own phone."
    translations = {s.translation for s in found}
    assert "DRAFT" not in translations  # only published text is suggested
    assert not any("https://" in t for t in translations)  # nor text that the site does not show


def test_the_message_itself_and_other_sentences_are_left_out():
    memory = Memory.of(catalogue())
    found = memory.suggest("Mở ứng dụng ngân hàng trên điện thoại.", context="title")
    assert all(s.translation != "Open the bank app on your phone." for s in found)
    assert memory.suggest("Bấm nút gửi.") == []  # nothing near enough


def test_case_and_spacing_do_not_make_another_sentence_but_only_the_same_text_is_exact():
    found = Memory.of(catalogue()).suggest("mở  ứng dụng ngân hàng trên ĐIỆN THOẠI.")
    assert found[0].translation == "Open the bank app on your phone."
    assert not found[0].exact and found[0].score == 99


def test_a_borrowed_draft_is_told_from_a_changed_source():
    memory = Memory.of(catalogue())
    # the update copied the translation of a sentence that still exists: borrowed
    assert memory.borrowed("Mở ứng dụng ngân hàng.", True, "Open the bank app on your phone.", QUERY)
    # the message's own old source is gone: a changed source, to re-check
    assert not memory.borrowed("Mở ứng dụng ngân hàng.", True, "Open the bank app.", "Mở ứng dụng ngân hàng cũ.")
    assert not memory.borrowed("Mở ứng dụng ngân hàng.", False, "Open it.", QUERY)  # published: not a draft
    assert not memory.borrowed("Mở ứng dụng ngân hàng.", True, "Open it.", None)  # a translator's own draft
    # the same text under another context (a title, a summary) is another message
    assert memory.borrowed(QUERY, True, "Open the bank app on your phone.", QUERY, context="lesson summary")
    assert memory.borrowed(QUERY, True, "Open the bank app on your phone.", QUERY, context=None)  # `title` has it
    lonely = Memory.of(Catalog(locale="en"))
    assert not lonely.borrowed(QUERY, True, "Open it.", QUERY)


def test_the_index_is_built_once_per_version_of_the_file(tmp_path):
    path = tmp_path / "lessons.po"
    write_catalogue(path, catalogue())
    reads = []

    def read(p):
        reads.append(p)
        return read_catalogue(p)

    first = memory_for(path, read)
    assert memory_for(path, read) is first and len(reads) == 1
    catalog = read_catalogue(path)
    catalog.add("Bấm nút gửi.", "Tap send.")
    write_catalogue(path, catalog)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert memory_for(path, read).suggest("Bấm nút gửi đi.")[0].translation == "Tap send."
    assert len(reads) == 2
    assert memory_for(tmp_path / "missing.po", read).suggest(QUERY) == []
