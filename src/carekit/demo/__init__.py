"""Demo data: two citizens whose records cover every record kind."""

from carekit.demo._data import DEMO_EPOCH, demo_citizens, demo_records, demo_staff

__all__ = ["DEMO_EPOCH", "demo_citizens", "demo_records", "demo_staff"]
