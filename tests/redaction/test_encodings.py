"""A file in another encoding than UTF-8 is read by the leak gate as any other, with its
accented names whole (extract._decoded): not skipped, not garbled by replacement characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.extract import _decoded, segments
from redaction.policy import RedactionPolicy
from redaction.scan import scan_tree

NAME = "Zoë Ångström"
POLICY = RedactionPolicy(always_redact=[NAME])
BODY = f"Meeting notes – café, 3 May\n{NAME} attended.\n"
FILES = {
    "notes.txt": BODY,
    "notes.md": f"# Notes\n\n{BODY}",
    "app.js": f'// {BODY}var s = "{NAME}";\n',
    "site.css": f"/* {BODY} */\nbody {{ color: red; }}\n",
    "config.yaml": f"title: Notes – café\nchair: {NAME}\n",
    "page.html": f"<html><body><p>Notes – café</p><p>{NAME} attended.</p></body></html>",
    "data.json": f'{{"title": "Notes – café", "chair": "{NAME}"}}',
    "rows.csv": f"title,chair\r\nNotes – café,{NAME}\r\n",
    "feed.xml": f"<feed><title>Notes – café</title><author>{NAME}</author></feed>",
    "readme": f"{BODY}",  # no suffix
}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
@pytest.mark.parametrize("name", sorted(FILES))
def test_a_name_in_a_file_in_another_encoding_is_found(
        tmp_path: Path, name: str, encoding: str) -> None:
    text = FILES[name]
    if encoding == "latin-1":
        text = text.replace("–", "-")  # Latin-1 has no dash
    (tmp_path / name).write_bytes(text.encode(encoding))
    with pytest.raises(UnicodeDecodeError):
        (tmp_path / name).read_bytes().decode("utf-8")
    leaks = scan_tree(tmp_path, POLICY, ner=False)
    assert any(f'"{NAME}"' in leak and leak.startswith(name) for leak in leaks), leaks


def test_every_byte_decodes_and_utf8_is_read_as_utf8() -> None:
    assert _decoded(bytes(range(256))) == bytes(range(256)).decode("latin-1")
    assert _decoded(NAME.encode()) == NAME
    assert _decoded(b"\xef\xbb\xbf" + NAME.encode()) == NAME
    assert _decoded(NAME.encode("utf-16")) == NAME
    assert _decoded("“Zoë”".encode("cp1252")) == "“Zoë”"


def test_a_binary_file_of_no_known_kind_is_still_skipped() -> None:
    assert list(segments("blob.bin", b"\x00\x01\xff\xfe Jane Doe")) == []
