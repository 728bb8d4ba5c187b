"""``python -m carekit_postgres migrate URL`` / ``status URL``: schema migrations run by
the owner role, so that application servers can run with a least-privilege role
(``?migrate=0``)."""

from __future__ import annotations

import sys

import psycopg

from carekit.errors import CarekitError
from carekit_postgres._migrations import LATEST, applied_version, migrate
from carekit_postgres._settings import parse_url

_USAGE = (
    "usage: python -m carekit_postgres migrate|status 'postgresql://owner@host:5432/db"
    "?schema=carekit'"
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("migrate", "status"):
        print(_USAGE, file=sys.stderr)  # noqa: T201 - command-line output
        return 2
    command, url = args
    try:
        settings = parse_url(url)
        with psycopg.connect(settings.conninfo, autocommit=True) as conn:
            if command == "migrate":
                applied = migrate(conn, schema=settings.schema, url=settings.masked)
                done = ", ".join(map(str, applied)) or "none (already up to date)"
                print(f"{settings.masked} schema {settings.schema}: applied {done}")  # noqa: T201
            version = applied_version(conn, settings.schema)
            print(  # noqa: T201 - command-line output
                f"{settings.masked} schema {settings.schema}: version {version} "
                f"(this carekit-postgres: {LATEST})"
            )
    except psycopg.OperationalError as exc:
        print(f"cannot connect: {exc.diag.message_primary or exc}", file=sys.stderr)  # noqa: T201
        return 1
    except CarekitError as exc:
        print(str(exc), file=sys.stderr)  # noqa: T201 - command-line output
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
