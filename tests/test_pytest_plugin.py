"""The pytest plugin, as an SDK test suite uses it (run in a separate pytest with pytester)."""

from __future__ import annotations

pytest_plugins = ["pytester"]


def test_sandbox_api_fixture_serves_a_real_sandbox(pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_files_persist(sandbox_api):
            url = sandbox_api.exec_url
            assert httpx.post(url, json={"command": "echo hi > f"}).json()["exitCode"] == 0
            assert httpx.post(url, json={"command": "cat f"}).json()["stdout"] == "hi\\n"

        def test_same_server_for_the_session(sandbox_api):
            assert sandbox_api.url.startswith("http://127.0.0.1:")
            body = httpx.post(sandbox_api.exec_url, json={"command": "cat f"}).json()
            assert body["stdout"] == "hi\\n"
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_settings_can_be_overridden(pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from mockserver.settings import Settings

        @pytest.fixture(scope="session")
        def sandbox_api_settings():
            return Settings(engine="scripted", reload=False)
        """
    )
    pytester.makepyfile(
        """
        import httpx

        def test_scripted(sandbox_api):
            body = httpx.post(sandbox_api.exec_url, json={"command": "frobnicate"}).json()
            assert body["exitCode"] == 127
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
