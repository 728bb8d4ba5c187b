"""Demo data: two citizens whose records cover every record kind."""

from carekit.demo._data import (
    DEMO_EPOCH,
    DEMO_IMPORTER,
    demo_citizens,
    demo_records,
    demo_staff,
)
from carekit.demo._walk import DemoSummary, run_demo

__all__ = [
    "DEMO_EPOCH",
    "DEMO_IMPORTER",
    "DemoSummary",
    "demo_citizens",
    "demo_records",
    "demo_staff",
    "run_demo",
]
