"""parse_layout_tables: statement rows land in their period columns, spans index the plain text."""

from __future__ import annotations

import pytest
from conftest import PDF_NAMES, ingested_pdf

from ingest.models import Document, Page, Table, TableRow
from ingest.numbers import parse_number
from ingest.tables.layout_table import parse_layout_tables


def parsed(name: str) -> tuple[Document, list[Table]]:
    """Each shared PDF is loaded and parsed once per test session."""
    ingested = ingested_pdf(name)
    return ingested.document, ingested.tables


def table_titled(tables: list[Table], title_part: str) -> Table:
    return next(t for t in tables if title_part in t.title)


def row_labelled(table: Table, label: str) -> TableRow:
    return next(r for r in table.rows if r.label == label)


def values_by_column(row: TableRow) -> dict[str, float | None]:
    return {cell.column: cell.value for cell in row.cells}


class TestAppleAnnualReport:
    YEARS = [
        "Years ended September 24, 2022",
        "Years ended September 25, 2021",
        "Years ended September 26, 2020",
    ]

    def test_income_statement_rows_sit_in_their_year_columns(self) -> None:
        _, tables = parsed("APPLE_2022_10K.pdf")
        table = table_titled(tables, "CONSOLIDATED STATEMENTS OF OPERATIONS")
        assert table.page == 32
        assert table.unit == "million"
        assert table.columns == self.YEARS
        assert values_by_column(row_labelled(table, "Total net sales")) == dict(
            zip(self.YEARS, [394328.0, 365817.0, 274515.0], strict=True)
        )
        assert values_by_column(row_labelled(table, "Net income")) == dict(
            zip(self.YEARS, [99803.0, 94680.0, 57411.0], strict=True)
        )
        # A parenthesised amount is negative.
        assert values_by_column(row_labelled(table, "Other income/(expense), net")) == dict(
            zip(self.YEARS, [-334.0, 258.0, 803.0], strict=True)
        )

    def test_sub_rows_name_the_section_they_sit_under(self) -> None:
        _, tables = parsed("APPLE_2022_10K.pdf")
        income = table_titled(tables, "CONSOLIDATED STATEMENTS OF OPERATIONS")
        labels = [r.label for r in income.rows]
        assert labels[:3] == ["Net sales: Products", "Net sales: Services", "Total net sales"]
        assert "Cost of sales: Products" in labels and "Earnings per share: Diluted" in labels
        # A row back at the statement's outer level belongs to no section.
        assert "Operating income" in labels and "Net income" in labels
        balance = table_titled(tables, "CONSOLIDATED BALANCE SHEETS")
        term_debt = [r.label for r in balance.rows if r.label.endswith("Term debt")]
        assert term_debt == ["Current liabilities: Term debt", "Non-current liabilities: Term debt"]

    def test_dollar_sign_printed_apart_stays_with_its_number(self) -> None:
        document, tables = parsed("APPLE_2022_10K.pdf")
        row = row_labelled(table_titled(tables, "CONSOLIDATED STATEMENTS OF OPERATIONS"), "Net income")
        assert [c.text for c in row.cells] == ["$ 99,803", "$ 94,680", "$ 57,411"]
        assert document.text[row.start : row.end] == "Net income $ 99,803 $ 94,680 $ 57,411"

    def test_balance_sheet_totals(self) -> None:
        _, tables = parsed("APPLE_2022_10K.pdf")
        table = table_titled(tables, "CONSOLIDATED BALANCE SHEETS")
        assert table.columns == ["September 24, 2022", "September 25, 2021"]
        assert values_by_column(row_labelled(table, "Total assets")) == {
            "September 24, 2022": 352755.0,
            "September 25, 2021": 351002.0,
        }
        assert values_by_column(row_labelled(table, "Total shareholders’ equity")) == {
            "September 24, 2022": 50672.0,
            "September 25, 2021": 63090.0,
        }


class TestAppleQuarterlyReport:
    PERIODS = [
        "Three Months Ended July 1, 2023",
        "Three Months Ended June 25, 2022",
        "Nine Months Ended July 1, 2023",
        "Nine Months Ended June 25, 2022",
    ]

    def test_income_statement_rows_sit_in_their_period_columns(self) -> None:
        _, tables = parsed("APPLE_2023Q3_10Q.pdf")
        table = table_titled(tables, "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS")
        assert table.page == 4
        assert table.unit == "million"
        assert table.columns == self.PERIODS
        assert values_by_column(row_labelled(table, "Total net sales")) == dict(
            zip(self.PERIODS, [81797.0, 82959.0, 293787.0, 304182.0], strict=True)
        )
        assert values_by_column(row_labelled(table, "Other income/(expense), net")) == dict(
            zip(self.PERIODS, [-265.0, -10.0, -594.0, -97.0], strict=True)
        )


class TestOtherLayouts:
    def test_group_headers_spread_over_their_columns(self) -> None:
        _, tables = parsed("INTEL_2022Q4_EARNINGS.pdf")
        table = table_titled(tables, "Q4 2022 Financial Results")
        values = values_by_column(row_labelled(table, "Revenue ($B)"))
        assert values["GAAP Q4 2022"] == 14.0
        assert values["Non-GAAP Q4 2021"] == 19.5

    def test_label_comes_from_the_plain_line_when_layout_misplaces_it(self) -> None:
        # Layout mode prints `Revenues` beside the first figures; plain mode has the true label.
        _, tables = parsed("MCDONALDS_2023Q1_EARNINGS.pdf")
        table = table_titled(tables, "CONDENSED CONSOLIDATED STATEMENT OF INCOME")
        row = table.rows[0]
        assert row.label == "Sales by Company-operated restaurants"
        assert row.cells[0].value == 2224.3
        assert row.cells[0].column == "Quarters Ended March 31, 2023"

    def test_a_table_printed_without_headers_continues_the_one_before(self) -> None:
        _, tables = parsed("PG_E_2023_EARNINGS_dated-2023-05-04.pdf")
        on_page = [t for t in tables if t.page == 10]
        assert len(on_page) == 2
        assert (
            on_page[1].columns
            == on_page[0].columns
            == ["2023 Low guidance range", "2023 High guidance range"]
        )
        assert {c.column for r in on_page[1].rows for c in r.cells} == set(on_page[0].columns)

    def test_footnote_markers_are_not_columns(self) -> None:
        _, tables = parsed("PG_E_2023_EARNINGS_dated-2023-05-04.pdf")
        table = table_titled(tables, "First Quarter, 2023 vs. 2022")
        row = row_labelled(table, "Non-core items: Amortization of Wildfire Fund contribution")
        assert [c.value for c in row.cells] == [84.0, 85.0, 0.04, 0.04]


@pytest.mark.parametrize("name", PDF_NAMES)
def test_every_span_indexes_the_plain_text(name: str) -> None:
    document, tables = parsed(name)
    text = document.text
    for table in tables:
        assert table.kind == "layout"
        assert len(table.rows) >= 2
        for row in table.rows:
            line = text[row.start : row.end]
            assert "\n" not in line
            assert row.page == table.page == document.page_at(row.start)
            assert table.start <= row.start <= row.end <= table.end
            for cell in row.cells:
                assert text[cell.start : cell.end] == cell.text
                assert row.start <= cell.start < cell.end <= row.end
                assert cell.text in line
                assert cell.column in table.columns
                assert cell.value == parse_number(cell.text)


def test_statement_pdfs_yield_tables() -> None:
    counts = {name: len(parsed(name)[1]) for name in PDF_NAMES}
    assert counts["APPLE_2022_10K.pdf"] >= 30
    assert counts["APPLE_2023Q3_10Q.pdf"] >= 20
    assert counts["EBAY_2023Q2_8K.pdf"] == 0  # no tables, and none invented


def _document(plain: str, layout: str) -> Document:
    return Document(
        doc_id="synthetic",
        path="synthetic.pdf",
        name="synthetic.pdf",
        title="Synthetic",
        kind="pdf",
        text=plain,
        pages=[Page(1, 0, len(plain))],
        _page_layouts=[layout],
    )


def test_a_row_missing_from_the_plain_text_is_dropped() -> None:
    layout = "\n".join(
        [
            "            CONSOLIDATED STATEMENTS OF OPERATIONS",
            "                    (In millions)",
            "",
            "                                  Years ended",
            "                               2022          2021",
            "Net sales:",
            "   Products                $   1,234     $   1,000",
            "   Services                     (56)            78",
            "   Only in layout mode         9,999         8,888",
            "Total                      $   1,178     $   1,078",
        ]
    )
    plain = "\n".join(
        [
            "CONSOLIDATED STATEMENTS OF OPERATIONS",
            "(In millions)",
            "Years ended",
            "2022",
            "2021",
            "Net sales:",
            "   Products $ 1,234 $ 1,000",
            "   Services (56) 78",
            "Total $ 1,178 $ 1,078",
        ]
    )
    [table] = parse_layout_tables(_document(plain, layout))
    assert table.title == "CONSOLIDATED STATEMENTS OF OPERATIONS"
    assert table.unit == "million"
    assert table.columns == ["Years ended 2022", "Years ended 2021"]
    assert [r.label for r in table.rows] == ["Net sales: Products", "Net sales: Services", "Total"]
    assert [[c.value for c in r.cells] for r in table.rows] == [
        [1234.0, 1000.0],
        [-56.0, 78.0],
        [1178.0, 1078.0],
    ]
    assert plain[table.rows[0].start : table.rows[0].end] == "Products $ 1,234 $ 1,000"


def test_document_without_layout_text_has_no_tables() -> None:
    assert parse_layout_tables(_document("Revenue 1 2\nCost 3 4", "")) == []


def test_a_three_line_header_over_two_column_groups() -> None:
    # A group header (`Revenue`, `Earnings per share -  diluted`) sits over a line naming only
    # some columns, over the line naming them all: each group spans its own four columns.
    layout = "\n".join(
        [
            "RECONCILIATION",
            "                                Quarters Ended June 30,",
            "                         Revenue                        Earnings per share -  diluted",
            "                                      Excl.   Inc/                            Excl.   Inc/",
            "              2024      2023    Inc/      Currency       2024    2023   Inc/    Currency",
            "Reported   $ 10.0    $  9.0    11  %      12  %      $ 1.10  $ 1.00   10  %    11  %",
            "Adjusted     11.0       9.5    16  %      17  %        1.20    1.05   14  %    15  %",
        ]
    )
    plain = "\n".join(
        [
            "RECONCILIATION",
            "Reported $ 10.0 $ 9.0 11 % 12 % $ 1.10 $ 1.00 10 % 11 %",
            "Adjusted 11.0 9.5 16 % 17 % 1.20 1.05 14 % 15 %",
        ]
    )
    [table] = parse_layout_tables(_document(plain, layout))
    row = table.rows[0]
    assert [c.text for c in row.cells][:2] == ["$ 10.0", "$ 9.0"]
    assert "Revenue" in row.cells[0].column and "2024" in row.cells[0].column
    assert "Earnings per share - diluted" in row.cells[4].column and "2024" in row.cells[4].column
    assert all("Revenue" in c.column for c in row.cells[:4])
    assert not any("Revenue" in c.column for c in row.cells[4:])


def test_a_text_column_between_labels_and_values_is_its_own_column() -> None:
    layout = "\n".join(
        [
            "Name                  Position                              Bonus as a Percentage of Salary",
            "Ann Example           Chief Executive Officer                                        150%",
            "Bo Sample             Chief Financial Officer                                        110%",
            "Cy Person             General Counsel                                                 90%",
            "Di Test               Chief Operating Officer                                        100%",
        ]
    )
    plain = "\n".join(
        [
            "Name Position Bonus as a Percentage of Salary",
            "Ann Example Chief Executive Officer 150%",
            "Bo Sample Chief Financial Officer 110%",
            "Cy Person General Counsel 90%",
            "Di Test Chief Operating Officer 100%",
        ]
    )
    [table] = parse_layout_tables(_document(plain, layout))
    assert [r.label for r in table.rows] == ["Ann Example", "Bo Sample", "Cy Person", "Di Test"]
    cells = {c.column: c.text for c in table.rows[1].cells}
    assert cells == {"Position": "Chief Financial Officer", "Bonus as a Percentage of Salary": "110%"}
    assert plain[table.rows[1].cells[0].start : table.rows[1].cells[0].end] == "Chief Financial Officer"


def test_a_label_broken_once_at_a_wide_space_stays_one_label() -> None:
    layout = "\n".join(
        [
            "                                   2024        2023",
            "Revenue                           1,000         900",
            "Cost of revenue  (note 3)           600         500",
            "Gross margin                        400         400",
        ]
    )
    plain = "Revenue 1,000 900\nCost of revenue (note 3) 600 500\nGross margin 400 400"
    [table] = parse_layout_tables(_document(plain, layout))
    assert [r.label for r in table.rows][1] == "Cost of revenue (note 3)"
    assert table.columns == ["2024", "2023"]
