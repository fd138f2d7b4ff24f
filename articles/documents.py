"""Documents attached to records: what an uploaded file really is (issue 9,
item 6, "Documents").

A source may carry a file (``Source.file``), a logged contact a document
(``Contact.document``). Either is checked here, by its content and not by
its name, before anything is stored:

- **Type from the content.** The first bytes are matched against known
  signatures with the `filetype` library (PDF ``%PDF``, PNG, JPEG, GIF,
  WebP). `filetype` cannot recognise plain text, so a file none of those
  signatures match is plain text when the whole of it decodes as UTF-8 and
  holds no control character other than tab, line feed, form feed and
  carriage return (a NUL byte, say, is refused). Anything else (a ZIP
  archive, a Word file, an executable, text in another encoding) is
  refused, naming what was found.
- **Name and content agree.** A file named ``.pdf`` whose content is not a
  PDF is refused ("an upload that claims to be a PDF but is not: a clear
  refusal", the issue's own example), and so is any other mismatch (a PNG
  named ``.jpg``): the editor may have picked the wrong file, and a
  silently renamed file would hide that. The one correction made is for a
  name with no extension at all: the content's extension is added
  (``letter`` becomes ``letter.pdf``); nothing was claimed, so nothing is
  contradicted. Extensions each type accepts: :data:`ALLOWED`.
- **Size.** At most ``settings.DOCUMENT_MAX_BYTES`` (environment
  ``DOCUMENT_MAX_BYTES``, default 20 MiB); an empty file is refused too.
- **SHA-256** of the bytes (lowercase hex), computed while reading, so that
  readers can check their copy (``sha256sum file``).

The file is read once, in chunks of :data:`CHUNK_BYTES` (never whole into
memory), and left rewound, so the caller can still save it.

Errors are ``ValidationError({field: message})`` keyed to the form field
the caller names, so the admin shows them beside the file input and the
services' callers (API, commands) get the field's name.
"""

import codecs
import contextlib
import hashlib
import posixpath
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

#: Bytes read at a time (hashing, the text check, the size count).
CHUNK_BYTES = 64 * 1024

#: Bytes `filetype` looks at for a signature (``filetype.utils``).
SIGNATURE_BYTES = 8192

#: The default of ``settings.DOCUMENT_MAX_BYTES``: 20 MiB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

TEXT = "text/plain"


@dataclass(frozen=True)
class Kind:
    """One accepted kind of document: its media type, the extension given
    to a name that has none, every extension a name may carry, and its name
    in words ("a PDF")."""

    media_type: str
    extension: str
    extensions: frozenset[str]
    label: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


#: The accepted kinds, by media type (the issue: "PDF, image, plain text").
ALLOWED: dict[str, Kind] = {
    kind.media_type: kind
    for kind in (
        Kind("application/pdf", "pdf", frozenset({"pdf"}), "a PDF"),
        Kind("image/png", "png", frozenset({"png"}), "a PNG image"),
        Kind("image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jpe"}), "a JPEG image"),
        Kind("image/gif", "gif", frozenset({"gif"}), "a GIF image"),
        Kind("image/webp", "webp", frozenset({"webp"}), "a WebP image"),
        Kind(TEXT, "txt", frozenset({"txt", "text", "csv", "md"}), "plain text (UTF-8)"),
    )
}

#: `filetype` media types read as one of :data:`ALLOWED` (an animated PNG
#: is a PNG: its first frame is a plain PNG image).
ALIASES = {"image/apng": "image/png"}

#: Words for kinds `filetype` recognises that are refused, for the message.
REFUSED_LABELS = {
    "application/zip": "a ZIP archive",
    "application/gzip": "a gzip archive",
    "application/x-tar": "a tar archive",
    "application/x-rar-compressed": "a RAR archive",
    "application/x-7z-compressed": "a 7-Zip archive",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("a Word document"),
    "application/vnd.ms-excel": "an Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel spreadsheet",
    "application/rtf": "an RTF document",
    "application/x-msdownload": "a Windows program",
    "application/x-executable": "a program",
    "image/tiff": "a TIFF image",
    "image/bmp": "a BMP image",
    "image/heic": "a HEIC image",
}

#: Control characters plain text may hold: tab, line feed, form feed, carriage return.
TEXT_CONTROLS = frozenset("\t\n\f\r")
#: Every other C0 control, DEL and the C1 controls: never in plain text.
FORBIDDEN_CONTROLS = frozenset(
    chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in TEXT_CONTROLS
)

ACCEPTED_WORDS = "a PDF, a PNG, JPEG, GIF or WebP image, or plain text (UTF-8)"


@dataclass(frozen=True)
class Document:
    """What :func:`inspect_document` found.

    Attributes:
        media_type: from the content, one of :data:`ALLOWED`
            (``"application/pdf"``, ``"text/plain"``, ...).
        size: in bytes.
        sha256: 64 lowercase hex digits.
        extension: the extension the stored name should end with (no dot):
            the name's own when it has one (``"jpeg"``), else the kind's
            (``"pdf"``).
        name: the name to store: the file's own, or with ``.<extension>``
            added when it had none.
    """

    media_type: str
    size: int
    sha256: str
    extension: str
    name: str

    @property
    def kind(self) -> Kind:
        return ALLOWED[self.media_type]


def max_bytes() -> int:
    """The largest document accepted, in bytes (``settings.DOCUMENT_MAX_BYTES``)."""
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


#: Binary units for :func:`size_words` (IEC 80000-13: 1 KiB = 1,024 bytes).
_BINARY_UNITS = ("KiB", "MiB", "GiB", "TiB")


def size_words(size: int, *, places: int = 2) -> str:
    """A size for people, in binary units named as such, with the exact
    byte count: ``"20.03 MiB (21,000,009 bytes)"``, ``"20 MiB (20,971,520
    bytes)"``, ``"512 bytes"``.

    Args:
        size: in bytes (an int, 0 or more).
        places: at most this many decimals; trailing zeros are dropped.

    The units are KiB/MiB (powers of 1,024) and say so: Django's
    ``filesizeformat`` calls 20,971,520 bytes "20.0 MB", and with one
    decimal a file just over a limit read the same as the limit.
    """
    if size < 1024:
        return f"{size:,} byte{'' if size == 1 else 's'}"
    value, unit = size / 1024, _BINARY_UNITS[0]
    for bigger in _BINARY_UNITS[1:]:
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    number = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    return f"{number} {unit} ({size:,} bytes)"


def _sizes_apart(size: int, limit: int) -> tuple[str, str]:
    """``size`` and ``limit`` in words with enough decimals (2 to 6) that
    the two never read the same when they differ (21,000,009 bytes is
    "20.03 MiB", the limit "20 MiB"; 20,971,521 bytes "20.000001 MiB")."""
    for places in range(2, 7):
        words = size_words(size, places=places), size_words(limit, places=places)
        if words[0].split(" (")[0] != words[1].split(" (")[0]:
            break
    return words


def _refuse(field: str, message: str, code: str, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def _extension(name: str) -> str:
    """The name's extension, lowercase, without the dot ("" for none)."""
    base = posixpath.basename(name.replace("\\", "/"))
    stem, dot, ext = base.rpartition(".")
    return ext.lower() if dot and stem else ""


def _chunks(file):
    """``file``'s bytes in chunks from the start: a Django ``File`` (an
    upload, a ``FieldFile``, a ``ContentFile``) or any binary file object."""
    if hasattr(file, "chunks"):
        yield from file.chunks(CHUNK_BYTES)
        return
    file.seek(0)
    while chunk := file.read(CHUNK_BYTES):
        yield chunk


def _found_words(media_type: str) -> str:
    return REFUSED_LABELS.get(media_type, f"a file of type {media_type}")


def inspect_document(file, *, field: str = "file", limit: int | None = None) -> Document:
    """Check an uploaded or stored file and describe it (module docstring).

    Args:
        file: a Django ``File`` (an ``UploadedFile``, a ``FieldFile``,
            ``ContentFile``) or a binary file object with ``read``/``seek``;
            its ``name`` is checked against the content. Read in chunks of
            :data:`CHUNK_BYTES`, then rewound to the start.
        field: the form or model field to key errors to (``"file"`` for a
            source, ``"document"`` for a contact).
        limit: the largest size accepted, in bytes; default
            ``settings.DOCUMENT_MAX_BYTES``.

    Returns:
        A :class:`Document`: media type from the content, size, SHA-256,
        extension and the name to store.

    Raises:
        ValidationError: ``{field: message}``, codes ``empty``,
            ``too_large`` (the message gives the limit), ``not_accepted``
            (the content is of no accepted kind; the message says what it
            is), ``name_mismatch`` (the name's extension says another kind
            than the content; the message names both). Nothing is stored.
    """
    limit = max_bytes() if limit is None else limit
    name = str(getattr(file, "name", "") or "")
    shown = posixpath.basename(name.replace("\\", "/")) or "The file"
    declared = getattr(file, "size", None) if hasattr(file, "chunks") else None
    try:
        declared = int(declared) if declared is not None else None
    except (TypeError, ValueError):
        declared = None
    if declared is not None and declared > limit:
        raise _too_large(field, shown, declared, limit)

    digest = hashlib.sha256()
    size = 0
    head = b""
    decoder = codecs.getincrementaldecoder("utf-8")()
    text_problem: str | None = None
    opened_here = _open(file)
    try:
        for chunk in _chunks(file):
            size += len(chunk)
            if size > limit:
                raise _too_large(field, shown, size, limit, at_least=True)
            digest.update(chunk)
            if len(head) < SIGNATURE_BYTES:
                head += chunk[: SIGNATURE_BYTES - len(head)]
            if text_problem is None:
                text_problem = _text_problem(decoder, chunk, final=False)
        if text_problem is None:
            text_problem = _text_problem(decoder, b"", final=True)
    finally:
        _rewind(file, opened_here)

    if size == 0:
        raise _refuse(field, "%(name)s is empty (0 bytes).", "empty", name=shown)
    guessed = filetype.guess_mime(head)
    guessed = ALIASES.get(guessed, guessed)
    extension = _extension(name)
    claimed = next((k for k in ALLOWED.values() if extension in k.extensions), None)
    if claimed is not None:
        claims = f"named as {claimed.label}, but its content is"
    elif extension:
        claims = f"named as a “.{extension}” file, and its content is"
    else:
        claims = "a file whose content is"
    if guessed in ALLOWED and guessed != TEXT:
        media_type = guessed
    elif text_problem is None:
        media_type = TEXT
    else:
        found = _found_words(guessed) if guessed else f"not plain text: it {text_problem}"
        raise _refuse(
            field,
            "%(name)s is %(claims)s %(found)s. Accepted here: %(accepted)s.",
            "not_accepted",
            name=shown,
            claims=claims,
            found=found,
            accepted=ACCEPTED_WORDS,
        )

    kind = ALLOWED[media_type]
    if extension and extension not in kind.extensions:
        raise _refuse(
            field,
            "%(name)s is %(claims)s %(found)s. Upload the file you meant, or give it a "
            "name ending in .%(ext)s.",
            "name_mismatch",
            name=shown,
            claims=claims,
            found=kind.label,
            ext=kind.extension,
        )
    stored_name = name if extension else f"{name or 'document'}.{kind.extension}"
    return Document(
        media_type=media_type,
        size=size,
        sha256=digest.hexdigest(),
        extension=extension or kind.extension,
        name=stored_name,
    )


def _too_large(field: str, shown: str, size: int, limit: int, *, at_least: bool = False):
    sizes = _sizes_apart(size, limit)
    return _refuse(
        field,
        "%(name)s is %(size)s, over the limit of %(limit)s. Upload a smaller file (a PDF "
        "of the pages that matter, say).",
        "too_large",
        name=shown,
        size=("over " if at_least else "") + (size_words(limit) if at_least else sizes[0]),
        limit=sizes[1],
    )


def _text_problem(decoder, chunk: bytes, *, final: bool) -> str | None:
    """Why these bytes are not plain text, or None: not UTF-8, or a
    control character other than tab, line feed, form feed, carriage return."""
    try:
        text = decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return "is not valid UTF-8"
    bad = next((c for c in text if c in FORBIDDEN_CONTROLS), None)
    if bad is not None:
        return f"holds the control character U+{ord(bad):04X}{' (a NUL byte)' if bad == chr(0) else ''}"
    return None


def _open(file) -> bool:
    """Open a stored ``FieldFile`` for reading; True when this opened it
    (so :func:`_rewind` closes it again)."""
    if getattr(file, "_committed", False) is True and getattr(file, "_file", None) is None:
        file.open("rb")
        return True
    if hasattr(file, "open") and getattr(file, "closed", False):
        file.open("rb")
    return False


def _rewind(file, opened_here: bool) -> None:
    if opened_here:
        file.close()
        return
    with contextlib.suppress(AttributeError, OSError, ValueError):
        file.seek(0)


# --- serving a stored document ------------------------------------------------

#: Headers on every document served: the browser must take the type we
#: give (read from the content at upload) and run nothing in it.
SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def download_name(file, *, media_type: str, stem: str) -> str:
    """The name a reader's browser saves a document under: ``stem`` plus
    the stored name's extension (or the kind's), e.g. ``source-12.pdf``."""
    kind = ALLOWED.get(media_type)
    extension = _extension(getattr(file, "name", "") or "") or (kind.extension if kind else "")
    return f"{stem}.{extension}" if extension else stem


def document_response(file, *, media_type: str, filename: str):
    """The HTTP answer serving a stored document (a ``FieldFile``).

    Images are shown in the browser (``inline``); PDFs and text are
    downloaded (``attachment``), so no document of ours ever runs as a page
    of the site. Every answer carries :data:`SAFE_HEADERS` and the type
    read from the content at upload (``media_type``), never one guessed
    from the name; ``text/plain`` is sent as UTF-8.

    On storage that signs addresses (django-storages' S3 backend with
    ``querystring_auth``), a 302 to a short-lived signed address of the
    object, asking the bucket for the same type and disposition; otherwise
    the file is streamed from the storage (``FileResponse``).

    Args:
        file: the stored ``FieldFile`` (not empty).
        media_type: the stored ``file_type``.
        filename: the name to offer (:func:`download_name`).

    Raises:
        Http404: the storage no longer has the file.
    """
    from django.http import FileResponse, Http404, HttpResponseRedirect
    from django.utils.http import content_disposition_header

    kind = ALLOWED.get(media_type)
    inline = bool(kind and kind.is_image)
    content_type = f"{TEXT}; charset=utf-8" if media_type == TEXT else media_type
    content_type = content_type or "application/octet-stream"
    if getattr(file.storage, "querystring_auth", False):
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition_header(not inline, filename),
            },
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = file.storage.open(file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("The document is no longer stored.") from exc
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    for header, value in SAFE_HEADERS.items():
        response[header] = value
    return response


@dataclass(frozen=True)
class Shown:
    """A stored document as a page shows it: ``label`` ("PDF"), ``media_type``,
    ``size`` in words ("1.2 MiB (1,258,291 bytes)"), ``filename`` offered
    for download, ``url`` of the download view, ``is_image``."""

    label: str
    media_type: str
    size: str
    filename: str
    url: str
    is_image: bool


def shown(file, *, media_type: str, size: int | None, stem: str, url: str) -> Shown:
    """Describe a stored document for a page (:class:`Shown`)."""
    kind = ALLOWED.get(media_type)
    label = kind.label.removeprefix("a ").removeprefix("an ") if kind else media_type
    return Shown(
        label=label[:1].upper() + label[1:] if label else "File",
        media_type=media_type,
        size=size_words(size) if size is not None else "",
        filename=download_name(file, media_type=media_type, stem=stem),
        url=url,
        is_image=bool(kind and kind.is_image),
    )


def served_to(source, user) -> bool:
    """Whether ``user`` may download ``source``'s file (a source ``user``
    may see, with a file): when the source's full text is publishable
    (``Source.publishable``: the newsroom's own reporting, public
    documents, press releases), or to editors who may see unpublished
    records (:func:`articles.visibility.can_view_unpublished`). A copy of
    another outlet's article is held for the record, not republished
    (DESIGN.md: third-party articles are cited, not reprinted): readers
    see its type, size and SHA-256 only."""
    from .visibility import can_view_unpublished

    return bool(source.file) and (source.publishable or can_view_unpublished(user))
