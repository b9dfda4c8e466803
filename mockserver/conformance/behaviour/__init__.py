"""Behaviour properties: what a real sandbox does, checked against the live target."""

from __future__ import annotations

from mockserver.conformance.behaviour import errors, options, output, streaming
from mockserver.conformance.behaviour.base import Property, PropertyContext, Skip, behaviour

#: Every behaviour property, in the order the runner checks them.
PROPERTIES: tuple[Property, ...] = (
    *output.PROPERTIES,
    *options.PROPERTIES,
    *streaming.PROPERTIES,
    *errors.PROPERTIES,
)

__all__ = ["PROPERTIES", "Property", "PropertyContext", "Skip", "behaviour"]
