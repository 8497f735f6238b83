"""Writing that fails, as a user meets it on the command line: a disk that fills up half-way, a
folder that cannot be written, a document held open in Word. Each is said in words an official can
act on, exits 1, and loses nothing: no half-written file, no temporary file left, the outputs of the
last good build as they were (their digests), and no line claiming a file was written."""
from __future__ import annotations

import errno
import hashlib
import os
import sys
from pathlib import Path

import pytest

from conftest import run
from ita_report import write

BUILT = ["2565-round1-memo.docx", "2565-round1-publication-form.docx", "2565-round1-report.docx",
         "2565-round1-table.docx"]


def digests(folder: Path) -> dict[str, str]:
    """Every file under the folder (temporary files included) and its MD5."""
    return {p.relative_to(folder).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def earlier(example, tmp_path) -> Path:
    """An output folder holding a good build, and the example edited since (so a new build would
    replace every file)."""
    out = tmp_path / "out"
    assert run("build", example, "-o", out).returncode == 0
    report = example / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("นายสมทรง ช้างชนะ", "นายสมทรง ช้างชนะดี"),
                      encoding="utf-8")
    return out


def failing_on(call: int, error: OSError):
    """os.fsync that fails at its `call`-th use: the disk fills up while the files of a build are
    written, after some of them are on disk."""
    real, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == call:
            raise error
        return real(fd)
    return fsync


def replace_failing(suffix: str, error: OSError):
    """os.replace that fails with `error` when it would put a file ending in `suffix` in place."""
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith(suffix):
            raise error
        return real(src, dst)
    return replace


@pytest.mark.parametrize("call", [1, 3])
def test_a_disk_that_fills_up_during_a_build_is_named_and_loses_nothing(example, earlier, monkeypatch, call):
    before = digests(earlier)
    monkeypatch.setattr(write.os, "fsync", failing_on(call, OSError(errno.ENOSPC, "No space left on device")))
    result = run("build", example, "-o", earlier)
    assert result.returncode == 1
    assert "(output-disk-full)" in result.stderr and "ดิสก์เต็ม" in result.stderr and "ไฟล์ผลลัพธ์เดิมยังอยู่ครบ" in result.stderr
    assert "พบข้อผิดพลาด 1 รายการ ยังไม่ได้สร้างเอกสาร" in result.stderr
    assert "เขียน" not in result.stdout  # no file claimed
    assert digests(earlier) == before  # the earlier outputs, byte for byte; no temporary file left


def test_a_full_disk_in_english_says_what_to_do(example, earlier, monkeypatch):
    monkeypatch.setattr(write.os, "fsync", failing_on(2, OSError(errno.EDQUOT, "Disk quota exceeded")))
    result = run("build", example, "-o", earlier, "--lang", "en")
    assert result.returncode == 1 and "(output-disk-full)" in result.stderr
    assert "Free some space or choose another folder (-o)" in result.stderr and "nothing was built" in result.stderr


@pytest.mark.parametrize("error", [OSError(errno.EROFS, "Read-only file system"),
                                   PermissionError(errno.EACCES, "Permission denied")])
def test_an_output_folder_that_cannot_be_written_is_named_and_loses_nothing(example, earlier, monkeypatch, error):
    """The first file of the build cannot even be started there (a read-only disk or share)."""
    before = digests(earlier)

    def refused(*args, **kwargs):
        raise error

    monkeypatch.setattr(write.tempfile, "mkstemp", refused)
    result = run("build", example, "-o", earlier, "--lang", "en")
    assert result.returncode == 1
    line = next(l for l in result.stderr.splitlines() if "(output-unwritable)" in l)
    assert line.startswith(f"{earlier}: error") and error.strerror in line
    assert digests(earlier) == before and not result.stdout


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="a folder's mode binds no administrator")
def test_a_read_only_output_folder_is_named_and_loses_nothing(example, earlier):
    before = digests(earlier)
    earlier.chmod(0o555)
    try:
        result = run("build", example, "-o", earlier, "--lang", "en")
    finally:
        earlier.chmod(0o755)
    assert result.returncode == 1 and "(output-unwritable)" in result.stderr and "Permission denied" in result.stderr
    assert digests(earlier) == before


def test_an_output_folder_that_cannot_be_made_is_named(example, tmp_path):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    result = run("build", example, "-o", tmp_path / "a-file" / "out", "--lang", "en")
    assert result.returncode == 1 and "(output-unwritable)" in result.stderr and "Cannot create the output folder" in result.stderr
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder"


def test_a_document_open_in_word_is_named_in_thai_and_the_others_are_put_in_place(example, earlier, monkeypatch):
    """Word on Windows holds an open .docx so that it cannot be replaced: simulated by making the
    rename onto the memo fail as Windows does (PermissionError). The other files of the build go in,
    the memo stays as it was, and the message says which files were written."""
    before = digests(earlier)
    monkeypatch.setattr(write.os, "replace", replace_failing("-memo.docx", PermissionError(
        13, "The process cannot access the file because it is being used by another process")))
    result = run("build", example, "-o", earlier, "-f", "docx,html")
    assert result.returncode == 1
    (locked,) = [l for l in result.stderr.splitlines() if "(output-locked)" in l]
    assert locked.startswith(f"{earlier / '2565-round1-memo.docx'}:") and "ปิดไฟล์ใน Word แล้วสั่งใหม่" in locked
    assert "สร้างได้เฉพาะไฟล์ที่แสดงข้างบน" in result.stderr
    others = ["2565-round1-publication-form.docx", "2565-round1-publication-form.html", "2565-round1-report.docx",
              "2565-round1-report.html", "2565-round1-table.docx"]
    assert sorted(Path(l.split(" ", 1)[1]).name for l in result.stdout.splitlines()) == others  # เขียน …
    after = digests(earlier)
    assert after["2565-round1-memo.docx"] == before["2565-round1-memo.docx"]  # Word's copy untouched
    assert sorted(after) == sorted(BUILT + ["2565-round1-publication-form.html", "2565-round1-report.html"])
    for name in ("2565-round1-report.docx", "2565-round1-publication-form.docx"):  # they name the executive
        assert after[name] != before[name], name  # replaced by the new build


def test_a_failed_schema_write_keeps_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "schemas"
    assert run("schema", "-o", out).returncode == 0
    (out / "report.schema.json").write_text("{}", encoding="utf-8")  # to see that nothing is replaced
    before = digests(out)
    monkeypatch.setattr(write.os, "fsync", failing_on(2, OSError(errno.ENOSPC, "No space left on device")))
    result = run("schema", "-o", out, "--lang", "en")
    assert result.returncode == 1 and "(output-disk-full)" in result.stderr and "no file was written" in result.stderr
    assert digests(out) == before


def test_init_on_a_full_disk_writes_no_report(tmp_path, monkeypatch):
    folder = tmp_path / "new" / "year"
    monkeypatch.setattr(write.os, "fsync", failing_on(3, OSError(errno.ENOSPC, "No space left on device")))
    result = run("init", folder, "--org", "องค์การบริหารส่วนตำบลบ้านใหม่", "--district", "เมือง", "--province", "ลพบุรี",
                 "--yes", "--lang", "en")
    assert result.returncode == 1 and "(output-disk-full)" in result.stderr
    assert "the new folder was not written" in result.stderr
    assert not folder.parent.exists()  # no report.yaml, no measure, no temporary file, no empty folder it made
    monkeypatch.undo()  # space freed: the same command works, nothing in the way
    again = run("init", folder, "--org", "องค์การบริหารส่วนตำบลบ้านใหม่", "--district", "เมือง", "--province",
                "ลพบุรี", "--yes")
    assert again.returncode == 0, again.stderr
    assert (folder / "report.yaml").is_file()


def test_a_file_the_disk_fails_to_put_in_place_is_named_and_the_others_go_in(example, earlier, monkeypatch):
    """A rename that fails for another reason than a lock (a failing disk, a network share gone):
    that file is named with the system's words, the others of the build are put in place."""
    before = digests(earlier)
    monkeypatch.setattr(write.os, "replace", replace_failing("-table.docx", OSError(errno.EIO, "Input/output error")))
    result = run("build", example, "-o", earlier, "--lang", "en")
    assert result.returncode == 1
    (line,) = [l for l in result.stderr.splitlines() if "(output-unwritable)" in l]
    assert line.startswith(f"{earlier / '2565-round1-table.docx'}: error") and "Input/output error" in line
    after = digests(earlier)
    assert after["2565-round1-table.docx"] == before["2565-round1-table.docx"]
    assert after["2565-round1-memo.docx"] != before["2565-round1-memo.docx"] and sorted(after) == sorted(before)


def test_a_folder_with_an_output_files_name_is_named_and_nothing_is_written(example, earlier):
    (earlier / "2565-round1-memo.docx").unlink()
    (earlier / "2565-round1-memo.docx").mkdir()  # made by hand, by mistake
    before = digests(earlier)
    result = run("build", example, "-o", earlier, "--lang", "en")
    assert result.returncode == 1 and "(output-is-folder)" in result.stderr and "move or rename it" in result.stderr
    assert digests(earlier) == before and (earlier / "2565-round1-memo.docx").is_dir()


def test_the_umask_is_learnt_where_there_is_no_proc(monkeypatch):
    """macOS and Windows have no /proc: the umask is learnt by setting it and set back at once, so a
    new output's mode is what any new file gets there."""
    import builtins

    from ita_report import process

    real_open = builtins.open

    def no_proc(path, *args, **kwargs):
        if str(path).startswith("/proc/"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return real_open(path, *args, **kwargs)

    old = os.umask(0o027)
    try:
        monkeypatch.setattr(builtins, "open", no_proc)
        assert process._umask() == 0o027
        assert os.umask(0o027) == 0o027  # left as it was
    finally:
        os.umask(old)
