"""Documents on sources (issue 9, item 6): the type read from the content,
size and SHA-256 filled in on save, refusals beside the field, and files
served only to those who may see the source."""

import hashlib
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles import documents, services
from articles.documents import inspect_document
from articles.models import Source
from tests import factories
from tests.admin_pages import soup
from tests.api import writes_support
from tests.api.writes_support import API

editor_api = writes_support.editor_api

SEED = Path("/work/shared/seed/reuters-2017-08-03-sanctuary-cities.txt")
if not SEED.exists():  # the CI copy of shared/ sits beside the clone
    SEED = (
        Path(__file__).resolve().parents[2] / "shared/seed/reuters-2017-08-03-sanctuary-cities.txt"
    )


def minimal_pdf() -> bytes:
    """A one-page PDF 1.4 with a correct cross-reference table (ISO
    32000-1, 7.5): catalog, page tree, one empty US Letter page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def minimal_png() -> bytes:
    """A 1x1 white RGB PNG (PNG specification, ISO/IEC 15948: signature,
    IHDR, IDAT, IEND, each chunk with its CRC-32)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = minimal_pdf()
PNG = minimal_png()
HTML = b"<!DOCTYPE html><html><body><p>Not a PDF</p></body></html>\n"
# A ZIP archive holding nothing: the end-of-central-directory record alone
# would be "PK\x05\x06"; this one starts as a real archive's local header.
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 20 + b"a.txt" + b"hello"


@pytest.fixture
def media(settings, tmp_path):
    """Files stored under a temporary MEDIA_ROOT: the tests leave nothing behind."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- inspect_document ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("letter.pdf", PDF, "application/pdf"),
        ("scan.png", PNG, "image/png"),
        ("article.txt", SEED.read_bytes(), "text/plain"),
    ],
)
def test_accepted_documents_get_type_size_and_sha256_from_their_bytes(name, content, media_type):
    document = inspect_document(SimpleUploadedFile(name, content))
    assert document.media_type == media_type
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.name == name


def test_the_seed_article_as_text_is_read_in_chunks_and_hashed_whole(monkeypatch):
    """Seven-byte chunks split the article's curly quotes (three bytes
    each in UTF-8) across chunks: still plain text, hashed whole."""
    monkeypatch.setattr(documents, "CHUNK_BYTES", 7)
    content = SEED.read_bytes()
    assert "“".encode() in content
    # A ContentFile honours the chunk size (an in-memory upload hands its
    # bytes over in one piece: they are in memory already).
    upload = ContentFile(content, name="article.txt")
    document = inspect_document(upload)
    assert document.media_type == "text/plain"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert upload.read() == content  # left rewound, ready to be saved


def test_a_name_without_extension_gets_the_contents():
    document = inspect_document(ContentFile(PDF, name="letter"))
    assert (document.media_type, document.name) == ("application/pdf", "letter.pdf")


def test_a_pdf_name_on_html_is_refused_naming_the_field_and_what_was_found():
    with pytest.raises(ValidationError) as caught:
        inspect_document(SimpleUploadedFile("letter.pdf", HTML), field="document")
    [message] = caught.value.message_dict["document"]
    assert message.startswith("letter.pdf is named as a PDF, but its content is plain text")
    assert caught.value.error_dict["document"][0].code == "name_mismatch"


def test_a_pdf_name_on_a_zip_archive_is_refused():
    with pytest.raises(ValidationError) as caught:
        inspect_document(SimpleUploadedFile("letter.pdf", ZIP))
    [message] = caught.value.message_dict["file"]
    assert "named as a PDF, but its content is a ZIP archive" in message


def test_a_png_named_jpg_is_refused_not_renamed():
    with pytest.raises(ValidationError, match="named as a JPEG image, but its content is a PNG"):
        inspect_document(SimpleUploadedFile("scan.jpg", PNG))


def test_nul_bytes_in_a_txt_are_refused():
    with pytest.raises(ValidationError) as caught:
        inspect_document(SimpleUploadedFile("notes.txt", b"first line\nsecond\x00line\n"))
    [message] = caught.value.message_dict["file"]
    assert "U+0000 (a NUL byte)" in message


def test_text_that_is_not_utf8_is_refused():
    latin1 = "Señor".encode("latin-1")
    with pytest.raises(ValidationError, match="not valid UTF-8"):
        inspect_document(SimpleUploadedFile("notes.txt", latin1))


def test_tab_form_feed_and_crlf_are_plain_text():
    document = inspect_document(SimpleUploadedFile("t.txt", b"a\tb\r\nc\fd\n"))
    assert document.media_type == "text/plain"


def test_over_the_limit_is_refused_with_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        inspect_document(SimpleUploadedFile("big.txt", b"a" * 1025))
    [message] = caught.value.message_dict["file"]
    # 1,025 bytes is 1.0009765625 KiB: shown to three places so it differs.
    assert "big.txt is 1.001 KiB (1,025 bytes), over the limit of 1 KiB (1,024 bytes)" in message
    assert caught.value.error_dict["file"][0].code == "too_large"


def test_a_size_just_over_the_limit_does_not_read_as_the_limit():
    # The newcomer's case: 21,000,009 bytes against the 20 MiB default
    # (20 x 1,048,576 = 20,971,520 bytes); "20.0 MB ... limit of 20.0 MB" read as equal.
    error = documents._too_large("file", "big.pdf", 21_000_009, 20 * 1024 * 1024)
    [message] = error.message_dict["file"]
    assert message.startswith(
        "big.pdf is 20.03 MiB (21,000,009 bytes), over the limit of 20 MiB (20,971,520 bytes)."
    )
    # One byte over: enough decimals that the two still differ.
    error = documents._too_large("file", "big.pdf", 20 * 1024 * 1024 + 1, 20 * 1024 * 1024)
    assert (
        "is 20.000001 MiB (20,971,521 bytes), over the limit of 20 MiB"
        in (error.message_dict["file"][0])
    )


@pytest.mark.parametrize(
    ("size", "words"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1,023 bytes"),
        (1024, "1 KiB (1,024 bytes)"),
        (1_258_291, "1.2 MiB (1,258,291 bytes)"),
        (21_000_009, "20.03 MiB (21,000,009 bytes)"),
        (5 * 1024**3, "5 GiB (5,368,709,120 bytes)"),
    ],
)
def test_size_words_names_binary_units(size, words):
    assert documents.size_words(size) == words


def test_exactly_the_limit_is_accepted(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    assert inspect_document(SimpleUploadedFile("ok.txt", b"a" * 1024)).size == 1024


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match=r"empty \(0 bytes\)"):
        inspect_document(SimpleUploadedFile("empty.txt", b""))


# --- the service ----------------------------------------------------------------


def test_saving_a_source_fills_type_size_and_sha256(editor, media):
    source = factories.SourceFactory.build(publisher=None)
    source.file = SimpleUploadedFile("letter.pdf", PDF)
    services.object_save(instance=source, acting_user=editor)
    source.refresh_from_db()
    assert source.file_type == "application/pdf"
    assert source.file_size == len(PDF)
    assert source.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (media / source.file.name).read_bytes() == PDF
    record = source.history.latest()
    assert (record.file_type, record.file_size) == ("application/pdf", len(PDF))


def test_a_refused_upload_keeps_the_old_file_and_stores_nothing(editor, media):
    source = factories.SourceFactory.build(publisher=None)
    source.file = SimpleUploadedFile("letter.pdf", PDF)
    services.object_save(instance=source, acting_user=editor)
    before = stored_files(media)
    source.refresh_from_db()
    source.file = SimpleUploadedFile("other.pdf", ZIP)
    with pytest.raises(ValidationError) as caught:
        services.object_save(instance=source, acting_user=editor)
    assert "file" in caught.value.message_dict
    stored = Source.objects.get(pk=source.pk)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.file.read() == PDF
    assert stored_files(media) == before


def test_removing_the_file_clears_type_size_and_sha256(editor, media):
    source = factories.SourceFactory.build(publisher=None)
    source.file = SimpleUploadedFile("scan.png", PNG)
    services.object_save(instance=source, acting_user=editor)
    source.refresh_from_db()
    source.file = None
    services.object_save(instance=source, acting_user=editor)
    source.refresh_from_db()
    assert (source.file.name, source.file_type, source.file_size, source.sha256) == (
        "",
        "",
        None,
        "",
    )


# --- the admin ------------------------------------------------------------------


def _add_source_post(admin_client, upload):
    return admin_client.post(
        "/admin/articles/source/add/",
        {"kind": "document", "title": "DOJ letter to Baltimore", "text": "", "file": upload},
    )


def test_admin_upload_of_a_pdf_named_file_that_is_html_is_an_error_beside_the_field(
    admin_client, media
):
    response = _add_source_post(admin_client, SimpleUploadedFile("letter.pdf", HTML))
    assert response.status_code == 200
    errors = soup(response).select(".field-file .errorlist li")
    assert [e.get_text() for e in errors] == [
        "letter.pdf is named as a PDF, but its content is plain text (UTF-8). Upload the file "
        "you meant, or give it a name ending in .txt."
    ]
    assert not Source.objects.exists()
    assert stored_files(media) == []


def test_admin_upload_of_a_real_pdf_is_saved_with_its_facts(admin_client, media):
    response = _add_source_post(admin_client, SimpleUploadedFile("letter.pdf", PDF))
    assert response.status_code == 302
    source = Source.objects.get(title="DOJ letter to Baltimore")
    assert (source.file_type, source.file_size) == ("application/pdf", len(PDF))
    assert source.sha256 == hashlib.sha256(PDF).hexdigest()
    page = admin_client.get(f"/admin/articles/source/{source.pk}/change/")
    link = soup(page).select_one(".field-file a")
    assert link["href"] == f"/sources/{source.pk}/file"


def test_a_request_body_over_the_limit_is_a_413_page_not_a_500(admin_client, settings, media):
    settings.MAX_REQUEST_BODY_BYTES = 2048
    response = _add_source_post(admin_client, SimpleUploadedFile("big.txt", b"a" * 4096))
    assert response.status_code == 413
    assert "over the limit of 2.0 KB (2,048 bytes)" in soup(response).get_text()
    assert not Source.objects.exists()


def test_a_form_field_over_data_upload_max_memory_size_is_a_413_page(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin_client.post(
        "/admin/articles/source/add/",
        {"kind": "document", "title": "Long", "text": "x" * 2000},
    )
    assert response.status_code == 413
    assert "1,000 bytes" in soup(response).get_text()


# --- reading it: the page, the download, the API -----------------------------------


@pytest.fixture
def public_source(editor, media):
    source = factories.SourceFactory.build(
        publisher=None, title="DOJ letter", kind=Source.Kind.LETTER, publishable=True
    )
    source.file = SimpleUploadedFile("letter.pdf", PDF)
    services.object_save(instance=source, acting_user=editor)
    factories.CitationFactory(source=source, quote="quick brown fox")
    return source


def _document_section(response):
    section = soup(response).find("section", class_="document")
    return section, section.select_one("dl dt:-soup-contains('SHA-256') + dd code").get_text()


def test_the_source_page_shows_the_document_its_size_and_sha256(client, public_source):
    section, digest = _document_section(client.get(f"/sources/{public_source.pk}/"))
    link = section.find("a")
    assert link["href"] == f"/sources/{public_source.pk}/file"
    assert f"(PDF, {len(PDF)} bytes)" in section.get_text()
    assert digest == hashlib.sha256(PDF).hexdigest()
    assert f"sha256sum source-{public_source.pk}.pdf" in section.get_text()


def test_a_third_party_articles_copy_is_held_not_republished(client, editor_client, editor, media):
    """DESIGN.md: third-party articles are cited, not reprinted. Readers see
    the copy's type, size and digest, no link; the file is a 404 for them
    and served to editors; the API gives no address."""
    source = factories.SourceFactory.build(publisher=None, publishable=False)
    source.file = SimpleUploadedFile("article.pdf", PDF)
    services.object_save(instance=source, acting_user=editor)
    factories.CitationFactory(source=source, quote="quick brown fox")
    section, digest = _document_section(client.get(f"/sources/{source.pk}/"))
    assert section.find("a") is None
    assert "we do not republish it" in section.get_text()
    assert digest == hashlib.sha256(PDF).hexdigest()
    assert client.get(f"/sources/{source.pk}/file").status_code == 404
    assert client.get(f"/api/v1/sources/{source.pk}/").json()["file_url"] is None
    assert editor_client.get(f"/sources/{source.pk}/file").status_code == 200


def test_a_reader_downloads_a_public_sources_pdf_with_safe_headers(client, public_source):
    response = client.get(f"/sources/{public_source.pk}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="source-{public_source.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_image_is_shown_inline(client, editor, media):
    source = factories.SourceFactory.build(publisher=None, publishable=True)
    source.file = SimpleUploadedFile("scan.png", PNG)
    services.object_save(instance=source, acting_user=editor)
    factories.CitationFactory(source=source, quote="quick brown fox")
    response = client.get(f"/sources/{source.pk}/file")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_anonymous_readers_cannot_fetch_an_unpublished_sources_file(editor, editor_client, media):
    source = factories.SourceFactory.build(publisher=None, publishable=True)
    source.file = SimpleUploadedFile("letter.pdf", PDF)
    services.object_save(instance=source, acting_user=editor)
    factories.CitationFactory(source=source, quote="quick brown fox", claim__publication="draft")
    assert Client().get(f"/sources/{source.pk}/file").status_code == 404
    assert editor_client.get(f"/sources/{source.pk}/file").status_code == 200


def test_a_source_without_a_file_has_no_download(client, db):
    source = factories.SourceFactory()
    factories.CitationFactory(source=source)
    assert client.get(f"/sources/{source.pk}/file").status_code == 404


def test_the_api_gives_the_documents_address_type_size_and_sha256(client, public_source):
    body = client.get(f"/api/v1/sources/{public_source.pk}/").json()
    assert body["file_url"] == f"http://testserver/sources/{public_source.pk}/file"
    assert (body["file_type"], body["file_size"]) == ("application/pdf", len(PDF))
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()


# --- storage and settings -----------------------------------------------------------


def test_storage_is_the_local_disk_by_default_and_s3_when_a_bucket_is_named(tmp_path):
    from tests.test_settings import GOOD_KEY, run_python

    show = (
        "from factcheck import settings as s; d = s.STORAGES['default'];"
        "print(d['BACKEND']); print(d.get('OPTIONS', {}).get('bucket_name'));"
        "print(d.get('OPTIONS', {}).get('endpoint_url')); print(s.DOCUMENT_MAX_BYTES)"
    )
    local = run_python(show, tmp_path, SECRET_KEY=GOOD_KEY)
    assert local.returncode == 0, local.stderr
    assert local.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        "None",
        "None",
        str(20 * 1024 * 1024),
    ]
    s3 = run_python(
        show,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        AWS_STORAGE_BUCKET_NAME="tracker-documents",
        S3_ENDPOINT_URL="https://minio.example.org",
        DOCUMENT_MAX_BYTES="1048576",
    )
    assert s3.returncode == 0, s3.stderr
    assert s3.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "tracker-documents",
        "https://minio.example.org",
        "1048576",
    ]


class SigningStorage:
    """Stands in for django-storages' S3Storage (boto3 is not installed):
    it signs addresses, and records what it was asked for."""

    querystring_auth = True

    def __init__(self):
        self.asked = None

    def url(self, name, parameters=None):
        self.asked = (name, parameters)
        return f"https://bucket.example.org/{name}?X-Amz-Signature=abc"


def test_on_signing_storage_the_download_redirects_with_type_and_disposition():
    from types import SimpleNamespace

    storage = SigningStorage()
    file = SimpleNamespace(name="sources/2026/11/letter.pdf", storage=storage)
    response = documents.document_response(
        file, media_type="application/pdf", filename="source-7.pdf"
    )
    assert response.status_code == 302
    assert response["Location"] == (
        "https://bucket.example.org/sources/2026/11/letter.pdf?X-Amz-Signature=abc"
    )
    assert storage.asked == (
        "sources/2026/11/letter.pdf",
        {
            "ResponseContentType": "application/pdf",
            "ResponseContentDisposition": 'attachment; filename="source-7.pdf"',
        },
    )
    assert response["Cache-Control"] == "private, no-store"


def test_an_edit_that_keeps_the_file_does_not_read_it_again(editor, media):
    source = factories.SourceFactory.build(publisher=None)
    source.file = SimpleUploadedFile("letter.pdf", PDF)
    services.object_save(instance=source, acting_user=editor)
    source.refresh_from_db()
    (media / source.file.name).write_bytes(b"changed behind our back")
    source.title = "DOJ letter to Baltimore police"
    services.object_save(instance=source, acting_user=editor)
    source.refresh_from_db()
    assert source.sha256 == hashlib.sha256(PDF).hexdigest()
    assert source.file_size == len(PDF)


def test_the_source_page_and_the_download_ask_few_queries(
    client, public_source, django_assert_num_queries
):
    # The page: the source with its publisher, its citations, its responses.
    with django_assert_num_queries(3):
        assert client.get(f"/sources/{public_source.pk}/").status_code == 200
    # The download: the source, through the visibility rule.
    with django_assert_num_queries(1):
        assert client.get(f"/sources/{public_source.pk}/file").status_code == 200


def test_a_file_stored_before_the_checks_does_not_block_an_edit(editor, media):
    """A .docx attached before documents were checked (no type recorded):
    the source's title can still be edited; the file stays as it was."""
    source = factories.SourceFactory(publisher=None)
    source.file.save("memo.docx", ContentFile(ZIP), save=False)
    stored_name = source.file.name
    Source.objects.filter(pk=source.pk).update(file=stored_name)
    source.refresh_from_db()
    source.title = "Memo, retitled"
    services.object_save(instance=source, acting_user=editor)
    source.refresh_from_db()
    assert (source.title, source.file_type, source.file.name) == (
        "Memo, retitled",
        "",
        stored_name,
    )


# --- archive_url is a web address (newcomer's report on issue 9: ftp:// was accepted) ---


@pytest.mark.parametrize(
    "address", ["ftp://archive.example.org/letter.pdf", "FTPS://archive.example.org/x"]
)
def test_an_archive_url_that_is_not_http_or_https_is_refused(seeded, address):
    source = Source.objects.get()
    source.archive_url = address
    with pytest.raises(ValidationError) as caught:
        source.full_clean()
    assert caught.value.error_dict["archive_url"][-1].code == "not_web_url"


@pytest.mark.parametrize(
    "address", ["", "https://web.archive.org/web/2017/https://example.org/", "HTTP://example.org/"]
)
def test_a_web_archive_url_or_none_is_accepted(seeded, address):
    source = Source.objects.get()
    source.archive_url = address
    source.full_clean()


def test_the_api_refuses_an_ftp_archive_url_naming_the_field(seeded, editor_api):
    count = Source.objects.count()
    body = {
        "kind": "news_article",
        "title": "A letter",
        "archive_url": "ftp://archive.example.org/letter.pdf",
    }
    reply = editor_api.post(f"{API}/sources/", body)
    assert reply.status_code == 400
    assert reply.json() == {
        "archive_url": ["Give a web address starting with http:// or https:// (not ftp://)."]
    }
    assert Source.objects.count() == count


def test_the_admin_refuses_an_ftp_archive_url(seeded, client, editor):
    client.force_login(editor)
    source = Source.objects.get()
    data = {
        "kind": source.kind,
        "title": source.title,
        "publisher": str(source.publisher_id),
        "url": source.url,
        "published_on": source.published_on.isoformat(),
        "archive_url": "ftp://archive.example.org/reuters.html",
        "text": source.text,
        "change_reason": "Add the archived copy",
        "based_on_version": str(source.version),
    }
    response = client.post(f"/admin/articles/source/{source.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["archive_url"] == [
        "Give a web address starting with http:// or https:// (not ftp://)."
    ]
    source.refresh_from_db()
    assert source.archive_url == ""
