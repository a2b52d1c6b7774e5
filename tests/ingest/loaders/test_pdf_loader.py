"""load_pdf on the shared PDFs: page map, title, and the errors a user sees for bad files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import PDF_NAMES, PDFS, ingested_pdf
from pypdf import PdfWriter

from ingest.errors import UnreadableFileError
from ingest.loaders.pdf_loader import load_pdf
from ingest.models import Document


def loaded(name: str) -> Document:
    """Each shared PDF is loaded once per test session."""
    return ingested_pdf(name).document


class TestPageMap:
    @pytest.mark.parametrize(
        ("name", "phrase", "page"),
        [
            ("APPLE_2022_10K.pdf", "Total net sales  394,328  365,817  274,515", 32),
            ("APPLE_2022_10K.pdf", "Total liabilities and shareholders’ equity $ 352,755 $ 351,002", 34),
            ("APPLE_2023Q3_10Q.pdf", "Total net sales 81,797 82,959 293,787 304,182", 4),
            ("EBAY_2023Q2_8K.pdf", "Shripriya Mahesh", 2),
            ("INTEL_2022Q4_EARNINGS.pdf", "Business Unit Revenue and Trends", 2),
            ("INTEL_2022Q4_EARNINGS.pdf", "Consolidated Balance Sheets", 9),
            ("MCDONALDS_2023Q1_EARNINGS.pdf", "CONDENSED CONSOLIDATED STATEMENT OF INCOME (UNAUDITED)", 4),
            ("MCDONALDS_8K_dated-2023-02-13.pdf", "Target TIP Award as a Percentage of Base Salary", 2),
            ("PG_E_2023_EARNINGS_dated-2023-05-04.pdf", "PG&E Corporation’s 2023 Earnings Guidance", 9),
        ],
    )
    def test_phrase_is_on_its_page(self, name: str, phrase: str, page: int) -> None:
        document = loaded(name)
        assert document.page_at(document.text.index(phrase)) == page

    @pytest.mark.parametrize("name", PDF_NAMES)
    def test_pages_cover_the_text_in_order(self, name: str) -> None:
        document = loaded(name)
        pages = document.pages
        assert [p.number for p in pages] == list(range(1, len(pages) + 1))
        assert pages[0].start == 0
        assert pages[-1].end == len(document.text)
        for before, after in zip(pages, pages[1:], strict=False):
            assert before.start <= before.end
            assert document.text[before.end : after.start] == "\n\n"
        assert len(document._page_layouts) == len(pages)

    @pytest.mark.parametrize("name", PDF_NAMES)
    def test_document_fields(self, name: str) -> None:
        document = loaded(name)
        assert document.kind == "pdf"
        assert document.name == name
        assert document.doc_id == hashlib.sha256((PDFS / name).read_bytes()).hexdigest()[:16]
        assert document.title
        assert "\r" not in document.text
        assert not any(line != line.rstrip() for line in document.text.split("\n"))


class TestTitle:
    @pytest.mark.parametrize(
        ("name", "title"),
        [
            ("APPLE_2022_10K.pdf", "Apple Inc. FORM 10-K"),  # metadata title is a build stamp
            ("APPLE_2023Q3_10Q.pdf", "Apple Inc. FORM 10-Q"),  # metadata title is an accession number
            ("INTEL_2022Q4_EARNINGS.pdf", "Q4 22_EarningsRelease"),  # metadata title is kept
        ],
    )
    def test_title(self, name: str, title: str) -> None:
        assert loaded(name).title == title


def _text_pdf(path: Path) -> Path:
    """Copy the small eBay 8-K so a test PDF has a real text layer."""
    writer = PdfWriter(clone_from=PDFS / "EBAY_2023Q2_8K.pdf")
    writer.write(path)
    return path


class TestUnreadablePdf:
    def test_encrypted_pdf_names_the_file(self, tmp_path: Path) -> None:
        writer = PdfWriter(clone_from=PDFS / "EBAY_2023Q2_8K.pdf")
        writer.encrypt("secret")
        path = tmp_path / "locked.pdf"
        writer.write(path)
        with pytest.raises(UnreadableFileError, match=r"^locked\.pdf: is encrypted; remove the password"):
            load_pdf(path)

    def test_pdf_with_only_an_owner_password_opens(self, tmp_path: Path) -> None:
        writer = PdfWriter(clone_from=PDFS / "EBAY_2023Q2_8K.pdf")
        writer.encrypt(user_password="", owner_password="owner")
        path = tmp_path / "owner-only.pdf"
        writer.write(path)
        assert "Shripriya Mahesh" in load_pdf(path).text

    def test_corrupt_pdf_names_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "garbage.pdf"
        path.write_bytes(os.urandom(4096))
        with pytest.raises(UnreadableFileError, match=r"^garbage\.pdf: is not a readable PDF \(.+\)$"):
            load_pdf(path)

    def test_truncated_pdf_names_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "cut.pdf"
        path.write_bytes((PDFS / "EBAY_2023Q2_8K.pdf").read_bytes()[:5000])
        with pytest.raises(UnreadableFileError, match=r"^cut\.pdf: is not a readable PDF"):
            load_pdf(path)

    def test_pdf_without_text_names_the_file(self, tmp_path: Path) -> None:
        writer = PdfWriter()
        writer.add_blank_page(width=612, height=792)
        path = tmp_path / "scan.pdf"
        writer.write(path)
        with pytest.raises(UnreadableFileError, match=r"^scan\.pdf: has no text layer \(a scanned PDF\?\)$"):
            load_pdf(path)

    def test_too_many_pages(self, tmp_path: Path) -> None:
        path = _text_pdf(tmp_path / "long.pdf")
        with pytest.raises(UnreadableFileError, match=r"^long\.pdf: has 3 pages, more than the limit of 2"):
            load_pdf(path, max_pages=2)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(UnreadableFileError, match=r"^gone\.pdf: could not be read"):
            load_pdf(tmp_path / "gone.pdf")

    def test_max_pages_must_be_positive(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="max_pages must be > 0"):
            load_pdf(_text_pdf(tmp_path / "ok.pdf"), max_pages=0)
