"""Writing a command's output file: never over the store, an input, or (without ``--force``)
any file that already exists; always whole or not at all.

Every ``carekit`` command with ``--output/-o`` goes through here:

* :func:`output_options` declares ``--output/-o FILE`` and ``--force`` once;
* :func:`write_output` checks the target with :func:`check_output` and writes it
  atomically: the bytes go to a temporary file in the same folder, are flushed to disk and
  then renamed over the target, so a reader never sees half a file and a failed write (a full
  disk, a killed process) leaves the old file as it was.

What is refused (:class:`OutputRefusedError`, exit code 2, nothing written):

* the store the command reads (``--db``; for SQLite the file and its ``-wal``/``-shm``/
  ``-journal`` companions), whatever the spelling - a relative path, ``..``, a symbolic link
  or a hard link to it;
* any input file of the command (``validate``'s PATHs, ``--template-dir`` files …);
* an existing file, unless ``--force`` is given (never the store or an input, even then);
* a folder, or a file in a folder that does not exist.

A target that exists and is not a regular file - a device such as ``/dev/null`` or
``/dev/stdout``, a named pipe - is written straight through, without ``--force`` and without a
temporary file: writing to it overwrites nothing, and renaming a file over it would replace
the device itself.

A write that fails (disk full, no permission) is :class:`OutputWriteError`; the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, TypeVar

import click

from carekit.errors import CarekitError
from carekit.i18n import Text

__all__ = [
    "OutputRefusedError",
    "OutputWriteError",
    "check_output",
    "command_inputs",
    "open_output",
    "output_options",
    "store_files",
    "write_output",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The companions SQLite keeps next to a database file.
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputRefusedError(CarekitError):
    """The output file given with ``-o`` would overwrite the store, an input or an existing
    file (without ``--force``), or cannot be a file at all; ``path`` is the target, ``reason``
    one of ``"store"``, ``"input"``, ``"exists"``, ``"folder"``, ``"no_folder"``."""

    code: ClassVar[str] = "cli.output_refused"

    def __init__(self, path: Path, reason: str, text: Text) -> None:
        self.path = path
        self.reason = reason
        super().__init__(text)


class OutputWriteError(CarekitError):
    """Writing the output file failed (disk full, no permission …); nothing was changed."""

    code: ClassVar[str] = "cli.output_write_failed"

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            Text(
                f"Kunne ikke skrive {path}: {reason}. Intet er ændret.",
                f"could not write {path}: {reason}; nothing was changed",
            )
        )


def store_files(db_url: str | None) -> list[Path]:
    """The files behind a store URL that an output may never replace: for ``sqlite://`` the
    database file and its companions, else none."""
    if not db_url:
        return []
    from carekit.store import parse_store_url  # noqa: PLC0415 - keeps `carekit --help` cheap

    try:
        parsed = parse_store_url(db_url)
    except CarekitError:
        return []
    if parsed.scheme != "sqlite":
        return []
    return [Path(f"{parsed.path}{suffix}") for suffix in _SQLITE_COMPANIONS]


def command_inputs(ctx: click.Context | None = None) -> list[Path]:
    """The files every command reads besides its own arguments: the settings file
    (``carekit --config FILE`` or ``$CAREKIT_CONFIG``)."""
    context = ctx or click.get_current_context(silent=True)
    found: list[Path] = []
    obj = context.find_object(dict) if context is not None else None
    config = getattr(obj, "config", None)
    if isinstance(config, str | os.PathLike):
        found.append(Path(config))
    env = os.environ.get("CAREKIT_CONFIG")
    if env:
        found.append(Path(env))
    return found


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)  # symbolic and hard links alike
    except OSError:
        pass
    return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def check_output(
    path: str | os.PathLike[str],
    *,
    store: str | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> Path:
    """*path* as a :class:`~pathlib.Path` when it may be written, else
    :class:`OutputRefusedError` (see the module docstring for the rules)."""
    target = Path(path)
    for protected in store_files(store):
        if _same_file(target, protected):
            raise OutputRefusedError(
                target,
                "store",
                Text(
                    f"{target} er selve lageret (--db); det bliver aldrig overskrevet. "
                    "Vælg en anden fil med -o.",
                    f"{target} is the store itself (--db); it is never overwritten. "
                    "Choose another file with -o.",
                ),
            )
    for given in inputs:
        source = Path(given)
        if str(given) != "-" and _same_file(target, source):
            raise OutputRefusedError(
                target,
                "input",
                Text(
                    f"{target} er en af kommandoens inddata; den bliver aldrig overskrevet. "
                    "Vælg en anden fil med -o.",
                    f"{target} is one of the command's inputs; it is never overwritten. "
                    "Choose another file with -o.",
                ),
            )
    if target.is_dir():
        raise OutputRefusedError(
            target,
            "folder",
            Text(
                f"{target} er en mappe; angiv et filnavn med -o.",
                f"{target} is a folder; give a file name with -o.",
            ),
        )
    parent = target.parent
    if not parent.is_dir():
        raise OutputRefusedError(
            target,
            "no_folder",
            Text(
                f"Mappen {parent} findes ikke; opret den først, eller vælg en anden fil med -o.",
                f"the folder {parent} does not exist; create it first, or choose another "
                "file with -o.",
            ),
        )
    if not force and (target.exists() or target.is_symlink()) and not is_stream(target):
        raise OutputRefusedError(
            target,
            "exists",
            Text(
                f"{target} findes allerede; den bliver ikke overskrevet uden --force.",
                f"{target} already exists; it is not overwritten without --force.",
            ),
        )
    return target


def is_stream(target: Path) -> bool:
    """True when *target* (links followed) exists and is neither a regular file nor a folder:
    a device (``/dev/null``), a named pipe or a socket - written straight through."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def write_output(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    store: str | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> Path:
    """Check *path* (:func:`check_output`) and write *data* to it atomically: a temporary
    file in the same folder, flushed and synced, then renamed over *path*.  Without *force*
    the rename never replaces a file that appeared meanwhile.  Returns the path written."""
    with open_output(path, store=store, inputs=inputs, force=force) as (target, handle):
        handle.write(data)
    return target


@contextlib.contextmanager
def open_output(
    path: str | os.PathLike[str],
    *,
    store: str | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> Iterator[tuple[Path, BinaryIO]]:
    """Like :func:`write_output`, for output written piece by piece (a report streamed
    finding by finding): yields ``(path, binary handle)`` of the temporary file, which
    becomes *path* only when the block ends without an error."""
    target = check_output(path, store=store, inputs=inputs, force=force)
    if is_stream(target):
        try:
            handle = target.open("wb")
        except OSError as error:
            raise OutputWriteError(target, _reason(error)) from None
        try:
            with handle:
                yield target, handle
        except OSError as error:
            raise OutputWriteError(target, _reason(error)) from None
        return
    mode = _mode_for(target)
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputWriteError(target, _reason(error)) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield target, handle
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)
        if force:
            temp.replace(target)
        else:
            _link_new(temp, target)
    except OutputRefusedError:
        temp.unlink(missing_ok=True)
        raise
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise OutputWriteError(target, _reason(error)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _link_new(temp: Path, target: Path) -> None:
    """Move *temp* to *target* only if *target* does not exist (a hard link fails when it
    does); where hard links are not supported, a plain rename after a last check."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise OutputRefusedError(
            target,
            "exists",
            Text(
                f"{target} findes allerede; den bliver ikke overskrevet uden --force.",
                f"{target} already exists; it is not overwritten without --force.",
            ),
        ) from None
    except OSError:
        if target.exists():  # pragma: no cover - a race on a file system without links
            raise
        temp.replace(target)
        return
    with contextlib.suppress(OSError):
        temp.unlink()


def output_options(help: str = "File to write (default: standard output).") -> Callable[[F], F]:
    """``--output/-o FILE`` and ``--force`` (the command gets ``output: Path | None`` and
    ``force: bool``); ``-`` means standard output."""

    def decorate(func: F) -> F:
        func = click.option(
            "--force",
            is_flag=True,
            help="Replace FILE if it exists (never the store or an input).",
        )(func)
        return click.option(
            "--output",
            "-o",
            "output",
            type=click.Path(dir_okay=True, allow_dash=True, path_type=Path),
            default=None,
            metavar="FILE",
            help=help + " An existing file is kept unless --force; the store and the "
            "command's inputs are never overwritten.",
        )(func)

    return decorate
