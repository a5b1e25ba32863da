"""Phone pictures: Pillow variants by content hash, WebP with a fallback, no metadata, immutable."""

from __future__ import annotations

import io
import re

from PIL import Image

from lesson_toolkit.authoring.pictures.choice import AVIF
from lesson_toolkit.viewer.state import PICTURE_BYTES
from tests.conftest import make_app
from tests.pictures.test_choice import BUNDLED, photo_like

LESSON = "## Steps\n\n1. Look at the photo.\n\n    ![A farmer holding a phone](images/photo.jpg)\n\n2. Done.\n"


def photo(path, size=(1600, 1200)) -> None:
    image = photo_like(size)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Secret software"  # Software
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)


def lesson_with_photo(write_lesson, content, slug="photo-lesson", **front):
    write_lesson(slug, body=LESSON, **front)
    photo(content / "lessons" / slug / "images" / "photo.jpg")


def body(client, url: str) -> bytes:
    with client.get(url) as response:
        assert response.status_code == 200, url
        return response.data


def variants(html: str) -> dict[str, list[str]]:
    """The first `<picture>`'s lists: each `<source>` by type, and the `<img>`'s."""
    picture = html[html.index("<picture>") : html.index("</picture>")]
    found: dict[str, list[str]] = {}
    for source in re.findall(r"<source [^>]*>", picture):  # the sanitiser orders attributes by name
        found[re.search(r'type="([^"]+)"', source)[1]] = re.search(r'srcset="([^"]+)"', source)[1].split(", ")
    img = re.search(r"<img [^>]*>", picture)[0]
    found["fallback"] = re.search(r'srcset="([^"]+)"', img)[1].split(", ")
    found["img"] = [img]
    return found


def test_a_photo_is_responsive_with_the_smallest_lossy_format_first(client, write_lesson, content):
    lesson_with_photo(write_lesson, content)
    html = client.get("/en/lessons/photo-lesson").get_data(as_text=True)
    found = variants(html)
    first = list(found)[0]
    assert first in ("image/avif", "image/webp")
    assert [c.split()[1] for c in found[first]] == ["328w", "656w", "720w"]
    assert all(c.split()[0].endswith(".jpg") for c in found["fallback"])
    formats = ("avif", "webp", "jpg") if AVIF else ("webp", "jpg")
    for url in (c.split()[0] for c in found[first]):
        stem = url.rsplit(".", 1)[0]
        sizes = {ext: len(body(client, f"{stem}.{ext}")) for ext in formats}
        assert len(body(client, url)) == min(sizes.values()), sizes  # the smallest lossy file first
        assert body(client, f"{stem}.webp")[12:16] == b"VP8 "  # a photo's WebP is lossy
    img = found["img"][0]
    assert 'width="720"' in img and 'height="540"' in img
    assert 'loading="lazy"' in img and 'sizes="' in img and 'alt="A farmer holding a phone"' in img


def test_variants_are_resized_without_metadata_and_cached_for_a_year(client, write_lesson, content):
    lesson_with_photo(write_lesson, content)
    found = variants(client.get("/en/lessons/photo-lesson").get_data(as_text=True))
    first = list(found)[0]
    for candidate, kind in ((found[first][0], first[6:].upper()), (found["fallback"][1], "JPEG")):
        url, width = candidate.split()
        with client.get(url) as response:
            assert response.status_code == 200
            cache = response.headers["Cache-Control"]
            assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache
            image = Image.open(io.BytesIO(response.data))
        assert image.format == kind and image.width == int(width[:-1])
        assert not image.getexif() and "exif" not in image.info


def test_a_small_picture_is_never_enlarged(client, write_lesson, content):
    write_lesson("small", body=LESSON)
    photo(content / "lessons" / "small" / "images" / "photo.jpg", size=(300, 200))
    found = variants(client.get("/en/lessons/small").get_data(as_text=True))
    assert [c.split()[1] for c in found["fallback"]] == ["300w"]  # 328, 656 and 720 would enlarge it
    assert 'width="300"' in found["img"][0] and 'height="200"' in found["img"][0]


def test_a_picture_with_transparency_falls_back_to_png(client, write_lesson, content):
    write_lesson("clear", body=LESSON.replace("photo.jpg", "shape.png"))
    Image.new("RGBA", (800, 600), (0, 0, 0, 0)).save(content / "lessons" / "clear" / "images" / "shape.png")
    found = variants(client.get("/en/lessons/clear").get_data(as_text=True))
    assert all(c.split()[0].endswith(".png") for c in found["fallback"])


def test_an_edited_picture_gets_a_new_url_and_old_urls_lead_to_it(client, write_lesson, content):
    lesson_with_photo(write_lesson, content)
    old = variants(client.get("/en/lessons/photo-lesson").get_data(as_text=True))["image/webp"][0].split()[0]
    photo(content / "lessons" / "photo-lesson" / "images" / "photo.jpg", size=(1000, 750))
    response = client.get(old)
    assert response.status_code == 302 and response.headers["Location"] != old
    assert "immutable" not in response.headers.get("Cache-Control", "")
    with client.get(response.headers["Location"]) as moved:
        assert moved.status_code == 200 and moved.mimetype == "image/webp"


def test_only_known_widths_and_formats_are_made(client, write_lesson, content):
    lesson_with_photo(write_lesson, content)
    url = variants(client.get("/en/lessons/photo-lesson").get_data(as_text=True))["image/webp"][0].split()[0]
    assert client.get(url.replace("-328.", "-329.")).status_code == 404
    assert client.get(url.replace(".webp", ".gif")).status_code == 404
    assert client.get(url.replace("photo.jpg", "..%2Flesson.md")).status_code == 404


def test_the_index_shows_the_cover_or_the_first_picture(client, write_lesson, content):
    lesson_with_photo(write_lesson, content, slug="no-cover")
    lesson_with_photo(write_lesson, content, slug="with-cover", cover="images/cover.png")
    Image.new("RGB", (720, 540), "white").save(content / "lessons" / "with-cover" / "images" / "cover.png")
    html = client.get("/en/").get_data(as_text=True)
    cards = dict(re.findall(r'<li class="card" data-slug="([a-z-]+)"[^>]*>(.*?)</li>', html, re.S))
    assert "/pictures/no-cover/photo.jpg/" in cards["no-cover"]
    assert "/pictures/with-cover/cover.png/" in cards["with-cover"]
    for card in cards.values():
        if "<img" in card:
            img = re.search(r"<img [^>]*>", card)[0]
            assert 'alt=""' in img and "width=" in img and "height=" in img  # decorative: the title is next to it
            assert 'sizes="5rem"' in img


def test_a_localised_picture_is_preferred(client, write_lesson, content):
    lesson_with_photo(write_lesson, content, slug="local")
    photo(content / "lessons" / "local" / "images" / "photo.en.jpg", size=(800, 600))
    assert "/pictures/local/photo.en.jpg/" in client.get("/en/lessons/local").get_data(as_text=True)
    tyz = client.get("/tyz/lessons/local").get_data(as_text=True)
    assert "/pictures/local/photo.jpg/" in tyz and "photo.en.jpg" not in tyz  # English is no fallback of Tày
    photo(content / "lessons" / "local" / "images" / "photo.vi.jpg", size=(800, 600))
    assert "/pictures/local/photo.vi.jpg/" in client.get("/tyz/lessons/local").get_data(as_text=True)


def test_the_picture_and_its_sources_are_built_before_sanitising(app, write_lesson, content):
    """The library's rendering holds the `<picture>`: the page adds nothing after sanitising."""
    from lesson_toolkit.authoring.core.segmenter import Picture
    from lesson_toolkit.extensions import toolkit
    from lesson_toolkit.viewer.files import web_picture
    from lesson_toolkit.viewer.views import web_output

    lesson_with_photo(write_lesson, content)
    with app.test_request_context("/en/lessons/photo-lesson"):
        lesson = toolkit.library.lessons["photo-lesson"]
        rendered = toolkit.library.render(lesson, "en", web_output())
        picture = web_picture(lesson, "images/photo.jpg", "en")
    assert isinstance(picture, Picture) and picture.sources[-1]["type"] == "image/webp"
    html = rendered.html
    assert html.count("<picture>") == 1 and html.count("</picture>") == 1
    sources = re.search(r"<picture>((?:<source [^>]*>)+)<img [^>]*></picture>", html)[1]
    for source, built in zip(re.findall(r"<source ([^>]*)>", sources), picture.sources, strict=True):
        assert sorted(re.findall(r'(\w+)="', source)) == ["sizes", "srcset", "type"]
        assert f'srcset="{built["srcset"]}"' in source
        ext = built["type"].removeprefix("image/")
        assert all(url.split()[0].endswith(f".{ext}") for url in built["srcset"].split(", "))


def bundled_pictures(client):
    """Every `<picture>` of every bundled lesson's page, as `variants` reads it."""
    slugs = sorted({path.parent.parent.name for path in BUNDLED})
    for slug in slugs:
        html = client.get(f"/vi/lessons/{slug}").get_data(as_text=True)
        for picture in re.findall(r"<picture>.*?</picture>", html):
            yield slug, variants(picture + "</picture>")


def widths_of(candidates: list[str]) -> dict[str, str]:
    return {width: url for url, width in (c.split() for c in candidates)}


def test_the_first_choice_is_never_larger_than_its_fallback(client):
    """For every bundled picture and width: the file a modern browser picks is at most the size
    of the one an old browser gets, and a drawing's files keep every pixel (lossless WebP)."""
    compared = 0
    for slug, found in bundled_pictures(client):
        fallback = widths_of(found["fallback"])
        assert all(url.endswith(".png") for url in fallback.values()), slug  # drawings: PNG fallback
        for kind, candidates in found.items():
            if kind in ("fallback", "img"):
                continue
            for width, url in widths_of(candidates).items():
                first, old = body(client, url), body(client, fallback[width])
                assert len(first) <= len(old), (url, len(first), len(old))
                if url.endswith(".webp"):
                    assert first[12:16] == b"VP8L", url  # lossless
                compared += 1
    assert compared >= len(BUNDLED)


def test_old_widths_lead_to_the_current_ones(client, write_lesson, content):
    lesson_with_photo(write_lesson, content)
    url = variants(client.get("/en/lessons/photo-lesson").get_data(as_text=True))["fallback"][0].split()[0]
    for former, current in ((360, 328), (280, 328), (560, 656)):
        response = client.get(url.replace("-328.", f"-{former}."))
        assert response.status_code == 302 and response.headers["Location"].endswith(f"-{current}.jpg")


def test_the_describe_cache_is_bounded(tmp_path, monkeypatch):
    from lesson_toolkit.viewer import pictures

    monkeypatch.setattr(pictures, "_sources", type(pictures._sources)(maxsize=2))
    paths = []
    for index in range(4):
        path = tmp_path / f"p{index}.jpg"
        photo(path, size=(40, 30))
        paths.append(path)
        pictures.describe(path)
    assert len(pictures._sources) == 2
    assert pictures.describe(paths[0]).width == 40  # read again once dropped
    assert len(pictures._sources) == 2


def test_a_picture_is_sent_from_memory_between_rechecks_and_checked_again_after(content, tmp_path, write_lesson):
    lesson_with_photo(write_lesson, content)
    app = make_app(content, tmp_path, RECHECK_SECONDS=3600)
    client = app.test_client()
    url = variants(client.get("/en/lessons/photo-lesson").get_data(as_text=True))["fallback"][0].split()[0]
    with client.get(url) as first:
        assert first.status_code == 200 and first.mimetype == "image/jpeg"
        sent, etag = first.data, first.headers["ETag"]
    assert Image.open(io.BytesIO(sent)).width == int(url.rsplit("-", 1)[1].split(".")[0])
    with client.get(url, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304  # a phone that has it gets no bytes
    (content / "lessons" / "photo-lesson" / "images" / "photo.jpg").unlink()
    with client.get(url) as cached:  # within the period: from memory, with no look at the disk
        assert cached.status_code == 200 and cached.data == sent and cached.headers["ETag"] == etag
    app.extensions["viewer"].recheck = 0
    assert client.get(url).status_code == 404  # looked at again: the source is gone


def test_picture_memory_is_bounded_by_bytes(client, write_lesson, content, app):
    lesson_with_photo(write_lesson, content)
    found = variants(client.get("/en/lessons/photo-lesson").get_data(as_text=True))
    for candidate in found["fallback"]:
        body(client, candidate.split()[0])
    kept = app.extensions["viewer"].pictures
    assert kept.currsize == sum(len(served.data) for served in kept.values()) > 0
    assert kept.maxsize == PICTURE_BYTES


def _new_process(monkeypatch, pictures) -> list[str]:
    """This process's memory of pictures emptied, as a new process's; the decodes counted."""
    monkeypatch.setattr(pictures, "_sources", type(pictures._sources)(maxsize=16))
    monkeypatch.setattr(pictures, "_by_digest", type(pictures._by_digest)(maxsize=16))
    decoded: list[str] = []
    real = pictures.open_picture
    monkeypatch.setattr(
        pictures, "open_picture", lambda data, name, **kw: decoded.append(name) or real(data, name, **kw)
    )
    return decoded


def test_what_a_pictures_pixels_said_is_read_back_by_the_next_process(tmp_path, monkeypatch):
    """Telling a drawing from a photo decodes the whole picture: a new process (an export's
    worker, a restarted one) reads what the last one found, by the bytes' hash."""
    from lesson_toolkit.viewer import pictures

    cache = tmp_path / "cache"
    path, drawing = tmp_path / "photo.jpg", next(p for p in BUNDLED if p.name == "step-1.png")
    photo(path, size=(400, 300))
    decoded = _new_process(monkeypatch, pictures)
    first = {p: pictures.describe(p, cache) for p in (path, drawing)}
    assert decoded == [str(path), str(drawing)]
    assert {s.kind.kind for s in first.values()} == {"photo", "drawing"}

    decoded = _new_process(monkeypatch, pictures)
    assert {p: pictures.describe(p, cache) for p in (path, drawing)} == first
    assert decoded == []  # from the records, not the pixels

    # the same bytes under another name (a picture two lessons share): described once
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(path.read_bytes())
    decoded = _new_process(monkeypatch, pictures)
    assert pictures.describe(path) == pictures.describe(copy) == first[path]
    assert decoded == [str(path)]


def test_a_damaged_or_foreign_record_is_ignored_and_the_picture_decoded_again(tmp_path, monkeypatch):
    from lesson_toolkit.viewer import pictures

    cache, path = tmp_path / "cache", tmp_path / "photo.jpg"
    photo(path, size=(400, 300))
    _new_process(monkeypatch, pictures)
    truth = pictures.describe(path, cache)
    record = cache / "sources" / pictures.SourcesOnDisk.VERSION / f"{truth.digest}.json"
    assert record.is_file()
    for damaged in (b"", b"{not json", b'{"width": 400}', b'{"width": -1, "height": 300, "kind": "photo", "alpha": false}',
                    b'{"width": 400, "height": 300, "kind": "<script>", "alpha": false}', b"[1, 2]"):  # fmt: skip
        record.write_bytes(damaged)
        decoded = _new_process(monkeypatch, pictures)
        assert pictures.describe(path, cache) == truth, damaged
        assert decoded == [str(path)], damaged
    # a record made by other code (another classifier, another Pillow) is not read at all
    record.write_bytes(b'{"width": 1, "height": 1, "kind": "drawing", "alpha": true}')
    monkeypatch.setattr(pictures.SourcesOnDisk, "VERSION", "other-code")
    decoded = _new_process(monkeypatch, pictures)
    assert pictures.describe(path, cache) == truth and decoded == [str(path)]
