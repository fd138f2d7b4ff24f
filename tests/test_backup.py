"""Backup and restore (issue 10, "Nothing lost"): a backup restored into a
fresh database finds every row and every history row; ``manage.py
restore`` refuses what is not a backup of the right kind and a non-empty
database without ``--yes``. Runs on the suite's database: SQLite by
default, PostgreSQL when DATABASE_URL names it (pg_dump/pg_restore)."""

import copy
import sqlite3
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection

from articles import backup, services
from articles.models import Person

ROOT = Path(__file__).resolve().parent.parent
IS_POSTGRES = connection.vendor == "postgresql"


def _settings_for(name: str) -> dict:
    """The suite's database settings naming another database, without
    psycopg's pool (a pool would outlive the test's connection)."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["NAME"] = name
    settings_dict.get("OPTIONS", {}).pop("pool", None)
    return settings_dict


def _pg_params(settings_dict: dict) -> dict:
    """psycopg connection keywords from Django's database settings."""
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    return {key: settings_dict[name] for key, name in keys.items() if settings_dict.get(name)}


def _snapshot(settings_dict: dict) -> tuple[dict[str, int], dict[str, list]]:
    """Every table's row count, and every history table's rows, whole
    (history_id, history_date, the user, the reason, every field; the
    many-to-many history tables too), in order of their first column, read
    through a DB-API connection of its own (not Django's)."""
    if IS_POSTGRES:
        import psycopg  # noqa: PLC0415

        db = psycopg.connect(dbname=settings_dict["NAME"], **_pg_params(settings_dict))
        list_tables = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    else:
        db = sqlite3.connect(settings_dict["NAME"])
        list_tables = (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    try:
        cursor = db.cursor()
        cursor.execute(list_tables)
        tables = sorted(row[0] for row in cursor.fetchall())
        counts, history = {}, {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
            if "_historical" in table:
                cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
                history[table] = cursor.fetchall()
    finally:
        db.close()
    return counts, history


@pytest.fixture
def fresh_database(tmp_path):
    """Settings for a new, empty database, dropped afterwards: an SQLite file
    under tmp_path, or a PostgreSQL database beside the test database."""
    if not IS_POSTGRES:
        yield _settings_for(str(tmp_path / "restored.sqlite3"))
        return
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    name = f"{connection.settings_dict['NAME']}_restore"
    params = _pg_params(connection.settings_dict)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _settings_for(name)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_every_row_and_every_history_row(
    seeded, editor, tmp_path, fresh_database
):
    # An edit through the services: one more history row, with its reason.
    # "President Donald Trump" (the article, paragraph 10).
    services.object_save(
        instance=Person(name="Donald Trump", title="President"),
        acting_user=editor,
        reason="Named in the article",
    )
    source = _snapshot(_settings_for(connection.settings_dict["NAME"]))
    counts, history = source
    # Not a trivially empty comparison: the seed's records and their history.
    assert counts["articles_city"] == 4
    assert counts["articles_historicalperson"] == counts["articles_person"] >= 4
    assert len(history["articles_historicalperson"]) == counts["articles_historicalperson"]
    assert counts["articles_historicalinquiry_sources"] > 0

    path = tmp_path / f"tracker.{backup.EXTENSIONS[connection.settings_dict['ENGINE']]}"
    call_command("backup", str(path), verbosity=0)
    backup.restore(settings_dict=fresh_database, path=path)

    assert _snapshot(fresh_database) == source


@pytest.mark.django_db(transaction=True)
def test_restore_command_replaces_the_database_after_yes(seeded, editor, tmp_path):
    path = tmp_path / "before.backup"
    call_command("backup", str(path), verbosity=0)
    before = _snapshot(_settings_for(connection.settings_dict["NAME"]))
    services.object_save(
        instance=Person(name="Donald Trump", title="President"),
        acting_user=editor,
        reason="Named in the article",
    )
    assert Person.objects.filter(name="Donald Trump").exists()

    with pytest.raises(CommandError, match=r"not empty .*--yes"):
        call_command("restore", str(path))
    assert Person.objects.filter(name="Donald Trump").exists()  # nothing replaced

    call_command("restore", str(path), yes=True, verbosity=0)
    assert not Person.objects.filter(name="Donald Trump").exists()
    assert _snapshot(_settings_for(connection.settings_dict["NAME"])) == before


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"nope\.dump: no such file"):
        call_command("restore", str(tmp_path / "nope.dump"), yes=True)


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "notes.dump"
    path.write_text("Sessions singled out four local police departments\n")
    with pytest.raises(CommandError, match="it is not a backup; expected"):
        call_command("restore", str(path), yes=True)


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_engine(tmp_path):
    path = tmp_path / "other"
    if IS_POSTGRES:
        sqlite3.connect(path).execute(
            "CREATE TABLE django_migrations (id integer)"
        ).connection.close()
        expected = "it is an SQLite database; expected a PostgreSQL custom-format dump"
    else:
        path.write_bytes(b"PGDMP\x01\x0f\x00")  # pg_dump -Fc's signature and version bytes
        expected = "it is a PostgreSQL custom-format dump .*; expected an SQLite database"
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(path), yes=True)


@pytest.mark.skipif(IS_POSTGRES, reason="an SQLite file without Django's tables")
@pytest.mark.django_db
def test_restore_refuses_an_sqlite_file_of_another_project(tmp_path):
    path = tmp_path / "other.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE notes (body text)").connection.close()
    with pytest.raises(CommandError, match="no django_migrations table: not a tracker backup"):
        call_command("restore", str(path), yes=True)


def test_compose_file_declares_the_production_services():
    """compose.yaml read as YAML (Docker's daemon is not needed): the app,
    the task worker, PostgreSQL 15, Redis 7 and the nginx proxy."""
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services_ = compose["services"]
    assert set(services_) == {"app", "worker", "postgres", "redis", "nginx"}
    assert services_["postgres"]["image"].startswith("postgres:15")
    assert services_["redis"]["image"].startswith("redis:7")
    assert "db_worker" in " ".join(services_["worker"]["command"])
    assert (ROOT / services_["nginx"]["volumes"][0].split(":")[0]).is_file()
    for name in ("app", "worker"):
        assert services_[name]["env_file"] == [".env"]
    # Every variable the services read is documented in .env.example.
    example = (ROOT / ".env.example").read_text()
    for variable in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CACHE_URL",
        "POSTGRES_PASSWORD",
    ):
        assert f"{variable}=" in example


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_a_file(tmp_path):
    path = tmp_path / "kept.dump"
    path.write_text("an earlier backup")
    with pytest.raises(CommandError, match=r"kept\.dump already exists"):
        call_command("backup", str(path))
    assert path.read_text() == "an earlier backup"
