import pytest

from dlcourse.core.files import write_atomic


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "sub" / "table.csv"
    write_atomic(target, "old\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in target.parent.iterdir()] == ["table.csv"]


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_text("old\n")

    def broken_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_permissions_are_kept_or_ordinary(tmp_path):
    import os
    import stat

    target = tmp_path / "new.md"
    write_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    target.chmod(0o640)
    write_atomic(target, "y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
