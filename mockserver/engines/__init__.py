"""Engines run commands. They know nothing of HTTP: see ``base`` for the interface."""
