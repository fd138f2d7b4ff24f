"""``make run`` (the quick start): the task worker it starts is started
again when it stops on an error, and SITE_URL defaults to the address it
serves (newcomer's report on issue 9: during a 34 s ``import_claims`` on
SQLite the worker died of "database is locked" and nobody ran the alerts;
the alert emails' admin links were bare paths).

The Makefile is run for real, in a scratch directory, with ``PY`` a stub
that stands in for ``.venv/bin/python`` and logs each call: the stub's
``db_worker`` fails once (exit status 1, as the crash did), then stays up;
its ``runserver`` waits for the second worker, then stops, as Ctrl+C would.
"""

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")

STUB = r"""#!/bin/sh
here=$(dirname "$0")/..
echo "$* SITE_URL=${SITE_URL:-}" >> "$here/calls.log"
case "$*" in
  *"manage.py shell"*) echo django_tasks_db.DatabaseBackend ;;
  *"manage.py db_worker"*)
    n=$(cat "$here/workers" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$here/workers"
    if [ "$n" -eq 1 ]; then echo "OperationalError: database is locked" >&2; exit 1; fi
    trap 'echo stopped >> "$here/calls.log"; exit 0' TERM
    while :; do sleep 0.1; done ;;
  *"manage.py runserver"*)
    i=0
    while [ "$(cat "$here/workers" 2>/dev/null)" != 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.3 ;;
esac
exit 0
"""


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A directory holding a copy of the Makefile, the requirement files
    and the stub interpreter ``venv/bin/python``."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.txt", "requirements-dev.txt"):
        (tmp_path / name).write_text("")
    stub = tmp_path / "venv" / "bin" / "python"
    stub.parent.mkdir(parents=True)
    stub.write_text(STUB)
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "venv" / "calls.log").write_text("")
    return tmp_path


def make_run(scratch: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "MAKEFLAGS", "MFLAGS"}}
    return subprocess.run(  # noqa: S603 - make on a copy of this project's Makefile
        [MAKE, "--no-print-directory", "run", "VENV=venv", "PY=venv/bin/python", *args],
        cwd=scratch,
        env={**env, "PYTHON": str(scratch / "venv" / "bin" / "python")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def calls(scratch: Path) -> list[str]:
    return (scratch / "venv" / "calls.log").read_text().splitlines()


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_a_worker_that_stops_on_an_error_is_started_again_and_stopped_with_the_server(scratch):
    started = time.monotonic()
    done = make_run(scratch, "PORT=8133", "WORKER_RESTART_SECONDS=0.2")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    assert "Task worker stopped (exit status 1); restarting it in 0.2 s." in done.stderr
    workers = [line for line in calls(scratch) if "manage.py db_worker" in line]
    assert len(workers) == 2
    # The second worker was stopped when the server stopped, not restarted.
    assert calls(scratch)[-1] == "stopped"
    # Both the server and the worker (which sends the alert emails) had SITE_URL.
    assert "SITE_URL=http://127.0.0.1:8133" in workers[1]
    [server] = [line for line in calls(scratch) if "manage.py runserver" in line]
    assert server == "manage.py runserver 127.0.0.1:8133 SITE_URL=http://127.0.0.1:8133"


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_site_url_in_dot_env_wins_and_host_0000_is_linked_as_127001(scratch):
    (scratch / ".env").write_text("SITE_URL=https://tracker.example.org\n")
    done = make_run(scratch, "PORT=8133", "WORKER_RESTART_SECONDS=0.2")
    assert done.returncode == 0, done.stderr
    [server] = [line for line in calls(scratch) if "manage.py runserver" in line]
    assert server.endswith(" SITE_URL=")  # left to settings, which read .env
    (scratch / ".env").write_text("")
    (scratch / "venv" / "workers").unlink()
    done = make_run(scratch, "HOST=0.0.0.0", "PORT=8133", "WORKER_RESTART_SECONDS=0.2")
    assert done.returncode == 0, done.stderr
    servers = [line for line in calls(scratch) if "manage.py runserver" in line]
    assert servers[-1] == "manage.py runserver 0.0.0.0:8133 SITE_URL=http://127.0.0.1:8133"
