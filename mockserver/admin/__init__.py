"""The admin API (``/__admin``): readiness, resets, run-time fixtures and sandboxes, the journal."""
