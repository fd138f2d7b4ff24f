"""Benchmark: stories per second through ingestion (issue "Wire-story
ingestion", item 6), and whether memory grows with the number of stories
(item 4).

Run from the checkout (a scratch SQLite database is made in a temporary
folder; give DATABASE_URL for a scratch PostgreSQL database instead; it is
flushed):

    .venv/bin/python bench/ingest.py [--corpus ../shared/corpus/reuters-2016-2017.csv]

It measures, in one run:

1. extraction alone (reading, dateline, places, people, quotes, signals;
   no database) over every story of the corpus, best of three passes;
2. the whole import, ``import_articles --now`` (one transaction per story,
   the Source and its suggestions written, history kept), on an empty
   database;
3. the same through the task queue's immediate backend (what a worker
   runs per story);
4. the peak of Python's traced memory while importing the corpus, and
   while importing it four times over (3,004 distinct stories: each copy's
   texts end with a copy number, so none is skipped), each on an empty
   database: about equal when memory does not grow with the number of
   stories.

Prints a table and writes it to ``bench/results/ingest-<date>.md``. Not a
test: nothing here fails a build.
"""

import argparse
import csv
import datetime
import os
import secrets
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
SCRATCH = tempfile.mkdtemp(prefix="bench-ingest-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DEBUG", "false")
# Tasks run at once, in this process: what one worker does per story.
os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles.ingest import people, places, quotes, signals  # noqa: E402
from articles.ingest.extract import extract  # noqa: E402
from articles.ingest.reading import read_story  # noqa: E402
from articles.models import Source, Suggestion  # noqa: E402

TODAY = datetime.datetime.now(datetime.UTC).date()


def texts(path: Path) -> list[str]:
    """Every story text of the corpus."""
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as stream:
        return [row["text"] for row in csv.DictReader(stream)]


def empty_database() -> None:
    """Migrated and empty (flushed between runs)."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)


def timed_import(corpus: Path, *args: str) -> float:
    """Seconds for one ``import_articles`` run on an empty database."""
    empty_database()
    started = time.perf_counter()
    call_command("import_articles", str(corpus), *args, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return time.perf_counter() - started


def clear_bounded_caches() -> None:
    """Empty the extractors' bounded word caches (``lru_cache`` with a
    ``maxsize``), so that what they hold is traced from the start of a run:
    filled before tracing began, each entry replaced during it would count
    as growth (its new copy traced, the old one not)."""
    for module in (people, places, quotes, signals):
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if info is not None and info().maxsize is not None:
                value.cache_clear()


def peak_memory(corpus: Path) -> int:
    """Peak traced bytes while importing ``corpus`` on an empty database."""
    empty_database()
    clear_bounded_caches()
    tracemalloc.start()
    call_command("import_articles", str(corpus), "--now", stdout=open(os.devnull, "w"))  # noqa: SIM115
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def copies(corpus: Path, times: int) -> Path:
    """The corpus ``times`` over, each copy's texts ending with its number."""
    out = Path(SCRATCH) / f"corpus-x{times}.csv"
    with corpus.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(1, times + 1):
            for row in rows:
                writer.writerow({**row, "text": f"{row['text']} (Copy {copy}.)"})
    return out


def memory_line(count: int, small: int, large: int) -> str:
    """The memory result as printed."""
    return (
        f"Peak traced memory (tracemalloc) importing the {count} stories: "
        f"{small / 2**20:.1f} MiB; four times as many ({4 * count:,} distinct stories): "
        f"{large / 2**20:.1f} MiB (ratio {large / small:.2f})."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", default=str(ROOT.parent / "shared" / "corpus" / "reuters-2016-2017.csv")
    )
    parser.add_argument(
        "--memory-only", action="store_true", help="Only the memory measurement (item 4)."
    )
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if args.memory_only:
        extract(read_story(texts(corpus)[0]).text)  # the gazetteer and tables, once
        small, large = peak_memory(corpus), peak_memory(copies(corpus, 4))
        print(memory_line(len(texts(corpus)), small, large))
        return
    stories = texts(corpus)
    count = len(stories)
    read = [read_story(text).text for text in stories]
    extract(read[0])  # the gazetteer and tables load once per process
    passes = []
    for _ in range(3):
        started = time.perf_counter()
        for text in read:
            extract(text)
        passes.append(time.perf_counter() - started)
    extraction = min(passes)
    now = timed_import(corpus, "--now")
    sources, suggestions = Source.objects.count(), Suggestion.objects.count()
    queued = timed_import(corpus)
    small, large = peak_memory(corpus), peak_memory(copies(corpus, 4))
    vendor = connection.vendor
    rows = [
        ("extraction only (no database)", f"{count / extraction:,.0f}", f"{extraction:.2f} s"),
        (f"import_articles --now ({vendor})", f"{count / now:,.1f}", f"{now:.1f} s"),
        (
            f"import_articles, tasks run at once ({vendor})",
            f"{count / queued:,.1f}",
            f"{queued:.1f} s",
        ),
    ]
    lines = [
        f"# Ingestion benchmark, {TODAY.isoformat()}",
        "",
        f"{count} stories of `{corpus.name}`; {sources} sources and {suggestions} suggestions "
        "stored by the import. Produced by `bench/ingest.py`.",
        "",
        "| run | stories/s | time |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        memory_line(count, small, large),
    ]
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / f"ingest-{TODAY.isoformat()}.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
