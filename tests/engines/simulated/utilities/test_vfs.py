"""The in-memory filesystem: lookups, errors with the right errno, caps, globbing."""

from __future__ import annotations

import errno

import pytest

from mockserver.engines.simulated.vfs import FSError, VirtualFS


@pytest.fixture
def fs() -> VirtualFS:
    return VirtualFS()


def code(exc: pytest.ExceptionInfo[FSError]) -> int | None:
    return exc.value.errno


def test_default_layout(fs: VirtualFS) -> None:
    for d in ("/bin", "/usr/bin", "/usr/local/bin", "/etc", "/tmp", "/dev", "/home", "/root"):
        assert fs.is_dir(d), d
    assert fs.read_bytes("/etc/hostname") == b"sandbox\n"
    assert b"root:x:0:0" in fs.read_bytes("/etc/passwd")
    assert b"ID=debian" in fs.read_bytes("/etc/os-release")
    st = fs.stat("/tmp")
    assert st is not None and st.mode == 0o1777
    assert fs.read_bytes("/proc/cpuinfo").count(b"processor\t:") == 2
    assert fs.read_bytes("/proc/version").startswith(b"Linux version ")


@pytest.mark.parametrize(
    ("path", "cwd", "expected"),
    [
        ("a/b", "/x", "/x/a/b"),
        ("/a/./b/", "/x", "/a/b"),
        ("../..", "/x/y", "/"),
        ("..", "/", "/"),
        ("a//b/../c", "/", "/a/c"),
        (".", "/home/user", "/home/user"),
    ],
)
def test_normalize(path: str, cwd: str, expected: str) -> None:
    assert VirtualFS.normalize(path, cwd) == expected


def test_error_message_is_strerror() -> None:
    err = FSError(errno.ENOENT, "/x")
    assert str(err) == "No such file or directory"
    assert isinstance(err, OSError) and err.errno == errno.ENOENT and err.filename == "/x"


def test_write_read_append(fs: VirtualFS) -> None:
    fs.write_bytes("/tmp/f", b"one\n")
    fs.write_bytes("/tmp/f", b"two\n", append=True)
    assert fs.read_bytes("/tmp/f") == b"one\ntwo\n"
    st = fs.stat("/tmp/f")
    assert st is not None and (st.kind, st.size, st.mode, st.nlink) == ("file", 8, 0o644, 1)
    fs.write_bytes("/tmp/f", b"")
    assert fs.read_bytes("/tmp/f") == b""


def test_errors(fs: VirtualFS) -> None:
    with pytest.raises(FSError) as e:
        fs.read_bytes("/nope")
    assert code(e) == errno.ENOENT
    with pytest.raises(FSError) as e:
        fs.read_bytes("/tmp")
    assert code(e) == errno.EISDIR
    with pytest.raises(FSError) as e:
        fs.write_bytes("/nodir/f", b"x")
    assert code(e) == errno.ENOENT
    fs.write_bytes("/tmp/f", b"x")
    with pytest.raises(FSError) as e:
        fs.write_bytes("/tmp/f/g", b"x")
    assert code(e) == errno.ENOTDIR
    with pytest.raises(FSError) as e:
        fs.write_bytes("/tmp", b"x")
    assert code(e) == errno.EISDIR
    with pytest.raises(FSError) as e:
        fs.listdir("/tmp/f")
    assert code(e) == errno.ENOTDIR
    with pytest.raises(FSError) as e:
        fs.listdir("/missing")
    assert code(e) == errno.ENOENT


def test_mkdir(fs: VirtualFS) -> None:
    fs.mkdir("/a")
    with pytest.raises(FSError) as e:
        fs.mkdir("/a")
    assert code(e) == errno.EEXIST
    fs.mkdir("/a", parents=True)
    fs.mkdir("/a/b/c/d", parents=True, mode=0o700)
    st = fs.stat("/a/b/c/d")
    assert st is not None and st.kind == "dir" and st.mode == 0o700
    with pytest.raises(FSError) as e:
        fs.mkdir("/x/y")
    assert code(e) == errno.ENOENT
    fs.write_bytes("/a/f", b"")
    with pytest.raises(FSError) as e:
        fs.mkdir("/a/f/g", parents=True)
    assert code(e) == errno.ENOTDIR


def test_listdir_sorted(fs: VirtualFS) -> None:
    fs.mkdir("/d")
    for name in ("b", "a", "C", ".h"):
        fs.touch(f"/d/{name}")
    assert fs.listdir("/d") == [".h", "C", "a", "b"]


def test_remove_and_rmdir(fs: VirtualFS) -> None:
    fs.mkdir("/d/e", parents=True)
    fs.write_bytes("/d/f", b"1")
    with pytest.raises(FSError) as e:
        fs.remove("/d")
    assert code(e) == errno.EISDIR
    with pytest.raises(FSError) as e:
        fs.rmdir("/d")
    assert code(e) == errno.ENOTEMPTY
    with pytest.raises(FSError) as e:
        fs.rmdir("/d/f")
    assert code(e) == errno.ENOTDIR
    fs.remove("/d/f")
    fs.rmdir("/d/e")
    fs.rmdir("/d")
    assert not fs.exists("/d")
    with pytest.raises(FSError) as e:
        fs.remove("/d")
    assert code(e) == errno.ENOENT


def test_remove_tree_releases_space(fs: VirtualFS) -> None:
    before = (fs.used_bytes, fs.used_nodes)
    fs.mkdir("/t/u", parents=True)
    fs.write_bytes("/t/u/f", b"x" * 100)
    assert fs.used_bytes == before[0] + 100
    fs.remove_tree("/t")
    assert (fs.used_bytes, fs.used_nodes) == before


def test_rename(fs: VirtualFS) -> None:
    fs.write_bytes("/tmp/a", b"A")
    fs.rename("/tmp/a", "/tmp/b")
    assert not fs.exists("/tmp/a") and fs.read_bytes("/tmp/b") == b"A"
    fs.write_bytes("/tmp/c", b"C")
    fs.rename("/tmp/c", "/tmp/b")
    assert fs.read_bytes("/tmp/b") == b"C"
    fs.mkdir("/tmp/d")
    with pytest.raises(FSError) as e:
        fs.rename("/tmp/b", "/tmp/d")
    assert code(e) == errno.EISDIR
    with pytest.raises(FSError) as e:
        fs.rename("/tmp/d", "/tmp/d/sub")
    assert code(e) == errno.EINVAL
    fs.rename("/tmp/d", "/tmp/e")
    assert fs.is_dir("/tmp/e")


def test_copy_file_keeps_mode(fs: VirtualFS) -> None:
    fs.write_bytes("/tmp/a", b"data")
    fs.chmod("/tmp/a", 0o755)
    fs.copy_file("/tmp/a", "/tmp/b")
    st = fs.stat("/tmp/b")
    assert fs.read_bytes("/tmp/b") == b"data" and st is not None and st.mode == 0o755
    assert not fs.samefile("/tmp/a", "/tmp/b")


def test_symlinks(fs: VirtualFS) -> None:
    fs.mkdir("/data")
    fs.write_bytes("/data/f", b"hello")
    fs.symlink("/data", "/link")
    fs.symlink("f", "/data/rel")
    assert fs.read_bytes("/link/f") == b"hello"
    assert fs.read_bytes("/data/rel") == b"hello"
    assert fs.readlink("/link") == "/data"
    lst, st = fs.lstat("/link"), fs.stat("/link")
    assert lst is not None and lst.kind == "symlink"
    assert st is not None and st.kind == "dir"
    assert fs.realpath("/link/rel") == "/data/f"
    fs.symlink("/nowhere", "/dangling")
    assert fs.stat("/dangling") is None and fs.lstat("/dangling") is not None
    fs.write_bytes("/dangling", b"created")
    assert fs.read_bytes("/nowhere") == b"created"
    fs.remove("/link")
    assert fs.is_dir("/data")
    with pytest.raises(FSError) as e:
        fs.readlink("/data")
    assert code(e) == errno.EINVAL
    fs.symlink("/loop2", "/loop1")
    fs.symlink("/loop1", "/loop2")
    with pytest.raises(FSError) as e:
        fs.read_bytes("/loop1")
    assert code(e) == errno.ELOOP


def test_chmod_and_touch(fs: VirtualFS) -> None:
    fs.touch("/tmp/t")
    assert fs.read_bytes("/tmp/t") == b""
    fs.chmod("/tmp/t", 0o600)
    st = fs.stat("/tmp/t")
    assert st is not None and st.mode == 0o600
    fs.set_mtime("/tmp/t", 1000.0)
    fs.touch("/tmp/t")
    st = fs.stat("/tmp/t")
    assert st is not None and st.mtime > 1000.0


def test_byte_cap() -> None:
    fs = VirtualFS(max_bytes=fs_base_bytes() + 10)
    fs.write_bytes("/tmp/a", b"x" * 10)
    with pytest.raises(FSError) as e:
        fs.write_bytes("/tmp/a", b"y", append=True)
    assert code(e) == errno.ENOSPC
    assert fs.read_bytes("/tmp/a") == b"x" * 10
    fs.write_bytes("/tmp/a", b"z" * 5)
    fs.write_bytes("/tmp/b", b"w" * 5)


def fs_base_bytes() -> int:
    return VirtualFS().used_bytes


def test_node_cap() -> None:
    base = VirtualFS().used_nodes
    fs = VirtualFS(max_nodes=base + 2)
    fs.touch("/tmp/a")
    fs.mkdir("/tmp/b")
    with pytest.raises(FSError) as e:
        fs.touch("/tmp/c")
    assert code(e) == errno.ENOSPC
    fs.remove("/tmp/a")
    fs.touch("/tmp/c")


@pytest.fixture
def tree(fs: VirtualFS) -> VirtualFS:
    fs.mkdir("/w/sub", parents=True)
    fs.mkdir("/w/other")
    for name in ("a.txt", "b.txt", "c.py", ".hidden.txt", "sub/d.txt", "other/e.txt", "[x]"):
        fs.touch(f"/w/{name}")
    return fs


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*.txt", ["a.txt", "b.txt"]),
        (".*.txt", [".hidden.txt"]),
        (".*", [".", "..", ".hidden.txt"]),
        (".?*", ["..", ".hidden.txt"]),
        ("sub/.*", ["sub/.", "sub/.."]),
        ("[.]*", []),
        ("./*.py", ["./c.py"]),
        (".//*.py", [".//c.py"]),
        ("sub//*", ["sub//d.txt"]),
        ("//w/s*", ["//w/sub"]),
        ("*//", ["other//", "sub//"]),
        ("c.py/*", []),
        ("a*/", []),
        ("?.py", ["c.py"]),
        ("[ab].txt", ["a.txt", "b.txt"]),
        ("[!a].txt", ["b.txt"]),
        ("[^a].txt", ["b.txt"]),
        ("[a-b]*", ["a.txt", "b.txt"]),
        ("[[:alpha:]].py", ["c.py"]),
        ("*/*.txt", ["other/e.txt", "sub/d.txt"]),
        ("*/", ["other/", "sub/"]),
        ("/w/s*/d.txt", ["/w/sub/d.txt"]),
        ("sub/*", ["sub/d.txt"]),
        ("*.none", []),
        ("\\[x]", ["[x]"]),
        ("[[]x]", ["[x]"]),
        ("nomagic", []),
    ],
)
def test_glob(tree: VirtualFS, pattern: str, expected: list[str]) -> None:
    assert tree.glob(pattern, "/w") == expected


def test_dev_null_swallows_writes(fs: VirtualFS) -> None:
    fs.write_bytes("/dev/null", b"gone", append=True)
    fs.write_bytes("/dev/../dev/null", b"gone")
    assert fs.read_bytes("/dev/null") == b""


def test_hard_links(fs: VirtualFS) -> None:
    fs.write_bytes("/tmp/a", b"shared")
    used = fs.used_bytes
    fs.link("/tmp/a", "/tmp/b")
    fs.write_bytes("/tmp/b", b"more", append=True)
    assert fs.read_bytes("/tmp/a") == b"sharedmore"
    st = fs.stat("/tmp/a")
    assert st is not None and st.nlink == 2 and fs.samefile("/tmp/a", "/tmp/b")
    fs.remove("/tmp/a")
    assert fs.read_bytes("/tmp/b") == b"sharedmore" and fs.used_bytes == used + 4
    fs.remove("/tmp/b")
    assert fs.used_bytes == used - 6
    with pytest.raises(FSError) as e:
        fs.link("/tmp", "/tmp2")
    assert code(e) == errno.EPERM


def test_many_appends_stay_fast(fs: VirtualFS) -> None:
    for _ in range(20_000):
        fs.write_bytes("/tmp/log", b"x" * 100, append=True)
    assert len(fs.read_bytes("/tmp/log")) == 2_000_000


GLOB_PATTERNS = [
    "*",
    ".*",
    "*/",
    "*/*",
    "s*/*.txt",
    "[ab]*",
    "[!a]*",
    "?.*",
    ".?*",
    "*.[pt]*",
    "sub/.*",
    "./*",
    ".//*",
    "*//",
    "sub/../*",
    "[[:upper:]]*",
    "\\[x]",
    "*x*",
    "nomatch*",
    "/w/*/d*",
]


@pytest.mark.parametrize("pattern", GLOB_PATTERNS)
def test_glob_matches_dash(tmp_path: object, pattern: str) -> None:
    """Each pattern expanded by the host's /bin/sh in the same tree (existing paths only)."""
    import subprocess
    from pathlib import Path

    host = Path(str(tmp_path)) / "w"
    fs = VirtualFS()
    for directory in ("", "sub", "other", "sub/deep"):
        (host / directory).mkdir(parents=True, exist_ok=True)
        fs.mkdir(f"/w/{directory}".rstrip("/"), parents=True)
    for name in ("a.txt", "b.txt", "c.py", ".hidden.txt", "sub/d.txt", "other/e.txt", "[x]", "X"):
        (host / name).write_text("")
        fs.touch(f"/w/{name}")
    host_pattern = pattern.replace("/w/", f"{host}/", 1) if pattern.startswith("/w/") else pattern
    script = f'for f in {host_pattern}; do if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done'
    done = subprocess.run(
        ["sh", "-c", script], cwd=host, capture_output=True, text=True, check=True
    )
    expected = [line.replace(str(host), "/w", 1) for line in done.stdout.splitlines()]
    got = fs.glob(pattern, "/w") or (
        [pattern.replace("\\", "")]
        if fs.exists(VirtualFS.normalize(pattern.replace("\\", ""), "/w"))
        else []
    )
    assert got == expected, pattern
