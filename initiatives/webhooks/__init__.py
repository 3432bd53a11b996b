"""Signed webhooks: partners register a receiver for the change log's events.

- subscriptions.py: who may register what (the URL rule, the filters), the secret;
- dispatch.py: the change log, read below the running transactions as the change feed is,
  turned into one delivery per event and matching subscription;
- sending.py: a delivery signed per Standard Webhooks and posted, its attempt logged;
- draining.py: a subscription's due deliveries sent in order, retries with backoff, pausing;
- tasks.py and worker.py: the PostgreSQL task queue (django-tasks) and the worker process."""
