"""mockserver: a mock and contract-testing server for the Sandbox API.

``mockserver.asgi_app()`` and ``mockserver.wsgi_app()`` give the mock as an in-process
application (see :mod:`mockserver.inprocess`); they are imported on first use, so importing the
package stays cheap.
"""

from __future__ import annotations

from typing import Any

from mockserver.version import __version__

__all__ = ["__version__", "asgi_app", "wsgi_app"]


def __getattr__(name: str) -> Any:
    if name in ("asgi_app", "wsgi_app"):
        from mockserver import inprocess

        return getattr(inprocess, name)
    raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
