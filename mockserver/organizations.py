"""The active organization of a request, from its bearer token (CONTRACT section 5)."""

from __future__ import annotations

from collections.abc import Mapping

from mockserver.errors import organization_missing


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def active_organization(
    authorization: str | None, *, enforce: bool, tokens: Mapping[str, str]
) -> str | None:
    """The organization the token maps to; None when enforcement is off (every sandbox visible).

    Raises the contract's 400 "Active organization missing" when enforcement is on and the token
    is absent or maps to no organization.
    """
    if not enforce:
        return None
    token = bearer_token(authorization)
    organization = tokens.get(token) if token is not None else None
    if organization is None:
        raise organization_missing()
    return organization
