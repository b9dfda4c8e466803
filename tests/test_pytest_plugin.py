"""The pytest plugin, as an SDK test suite uses it (each run in a separate pytest with pytester)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error", *args)


def test_each_test_starts_afresh_on_a_shared_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        urls = set()

        def test_files_persist_within_a_test(sandbox_api):
            urls.add(sandbox_api.url)
            url = sandbox_api.exec_url
            assert httpx.post(url, json={"command": "echo hi > f"}).json()["exitCode"] == 0
            assert httpx.post(url, json={"command": "cat f"}).json()["stdout"] == "hi\\n"
            sandbox_api.add_fixture({"match": {"command": "deploy"},
                                     "respond": {"stdout": "deployed\\n"}})
            assert httpx.post(url, json={"command": "deploy"}).json()["stdout"] == "deployed\\n"
            assert len(sandbox_api.requests) == 3
            answered = sandbox_api.requests[-1].answered_by
            assert answered["location"] == answered["fixture"] + ", fixtures[0]"
            assert answered["fixture"] == "test_each_test_starts_afresh_on_a_shared_server.py:10"

        def test_the_next_test_sees_nothing_of_it(sandbox_api):
            urls.add(sandbox_api.url)
            assert sandbox_api.requests == []
            url = sandbox_api.exec_url
            assert httpx.post(url, json={"command": "cat f"}).json()["exitCode"] == 1
            assert httpx.post(url, json={"command": "deploy"}).json()["exitCode"] == 127
            assert len(urls) == 1  # one server, reset between tests
        """
    )
    run(pytester, "-q").assert_outcomes(passed=2)


def test_journal_assertions_pass_and_fail_readably(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import re
        import httpx

        def call(api, command, token):
            headers = {"Authorization": f"Bearer {token}"}
            return httpx.post(api.exec_url, json={"command": command,
                              "options": {"timeout": 5}}, headers=headers)

        def test_passes(sandbox_api):
            call(sandbox_api, "ls", "t0k")
            call(sandbox_api, "deploy --fast", "t0k")
            hit = sandbox_api.assert_called_once(
                command=re.compile("^deploy"),
                headers={"authorization": "Bearer t0k"},
                body={"options": {"timeout": 5}},
            )
            assert hit.headers["AUTHORIZATION"] == "Bearer t0k" and hit.status == 200
            assert hit.answered_by["kind"] == "engine"
            sandbox_api.assert_not_called(command="rm -rf /")
            assert sandbox_api.requests.filter(sandbox=sandbox_api.sandbox_id).commands == [
                "ls", "deploy --fast"]

        def test_fails(sandbox_api):
            call(sandbox_api, "ls", "t0k")
            call(sandbox_api, "deploy", "wrong")
            sandbox_api.assert_called(command="deploy", headers={"Authorization": "Bearer t0k"})
        """
    )
    result = run(pytester, "-q")
    result.assert_outcomes(passed=1, failed=1)
    output = result.stdout.str()
    expected = [
        "AssertionError: expected at least 1 request matching",
        "    command: 'deploy'",
        "    headers['authorization']: 'Bearer t0k'",
        "but none of the 2 received matches; the closest is #",
        "    headers['authorization']: expected 'Bearer t0k', got 'Bearer wrong'",
        "received:",
        "/exec 200 'ls'",
    ]
    positions = [output.find(line) for line in expected]
    assert -1 not in positions and positions == sorted(positions), output
    assert "verification.py" not in output  # the plugin's own frames are hidden


def test_two_folders_two_engines_one_run(pytester: pytest.Pytester) -> None:
    pytester.mkpydir("simulated_suite").joinpath("test_sim.py").write_text(
        "import httpx\n"
        "def test_simulated(sandbox_api):\n"
        "    body = httpx.post(sandbox_api.exec_url, json={'command': 'echo $((6*7))'}).json()\n"
        "    assert body['stdout'] == '42\\n'\n"
    )
    scripted = pytester.mkpydir("scripted_suite")
    scripted.joinpath("conftest.py").write_text(
        "import pytest\n"
        "from mockserver.settings import Settings\n"
        "@pytest.fixture(scope='session')\n"
        "def sandbox_api_settings():\n"
        "    return Settings(engine='scripted', reload=False)\n"
    )
    scripted.joinpath("test_scripted.py").write_text(
        "import httpx\n"
        "def test_scripted(sandbox_api):\n"
        "    body = httpx.post(sandbox_api.exec_url, json={'command': 'echo $((6*7))'}).json()\n"
        "    assert body['exitCode'] == 127 and 'no fixture matched' in body['stderr']\n"
    )
    run(pytester, "-q").assert_outcomes(passed=2)


def test_markers_and_the_factory_pick_settings_per_test(pytester: pytest.Pytester) -> None:
    pytester.path.joinpath("answers").mkdir()
    pytester.path.joinpath("answers", "a.yaml").write_text(
        "fixtures:\n  - name: greet\n    match: {command: greet}\n    respond: {stdout: hello}\n"
    )
    pytester.makepyfile(
        """
        import httpx
        import pytest

        def run(api, command):
            return httpx.post(api.exec_url, json={"command": command}).json()

        @pytest.mark.sandbox_api(engine="scripted", fixtures=["answers"])
        def test_marked(sandbox_api):
            assert run(sandbox_api, "greet")["stdout"] == "hello"
            assert run(sandbox_api, "ls")["exitCode"] == 127

        def test_unmarked(sandbox_api):
            assert run(sandbox_api, "greet")["exitCode"] == 127  # the simulated shell
            assert run(sandbox_api, "echo ok")["stdout"] == "ok\\n"

        def test_factory(sandbox_api, sandbox_api_factory):
            scripted = sandbox_api_factory(engine="scripted")
            assert scripted.url != sandbox_api.url
            assert run(scripted, "echo ok")["exitCode"] == 127
            sandbox_api.add_fixture({"match": {"command": "kept"}, "respond": {"stdout": "k"}})
            assert sandbox_api_factory() is sandbox_api  # the same server, not reset again
            assert run(sandbox_api, "kept")["stdout"] == "k"
        """
    )
    run(pytester, "-q").assert_outcomes(passed=3)


def test_a_suite_that_does_not_use_it_sees_no_warning(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import sys

        def test_plain():
            assert "connexion" not in sys.modules and "mockserver.server" not in sys.modules
        """
    )
    result = run(pytester, "-q", "-W", "error::DeprecationWarning")
    result.assert_outcomes(passed=1)
    assert "warning" not in result.stdout.str().lower()


def test_importing_the_plugin_imports_no_server() -> None:
    code = (
        "import sys, mockserver.pytest_plugin\n"
        "heavy = {'connexion', 'starlette', 'uvicorn', 'httpx', 'mockserver.app', 'yaml'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
