"""carekit's conformance kit, shipped in the wheel for adapter authors.

* :mod:`carekit.testing.records` – deterministic valid records of every kind.
* :mod:`carekit.testing.storage` – :class:`~carekit.testing.storage.StoreConformance`, the
  storage contract as pytest tests: subclass it and provide one ``store_factory`` fixture.
* :mod:`carekit.testing.plugin` – the pytest plugin (markers, ``--carekit-store-url``),
  loaded automatically through the ``pytest11`` entry point.

Importing this package does not import pytest; the ``storage`` and ``plugin`` modules do.
"""
