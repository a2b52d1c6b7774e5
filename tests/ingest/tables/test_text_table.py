"""Text tables from the shipped corpus: every shape parses to rows, columns, values and unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import find_row

from ingest.loaders.text_loader import text_document
from ingest.structure import parse_blocks
from ingest.tables import extract_tables

DECK_2010 = "000_5e9b75ebd931438e.txt"
DECK_2009 = "001_d240cca1e5437173.txt"
RELEASE_2009 = "003_f4982778eceb06ff.txt"


def cells_by_column(row) -> dict[str, float | None]:
    return {c.column: c.value for c in row.cells}


class TestTabSeparated:
    def test_period_header_row_with_blank_leading_cell(self, corpus_docs):
        table, row = find_row(corpus_docs[DECK_2010], "Operating Loss", "Trust Networks")
        assert table.columns == ["1Q09", "2Q09", "3Q09", "4Q09", "1Q10", "2Q10"]
        assert cells_by_column(row) == {
            "1Q09": -233,
            "2Q09": -234,
            "3Q09": -263,
            "4Q09": -270,
            "1Q10": -161,
            "2Q10": -140,
        }
        assert table.unit == "million"
        assert [c.text for c in row.cells][:2] == ["(233)", "(234)"]

    def test_cell_with_ratio_and_value_keeps_the_value(self, corpus_docs):
        table, row = find_row(corpus_docs[DECK_2010], "Gross Margin", "Consolidated Results for 2Q FY2010")
        first = row.cells[0]
        assert first.text == "20.0% 6.8"
        assert first.value == 6.8
        assert first.column == "% of Revenues 1H10 (10/4~10/9)"
        assert table.unit == "JPY billion"

    def test_multi_row_header_is_joined_per_column(self, corpus_docs):
        table, row = find_row(corpus_docs[RELEASE_2009], "ATM operation business", "Segment Summary")
        assert table.columns == ["1H08 JPY millions", "1H09 JPY millions"]
        assert [c.value for c in row.cells] == [11, 38]
        assert table.unit == "JPY million"

    def test_key_value_table(self, corpus_docs):
        table, row = find_row(corpus_docs[DECK_2010], "Established", "Company Profile")
        assert table.kind == "key_value"
        assert [c.text for c in row.cells] == ["December 1992"]
        assert row.cells[0].value is None

    def test_headerless_value_dump_keeps_rows_without_labels(self, corpus_docs):
        dumps = [t for t in corpus_docs[DECK_2010].tables if t.title == "(Systems construction)"]
        assert dumps, "the systems construction value dump was dropped"
        row = dumps[0].rows[0]
        assert row.label == ""
        assert [c.value for c in row.cells][:3] == [3592, 3960, 2662]


class TestMarkdown:
    def test_balance_sheet_dates_as_columns(self, corpus_docs):
        table, row = find_row(corpus_docs[DECK_2009], "Total Assets")
        values = cells_by_column(row)
        assert values["March 31, 2009"] == 52301
        assert values["March 31, 2008"] == 55703
        assert values["Changes"] == -3401

    def test_html_inside_header_and_cells(self, corpus_docs):
        table, row = find_row(corpus_docs[DECK_2009], "Gross Margin", "4Q08")
        assert table.columns[0] == "% of Revenues 4Q08 (09/01 ~ 09/03)"
        assert row.cells[0].text == "<i>21.4%</i> 4.1"
        assert row.cells[0].value == 4.1
        assert table.unit == "JPY billion"

    def test_empty_header_row_and_html_lists_in_cells(self, corpus_docs):
        table, row = find_row(corpus_docs[DECK_2009], "Business Results", "Business Summary")
        assert table.title == "FY2008 Business Summary"
        assert "Operating loss related to new business" in row.cells[0].text

    def test_markdown_snippet_without_outer_pipes(self):
        text = "Results\n\nUnit: JPY million\n\nItem | FY08 | FY07\n---|---|---\nRevenue | 1,272 | (233)\n"
        doc = text_document(text, Path("snippet.md"))
        (table,) = extract_tables(doc, parse_blocks(doc))
        assert table.columns == ["FY08", "FY07"]
        assert [(c.column, c.value) for c in table.rows[0].cells] == [("FY08", 1272), ("FY07", -233)]
        assert table.unit == "JPY million"
        assert table.title == "Results"

    def test_a_unit_line_repeated_above_every_table_is_each_tables_unit(self):
        """A deck prints `Unit: JPY million` above each of its tables: a recurring line, like
        a page footer, but the unit of the table under it."""
        slides = [
            f"Slide {n}: {item}\n\nUnit: JPY million\n\n"
            f"| | FY08 | FY07 |\n|---|---|---|\n| {item} | {n}1 | {n}0 |\n"
            for n, item in enumerate(
                ["Revenue", "Cost of sales", "Gross profit", "Operating income", "Net income"]
            )
        ]
        doc = text_document("\n".join(slides), Path("deck.txt"))
        tables = extract_tables(doc, parse_blocks(doc))
        assert len(tables) == 5
        assert [t.unit for t in tables] == ["JPY million"] * 5

    def test_a_recurring_unit_line_of_a_slide_above_does_not_reach_the_next_slides_table(self):
        """Every slide of a deck prints `Unit: JPY million`, a charts-only slide too; the list of
        releases on the next slide, several captions further down, has no unit."""
        tables = "".join(
            f"Slide {n}\n\nUnit: JPY million\n\n| | FY08 |\n|---|---|\n| Revenue | {n}1 |\n\n"
            for n in range(3)
        )
        charts = "Other data\n\nUnit: JPY million\n\nCAPEX\n\nAdjusted EBITDA\n\nDepreciation\n\n"
        releases = "Major Press Releases\n\n| Date | Release |\n|---|---|\n| Oct 1 | A new service |\n"
        doc = text_document(tables + charts + releases, Path("deck.txt"))
        *slides, listing = extract_tables(doc, parse_blocks(doc))
        assert [t.unit for t in slides] == ["JPY million"] * 3
        assert listing.title == "Major Press Releases" and listing.unit is None

    def test_a_period_heading_above_a_list_table_is_in_its_title(self):
        """A deck heads each block of key figures with its period alone (`<1H23 (2023/4-9)>`);
        the table under it is for that period, not only under the slide's caption."""
        text = (
            "Growth Highlights\n\n<1H23 (2023/4-9)>\n\n- Net Sales\t41.0 billion\t(9.1% YoY)\n"
            "- Operating Margin\t7.2 %\t(+0.4 points YoY)\n\n[3Q23]\n\n"
            "- Net Sales\t22.5 billion\t(8.0% YoY)\n"
            "- Operating Margin\t7.9 %\t(+0.6 points YoY)\n"
        )
        doc = text_document(text, Path("deck.txt"))
        titles = [t.title for t in extract_tables(doc, parse_blocks(doc))]
        assert titles == ["Growth Highlights <1H23 (2023/4-9)>", "[3Q23]"]
        # Two periods on one line are a header, not one table's period.
        text = "Highlights\n\nQ1 2023 Q1 2022\n\n- Net Sales\t41.0\t38.0\n- Margin\t7.2 %\t6.8 %\n"
        doc = text_document(text, Path("deck.txt"))
        assert [t.title for t in extract_tables(doc, parse_blocks(doc))] == ["Highlights"]

    def test_a_footnote_mark_in_a_cell_is_not_its_value(self):
        text = "Dividends\n\nItem | FY08 | FY07\n---|---|---\nPer share | JPY 18.75 *2 | 12.5% ※1\n"
        doc = text_document(text, Path("snippet.md"))
        (table,) = extract_tables(doc, parse_blocks(doc))
        assert [c.value for c in table.rows[0].cells] == [18.75, 12.5]


def _columns(text: str, name: str = "table.txt") -> list[str]:
    doc = text_document(text, Path(name))
    (table,) = extract_tables(doc, parse_blocks(doc))
    return table.columns


class TestGroupHeaders:
    """A header row of group labels, each over the same number of columns, heads them all."""

    def test_a_group_label_heads_every_column_of_its_group(self):
        text = (
            "Segment results\n\n\tQuarter ended\t\tNine months ended\t\n\t2024\t2023\t2024\t2023\n"
            "Net sales\t812\t790\t2,401\t2,288\n"
        )
        assert _columns(text) == [
            "Quarter ended 2024",
            "Quarter ended 2023",
            "Nine months ended 2024",
            "Nine months ended 2023",
        ]

    def test_groups_in_a_markdown_table(self):
        text = (
            "Headcount\n\n| | 2024 | | 2023 | |\n|---|---|---|---|---|\n| | Men | Women | Men | Women |\n"
            "| Engineers | 310 | 122 | 295 | 110 |\n"
        )
        assert _columns(text, "table.md") == ["2024 Men", "2024 Women", "2023 Men", "2023 Women"]

    def test_a_label_centred_over_its_group_stays_where_it_stands(self):
        text = (
            "Revenue\n\n| | | Fiscal year | | Change |\n|---|---|---|---|---|\n"
            "| (in millions of CHF) | 2024 | 2023 | Reported | Organic |\n| Revenue | 812 | 790 | 3% | 4% |\n"
        )
        assert _columns(text, "table.md") == ["2024", "Fiscal year 2023", "Reported", "Change Organic"]

    def test_only_the_top_row_spans_and_only_over_columns_headed_below(self):
        text = (
            "Share capital\n\n\t2024\t\t2023\t\n\tShares\t\tShares\t\n"
            "\t(thousands)\tAmount\t(thousands)\tAmount\nOrdinary shares\t1,200\t60\t1,150\t58\n"
        )
        assert _columns(text) == [
            "2024 Shares (thousands)",
            "2024 Amount",
            "2023 Shares (thousands)",
            "2023 Amount",
        ]
        text = "Staff\n\n| | 2024 | | 2023 | |\n|---|---|---|---|---|\n| Engineers | 310 | 12 | 295 | 11 |\n"
        assert _columns(text, "table.md") == ["2024", "", "2023", ""]

    def test_labels_of_unequal_reach_stay_over_their_own_column(self):
        text = (
            "Summary\n\n| | FY24 | FY23 | | |\n|---|---|---|---|---|\n"
            "| USD million | 52 weeks | 52 weeks | Change | Change at constant currency |\n"
            "| Revenue | 1,210 | 1,150 | 5% | 6% |\n"
        )
        assert _columns(text, "table.md") == [
            "FY24 52 weeks",
            "FY23 52 weeks",
            "Change",
            "Change at constant currency",
        ]


class TestHeadersInTheBody:
    """Markdown allows one header row: exports put the rest of a table's header in its body."""

    def test_a_header_under_a_unit_line_that_names_no_column(self):
        text = (
            "Net sales by segment\n\n| (in millions) | | | |\n|---|---|---|---|\n"
            "| Segment | Fiscal 2024 sales | Fiscal 2023 sales | % change |\n"
            "| Pumps | 812.0 | 790.5 | 3% |\n| Valves | 401.2 | 388.0 | 3% |\n"
        )
        doc = text_document(text, Path("table.md"))
        (table,) = extract_tables(doc, parse_blocks(doc))
        assert table.columns == ["Fiscal 2024 sales", "Fiscal 2023 sales", "% change"]
        assert [r.label for r in table.rows] == ["Pumps", "Valves"]
        assert table.unit == "million"

    def test_a_line_of_words_over_a_line_of_years_heads_the_columns(self):
        text = (
            "| Water use | | |\n|---|---|---|\n| Measure | For the year ended 31 March | |\n"
            "| | 2024 | 2023 |\n| Mains water (tonnes) | 1,250.5 | 1,190.2 |\n"
        )
        assert _columns(text, "table.md") == [
            "For the year ended 31 March 2024",
            "For the year ended 31 March 2023",
        ]

    def test_rows_under_a_header_that_names_their_columns_stay_in_the_body(self):
        text = (
            "Notes\n\n| Notes | Issued | Due |\n|---|---|---|\n| 5% senior notes | | |\n"
            "| | 2019 | 2026 |\n| 6% senior notes | 2020 | 2030 |\n"
        )
        assert _columns(text, "table.md") == ["Issued", "Due"]
        text = (
            "Rates\n\n| (in millions) | | |\n|---|---|---|\n| Dividend | n/a | n/a |\n| Sales | 410 | 380 |\n"
        )
        doc = text_document(text, Path("table.md"))
        (table,) = extract_tables(doc, parse_blocks(doc))
        assert [r.label for r in table.rows] == ["Dividend", "Sales"]

    def test_rows_of_words_in_a_table_of_words_stay_in_the_body(self):
        text = (
            "Officers\n\n| Officers | | |\n|---|---|---|\n"
            "| A. Smith | Chair | Founder |\n| B. Jones | CEO | Director |\n"
        )
        doc = text_document(text, Path("table.md"))
        (table,) = extract_tables(doc, parse_blocks(doc))
        assert len(table.rows) == 2


@pytest.mark.parametrize(
    "name", [DECK_2010, DECK_2009, "002_b31a6c2d896e287e.txt", RELEASE_2009, "004_2853c62026f2b50d.txt"]
)
def test_every_corpus_document_has_tables_with_exact_spans(corpus_docs, name):
    ingested = corpus_docs[name]
    text = ingested.document.text
    assert ingested.tables, f"{name} has no parsed table"
    for table in ingested.tables:
        for row in table.rows:
            line = text[row.start : row.end]
            assert "\n" not in line
            for cell in row.cells:
                assert text[cell.start : cell.end] == cell.text
                assert row.start <= cell.start and cell.end <= row.end
            own = row.label.rsplit(": ", 1)[-1][-30:]  # after the heading it may sit under
            assert own in line.replace("<p>", "").replace("</p>", "") or not row.label or "<" in line
