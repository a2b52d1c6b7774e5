"""Text files: UTF-8 (with or without BOM) and UTF-16 with a BOM are read; binary is named."""

from __future__ import annotations

import pytest

from ingest.errors import UnreadableFileError
from ingest.loaders.text_loader import load_text

TEXT = "Quarterly memo\n\nRevenue was JPY5 million in 2Q10.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_their_marks_are_read(tmp_path, encoding):
    path = tmp_path / "memo.txt"
    data = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # with the byte-order mark an editor writes
        data = ("\ufeff" + TEXT).encode(encoding)
    path.write_bytes(data)
    assert load_text(path).text == TEXT


def test_a_nul_byte_anywhere_makes_it_binary(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(TEXT.encode() + b"x" * 20_000 + b"\x00tail")
    with pytest.raises(UnreadableFileError, match="blob.txt: is a binary file"):
        load_text(path)
