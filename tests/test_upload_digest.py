"""An upload is hashed and copied once, not on every rerun (issue #19: 0.1 s per click on a 200 MB file)."""

from __future__ import annotations

from components import data_source


class FakeUpload:
    def __init__(self, file_id: str, name: str, data: bytes):
        self.file_id, self.name, self.size, self._data, self.reads = file_id, name, len(data), data, 0

    def getvalue(self) -> bytes:
        self.reads += 1
        return bytes(self._data)


def test_digest_is_computed_once_per_upload(monkeypatch):
    monkeypatch.setattr(data_source.st, "session_state", {})
    a = FakeUpload("id-1", "a.csv", b"Touchpoint,CSAT\nX,4\n")
    first = data_source.upload_digest([a])
    assert first == data_source.digest_of((("a.csv", a._data),)) and a.reads == 1
    for _ in range(5):  # reruns: no copy, no hash
        assert data_source.upload_digest([a]) == first
    assert a.reads == 1
    b = FakeUpload("id-2", "a.csv", b"Touchpoint,CSAT\nX,5\n")  # another upload of the same name
    assert data_source.upload_digest([b]) != first and b.reads == 1


def test_source_copies_bytes_only_when_asked():
    a = FakeUpload("id-1", "a.csv", b"Touchpoint,CSAT\nX,4\n")
    source = data_source.LoadedSource("a.csv", "d", False, (), uploads=(a,))
    assert a.reads == 0
    assert source.files() == (("a.csv", a._data),) and a.reads == 1
    preset = data_source.LoadedSource("b.csv", "d", False, (("b.csv", b"x"),))
    assert preset.files() == (("b.csv", b"x"),)
