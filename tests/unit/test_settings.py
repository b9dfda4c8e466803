from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.settings import Settings, SettingsError


def test_environment_overrides_every_kind_of_field() -> None:
    settings = Settings.from_env(
        {
            "MOCKSERVER_PORT": "9000",
            "MOCKSERVER_DEFAULT_TIMEOUT": "2.5",
            "MOCKSERVER_ENFORCE_ORGANIZATIONS": "yes",
            "MOCKSERVER_TOKENS": "a=org1,b=org2",
            "MOCKSERVER_FIXTURES": "/x:/y",
            "MOCKSERVER_SPEC": "/s.yaml",
            "MOCKSERVER_ENGINE": "local",
        }
    )
    assert settings.port == 9000 and settings.default_timeout == 2.5
    assert settings.enforce_organizations is True
    assert dict(settings.tokens) == {"a": "org1", "b": "org2"}
    assert settings.fixtures == (Path("/x"), Path("/y")) and settings.spec == Path("/s.yaml")
    assert settings.engine == "local"


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="MOCKSERVER_PORT"):
        Settings.from_env({"MOCKSERVER_PORT": "eighty"})
    with pytest.raises(SettingsError, match="MOCKSERVER_RELOAD"):
        Settings.from_env({"MOCKSERVER_RELOAD": "perhaps"})
    with pytest.raises(SettingsError, match="TOKEN=ORGANIZATION"):
        Settings.from_env({"MOCKSERVER_TOKENS": "lonely"})


def test_replace_ignores_unset_flags() -> None:
    assert Settings().replace(port=None, host="::1") == Settings(host="::1")


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("MOCKSERVER_PORT", "99999", "0-65535"),
        ("MOCKSERVER_SSE_DIALECT", "bogus", "default, data-only"),
        ("MOCKSERVER_DEFAULT_TIMEOUT", "0", "default timeout"),
        ("MOCKSERVER_MAX_BODY_BYTES", "-1", "max body bytes"),
    ],
)
def test_values_no_server_can_run_with_are_refused(variable: str, value: str, named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env({variable: value})


def test_the_sse_dialects_settings_name_are_the_ones_served() -> None:
    from mockserver.settings import SSE_DIALECTS
    from mockserver.sse import DIALECTS

    assert set(DIALECTS) == set(SSE_DIALECTS)
