"""Demo data: two citizens whose records cover every record kind, and the marker that
lets ``carekit demo`` replace only a store it made itself."""

from carekit.demo._data import (
    DEMO_EPOCH,
    DEMO_IMPORTER,
    demo_citizens,
    demo_records,
    demo_staff,
)
from carekit.demo._marker import (
    DEMO_MARKER_TABLE,
    DemoStoreRefusedError,
    check_replaceable,
    create_demo_file,
    remove_demo_file,
)
from carekit.demo._walk import DemoSummary, run_demo

__all__ = [
    "DEMO_EPOCH",
    "DEMO_IMPORTER",
    "DEMO_MARKER_TABLE",
    "DemoStoreRefusedError",
    "DemoSummary",
    "check_replaceable",
    "create_demo_file",
    "demo_citizens",
    "demo_records",
    "demo_staff",
    "remove_demo_file",
    "run_demo",
]
