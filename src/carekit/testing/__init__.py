"""carekit's conformance kit, shipped in the wheel for adapter authors.

* :mod:`carekit.testing.records` – deterministic valid records of every kind.
* :mod:`carekit.testing.storage` – :class:`~carekit.testing.storage.StoreConformance`, the
  storage contract as pytest tests, one mixin per capability: subclass it and provide one
  ``store_factory`` fixture.
* :mod:`carekit.testing.notification` – ``NotificationChannelConformance`` for channels.
* :mod:`carekit.testing.ehr` – ``EHRAdapterConformance`` for EHR adapters.
* :mod:`carekit.testing.plugin` – the pytest plugin (markers, ``--carekit-store-url``),
  loaded automatically through the ``pytest11`` entry point.

Importing this package does not import pytest; the suites and the plugin do (install
``pytest`` in the adapter's test environment).
"""

#: Nothing is exported here: the kit is in the submodules (so that importing this package does
#: not import pytest).
__all__: list[str] = []
