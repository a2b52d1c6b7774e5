"""Text files: UTF-8 (with or without BOM) and UTF-16 with a BOM are read; binary is named."""

from __future__ import annotations

import re

import pytest

from ingest.errors import UnreadableFileError
from ingest.loaders import load_document
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


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF, not text; rename it to .pdf"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is a ZIP archive (a Word, Excel or PowerPoint file?), not text"),
        (b"\x89PNG\r\n\x1a\n", "is a PNG image, not text"),
    ],
)
def test_a_file_that_is_not_text_is_named_by_its_content(tmp_path, head, said):
    path = tmp_path / "notes.txt"
    path.write_bytes(head + b"rest of the file")
    with pytest.raises(UnreadableFileError, match=f"^notes.txt: {re.escape(said)}"):
        load_document(path)


def test_text_named_pdf_is_named_by_its_content(tmp_path):
    path = tmp_path / "deck.pdf"
    path.write_text("Revenue was $5 million.\n")
    with pytest.raises(
        UnreadableFileError, match=r"^deck\.pdf: is not a PDF \(it does not start with %PDF\)"
    ):
        load_document(path)
