"""mockserver: a mock and contract-testing server for the Sandbox API."""

__version__ = "0.1.0"
