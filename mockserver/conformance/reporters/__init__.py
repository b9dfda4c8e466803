"""Reporters consume the runner's events: the console, JUnit XML and JSON."""

from mockserver.conformance.reporters.console import ConsoleReporter
from mockserver.conformance.reporters.json_report import JsonReporter
from mockserver.conformance.reporters.junit import JUnitReporter

__all__ = ["ConsoleReporter", "JUnitReporter", "JsonReporter"]
