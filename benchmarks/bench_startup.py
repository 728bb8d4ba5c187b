"""Start-up time, hyperfine-style: whole processes, several runs, medians.

Each command is run ``--runs`` times (after ``--warmup`` untimed runs, so the ``.pyc`` files
exist and the OS caches are warm) in a fresh interpreter; the median wall time is printed
with min and max, and as a ratio against ``python -c pass`` and ``python -c "import
pydantic"`` measured in the same run.  Goals (issue #17):

* ``carekit --version`` <= 0.2 s
* ``python -c "import carekit"`` <= 0.15 s
* the first ``carekit.open("sqlite:///…")`` in a process <= 0.05 s beyond ``import carekit``

The first ``open`` is also split: ``import carekit.app`` (the domain layers: pydantic models,
workflows, stores) and the rest (plugin entry points, the store file) — the part this
benchmark exists to keep small whatever plugins are installed.

All reference plugins must be installed (``--allow-missing`` to measure without them).
``--baseline PATH`` also times another checkout (its ``src`` and ``plugins/*/src`` first on
``PYTHONPATH``), alternating run by run with this one, so that a busy machine slows both
alike::

    python benchmarks/bench_startup.py [--runs 15] [--warmup 2] [--baseline ../main]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REFERENCE_PLUGINS = ("email", "example", "fhir", "postgres", "webhook")


def run_times(
    argv: list[str], runs: int, warmup: int, envs: list[dict[str, str]]
) -> list[list[float]]:
    """Wall times of *runs* runs of *argv* (output discarded) in each of *envs*, after
    *warmup* runs; the environments take turns run by run."""
    times: list[list[float]] = [[] for _ in envs]
    for i in range(warmup + runs):
        for env, out in zip(envs, times, strict=True):
            started = time.perf_counter()
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - started
            if i >= warmup:
                out.append(elapsed)
    return times


def checkout_path(root: Path) -> str:
    """``PYTHONPATH`` for a checkout: its ``src`` and every ``plugins/*/src``."""
    paths = [root / "src", *sorted(root.glob("plugins/*/src"))]
    return os.pathsep.join(str(p.resolve()) for p in paths)


def summarize(
    labels: list[str], medians: dict[str, float], baseline: dict[str, float], where: Path | None
) -> None:
    """Print the goals (met or not), the split of the first open, and the baseline's."""
    version, imp, app, first_open = (medians[k] for k in labels[2:])
    beyond_import = first_open - imp
    beyond_app = first_open - app
    print()
    goals = [
        ("carekit --version", version, 0.2),
        ("import carekit", imp, 0.15),
        ("first open beyond import carekit", beyond_import, 0.05),
    ]
    for name, value, goal in goals:
        verdict = "met" if value <= goal else "NOT met"
        print(f"{name:40} {value:6.3f} s   goal <= {goal} s: {verdict}")
    print(f"{'  of which import carekit.app':40} {app - imp:6.3f} s   (the domain layers)")
    print(f"{'  of which plugins + store file':40} {beyond_app:6.3f} s")
    if baseline:
        b_version, b_imp, b_app, b_open = (baseline[k] for k in labels[2:])
        print(
            f"\nbaseline ({where}): --version {b_version:.3f} s, import {b_imp:.3f} s, "
            f"first open beyond import {b_open - b_imp:.3f} s "
            f"(import carekit.app {b_app - b_imp:.3f} s, plugins + store file "
            f"{b_open - b_app:.3f} s)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--allow-missing", action="store_true", help="measure without plugins")
    parser.add_argument("--baseline", type=Path, help="another checkout to time alongside")
    args = parser.parse_args()

    installed = sorted(ep.name for ep in importlib.metadata.entry_points(group="carekit"))
    missing = [p for p in REFERENCE_PLUGINS if p not in installed]
    if missing and not args.allow_missing:
        print(f"reference plugins not installed: {', '.join(missing)}", file=sys.stderr)
        return 2

    python = sys.executable
    script = Path(python).with_name("carekit")
    carekit_cmd = [str(script)] if script.exists() else [python, "-m", "carekit"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREKIT_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    envs = [env]
    if args.baseline is not None:
        envs.append({**env, "PYTHONPATH": checkout_path(args.baseline)})
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    db = tmp / "care.sqlite"
    open_code = f"import carekit; carekit.open({f'sqlite:///{db}'!r}).close()"
    commands = {
        "python -c pass": [python, "-c", "pass"],
        'python -c "import pydantic"': [python, "-c", "import pydantic"],
        "carekit --version": [*carekit_cmd, "--version"],
        'python -c "import carekit"': [python, "-c", "import carekit"],
        'python -c "import carekit.app"': [python, "-c", "import carekit.app"],
        "python -c \"import carekit; carekit.open('sqlite:///…')\"": [python, "-c", open_code],
    }
    try:
        for e in envs:  # creates the store (and migrates it, for both checkouts)
            subprocess.run([python, "-c", open_code], env=e, check=True)
        medians: dict[str, float] = {}
        baseline: dict[str, float] = {}
        print(
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}  Python {platform.python_version()}  "
            f"{platform.machine()}  {os.cpu_count()} CPUs  load {os.getloadavg()[0]:.2f}  "
            f"plugins: {', '.join(installed) or 'none'}"
        )
        print(f"{args.runs} runs each after {args.warmup} warm-up runs; wall time per process\n")
        head = f"{'command':58} {'median':>8} {'min':>7} {'max':>7} {'×pass':>6} {'×pydantic':>9}"
        print(head + ("  baseline median" if len(envs) > 1 else ""))
        for label, argv in commands.items():
            times, *others = run_times(argv, args.runs, args.warmup, envs)
            medians[label] = median = statistics.median(times)
            base = medians.get("python -c pass", median)
            pyd = medians.get('python -c "import pydantic"', median)
            line = (
                f"{label:58} {median:8.3f} {min(times):7.3f} {max(times):7.3f} "
                f"{median / base:6.1f} {median / pyd:9.2f}"
            )
            if others:
                baseline[label] = statistics.median(others[0])
                line += f"  {baseline[label]:8.3f}"
            print(line)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    summarize(list(commands), medians, baseline, args.baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
