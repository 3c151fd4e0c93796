"""Resumable, verified downloads, against a file server on 127.0.0.1 (no internet)."""

import hashlib
import http.server
import os
import threading

import pytest

from dlcourse.data.download import DownloadError, fetch

CONTENT = os.urandom(300_000)
SHA256 = hashlib.sha256(CONTENT).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        server.requests.append(self.headers.get("Range"))
        body = server.body
        start = 0
        if self.headers.get("Range") and server.ranges:
            start = int(self.headers["Range"].split("=")[1].rstrip("-"))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        sent = body[start:]
        if server.drop_after is not None:  # the connection breaks mid-file
            sent, server.drop_after = sent[:server.drop_after], None
        self.wfile.write(sent)


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.body, httpd.requests, httpd.ranges, httpd.drop_after = CONTENT, [], True, None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/file.npz"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_download_reports_progress_and_is_verified(server, tmp_path):
    lines = []
    path = fetch(server.url, tmp_path / "file.npz", SHA256, report=lines.append)
    assert path.read_bytes() == CONTENT and not (tmp_path / "file.npz.part").exists()
    assert lines[0].startswith("file.npz: downloading 0.3 MB from http://127.0.0.1:")
    percents = [int(line.split(": ")[1].split(" %")[0]) for line in lines if " % (" in line]
    assert len(percents) >= 4 and percents == sorted(set(percents)) and percents[-1] == 100
    assert lines[-1] == "file.npz: done, sha256 checksum verified"
    fetch(server.url, tmp_path / "file.npz", SHA256, report=lines.append)  # already there
    assert len(server.requests) == 1


def test_an_interrupted_download_leaves_only_a_part_and_resumes(server, tmp_path):
    server.drop_after = 100_000
    with pytest.raises(DownloadError, match=r"stopped at 0\.1 MB of 0\.3 MB.*file\.npz\.part: "
                                            r"run the same command again"):
        fetch(server.url, tmp_path / "file.npz", SHA256, report=lambda line: None)
    assert not (tmp_path / "file.npz").exists()  # nothing passes as complete
    assert (tmp_path / "file.npz.part").stat().st_size == 100_000
    lines = []
    fetch(server.url, tmp_path / "file.npz", SHA256, report=lines.append)
    assert server.requests == [None, "bytes=100000-"]  # continued, not begun again
    assert lines[0].startswith("file.npz: resuming at 0.1 MB of 0.3 MB")
    assert (tmp_path / "file.npz").read_bytes() == CONTENT


def test_a_server_without_ranges_starts_again(server, tmp_path):
    server.ranges = False
    (tmp_path / "file.npz.part").write_bytes(CONTENT[:5000])
    fetch(server.url, tmp_path / "file.npz", SHA256, report=lambda line: None)
    assert (tmp_path / "file.npz").read_bytes() == CONTENT


def test_a_wrong_file_is_deleted_and_the_error_names_it_and_the_fix(server, tmp_path):
    server.body = CONTENT[:-1] + b"x"
    with pytest.raises(DownloadError) as caught:
        fetch(server.url, tmp_path / "file.npz", SHA256, report=lambda line: None)
    message = str(caught.value)
    assert "file.npz from http://127.0.0.1" in message and f"expected {SHA256}" in message
    assert "run the same command again" in message and "DLCOURSE_DATA" in message
    assert not (tmp_path / "file.npz").exists() and not (tmp_path / "file.npz.part").exists()


def test_a_stale_file_under_the_name_is_replaced(server, tmp_path):
    (tmp_path / "file.npz").write_bytes(b"half a file from an older, unsafe download")
    fetch(server.url, tmp_path / "file.npz", SHA256, report=lambda line: None)
    assert (tmp_path / "file.npz").read_bytes() == CONTENT


def test_no_server_is_a_clear_error(tmp_path):
    with pytest.raises(DownloadError, match=r"downloading file\.npz from http://127\.0\.0\.1:9/"
                                            r"file\.npz stopped"):
        fetch("http://127.0.0.1:9/file.npz", tmp_path / "file.npz", SHA256,
              report=lambda line: None, timeout=5)


def test_a_hash_of_the_wrong_length_is_refused(tmp_path):
    with pytest.raises(ValueError, match="32 \\(md5\\) or 64 \\(sha256\\) hex digits"):
        fetch("http://127.0.0.1:9/f", tmp_path / "f", "abc")
