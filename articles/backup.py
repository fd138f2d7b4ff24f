"""Backup and restore of the tracker's database (issue 10, "Nothing lost").

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with
``pg_restore --clean --if-exists --no-owner --single-transaction``; the
client tools' major version must match the server's (PostgreSQL refuses a
dump from a newer ``pg_dump``). SQLite is copied with SQLite's online
backup API (:meth:`sqlite3.Connection.backup`), page by page under SQLite's
own locking, never as a file copy of a live database (which can catch a
half-written page or miss the ``-wal`` file).

Uploaded media (``MEDIA_ROOT``, or the S3 bucket) is not in these files:
back it up separately (README, "Backups").

Every function takes a Django ``settings_dict`` (``DATABASES["default"]``
shape: ``ENGINE``, ``NAME``, ``USER``, ``PASSWORD``, ``HOST``, ``PORT``) so a
test can restore into a database other than the one the site uses.
Errors are raised as :class:`BackupError` with a message naming the file and
what is wrong; the management commands turn it into ``CommandError``.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"

#: File extension of a backup by database engine (``make backup`` names).
EXTENSIONS = {POSTGRESQL: "dump", SQLITE: "sqlite3"}

#: First bytes of each kind of file: pg_dump's custom format starts with
#: "PGDMP" (PostgreSQL's pg_backup_archiver.c); an SQLite database with
#: "SQLite format 3\0" (sqlite.org/fileformat.html, section 1.3).
_MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
_KIND = {POSTGRESQL: "a PostgreSQL custom-format dump (pg_dump -Fc)", SQLITE: "an SQLite database"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def _engine(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if engine not in EXTENSIONS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
    return engine


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client tools and their
    environment (the password goes in ``PGPASSWORD``, never on the command
    line, where ``ps`` would show it)."""
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            "of the server's major version (Debian: postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed (exit status {result.returncode}): {result.stderr.strip()}"
        )
    return result


def default_filename(settings_dict: dict[str, Any], timestamp: str) -> str:
    """``tracker-<timestamp>.<dump|sqlite3>``; ``timestamp`` is a UTC time
    already formatted by the caller (``20261130T033000Z``)."""
    return f"tracker-{timestamp}.{EXTENSIONS[_engine(settings_dict)]}"


def backup(*, settings_dict: dict[str, Any], path: Path) -> Path:
    """Write a backup of the database ``settings_dict`` names to ``path``.

    Args:
        settings_dict: a Django database settings dict (PostgreSQL or SQLite).
        path: the file to write; its folder is created. An existing file is
            refused rather than overwritten.

    Returns the path written. Raises :class:`BackupError`. A failed backup
    leaves no partial file behind.
    """
    engine = _engine(settings_dict)
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if engine == POSTGRESQL:
            args, env = _pg_args(settings_dict)
            _run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--file",
                    str(path),
                    *args,
                    settings_dict["NAME"],
                ],
                env,
            )
        else:
            source_name = str(settings_dict["NAME"])
            if not Path(source_name).is_file():
                raise BackupError(f"The SQLite database {source_name} does not exist.")
            source = sqlite3.connect(f"file:{source_name}?mode=ro", uri=True)
            target = sqlite3.connect(path)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def check_backup(*, settings_dict: dict[str, Any], path: Path) -> None:
    """Refuse a file that is not a tracker backup for this database's engine.

    Checks that ``path`` exists, starts with the engine's signature and holds
    Django's ``django_migrations`` table (so it is this kind of project's
    database, not any SQLite file). Raises :class:`BackupError`.
    """
    engine = _engine(settings_dict)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as file:
        head = file.read(16)
    if not head.startswith(_MAGIC[engine]):
        other = next((e for e, magic in _MAGIC.items() if head.startswith(magic)), None)
        found = f"it is {_KIND[other]}" if other else "it is not a backup"
        raise BackupError(
            f"{path} cannot be restored into this {engine.rsplit('.', 1)[-1]} database: {found}; expected {_KIND[engine]}."
        )
    if engine == POSTGRESQL:
        listing = _run([_tool("pg_restore"), "--list", str(path)], dict(os.environ)).stdout
        if " django_migrations " not in listing:
            raise BackupError(
                f"{path} is a PostgreSQL dump but has no django_migrations table: not a tracker backup."
            )
    else:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                found = db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
                ).fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database: {error}.") from error
        if not found:
            raise BackupError(
                f"{path} is an SQLite database but has no django_migrations table: not a tracker backup."
            )


def restore(*, settings_dict: dict[str, Any], path: Path) -> None:
    """Replace the contents of the database ``settings_dict`` names with the
    backup at ``path`` (checked first with :func:`check_backup`).

    PostgreSQL: ``pg_restore`` in one transaction, so a failure leaves the
    database as it was. SQLite: the online backup API copies the file into
    the database (created if missing) under an exclusive lock; either all
    pages are copied or the database is unchanged.

    The caller closes its own connections first and asks for confirmation
    (``manage.py restore --yes``). Raises :class:`BackupError`.
    """
    engine = _engine(settings_dict)
    check_backup(settings_dict=settings_dict, path=path)
    if engine == POSTGRESQL:
        args, env = _pg_args(settings_dict)
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                settings_dict["NAME"],
                *args,
                str(path),
            ],
            env,
        )
    else:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(str(settings_dict["NAME"]))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
