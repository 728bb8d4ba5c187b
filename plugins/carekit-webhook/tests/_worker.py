"""A dispatcher process for the kill test: python _worker.py DB_PATH URL SECRET."""

import sys

from carekit_webhook import WebhookChannel, WebhookConfig

from carekit.notify import Dispatcher
from carekit.store import SQLiteStore

db, url, secret = sys.argv[1:4]
with SQLiteStore(db) as store, WebhookChannel(WebhookConfig(url=url, secret=secret)) as hook:
    Dispatcher(store, [hook], batch_size=5, lease_seconds=1.0).run_forever(poll_interval=0.05)
    print("stopped cleanly", flush=True)
