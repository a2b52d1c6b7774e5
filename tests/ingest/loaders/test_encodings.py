"""Legacy encodings: Windows-1252 and Shift_JIS are read only when the text plainly is one."""

from __future__ import annotations

import pytest

from ingest.errors import UnreadableFileError
from ingest.loaders.encodings import decode_legacy
from ingest.loaders.text_loader import load_text

WESTERN = "Net sales – “Products” rose to €1.2 billion at Société Générale; Größe\n"
JAPANESE = "決算短信\n\n売上高は1,234百万円となりました。営業利益は56百万円です。\n"


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        (WESTERN, "cp1252", "Windows-1252"),
        ("Umsatz stieg um 5 %: Bücher", "latin-1", "Windows-1252"),
        (JAPANESE, "shift_jis", "Shift_JIS"),
        (JAPANESE, "cp932", "Shift_JIS"),
    ],
)
def test_plain_legacy_text_is_decoded_exactly_and_named(text, codec, name):
    decoded = decode_legacy(text.encode(codec))
    assert decoded is not None and decoded.text == text and decoded.encoding == name


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Выручка выросла на 5%", "cp1251"),
        ("売上高は前年同期比で増加しました", "euc_jp"),
        ("营业收入增长了百分之五", "gb18030"),
        ("한국어 매출액 증가", "cp949"),
    ],
)
def test_other_encodings_are_not_guessed(text, codec):
    """A wrong guess would misquote every citation: these are refused, not misread."""
    assert decode_legacy(text.encode(codec)) is None


def test_a_legacy_file_loads_with_its_encoding_and_an_unknown_one_is_refused(tmp_path):
    western = tmp_path / "memo.txt"
    western.write_bytes(WESTERN.encode("cp1252"))
    document = load_text(western)
    assert document.text == WESTERN and document.encoding == "Windows-1252"
    cyrillic = tmp_path / "report.txt"
    cyrillic.write_bytes("Выручка выросла на 5%".encode("cp1251"))
    with pytest.raises(UnreadableFileError, match=r"^report\.txt: is not UTF-8 text .*re-save it as UTF-8$"):
        load_text(cyrillic)
