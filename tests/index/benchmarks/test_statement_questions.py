"""Statement-line questions: one per recorded period-column cell, none for changes or percentages."""

from __future__ import annotations

from index.benchmarks.cell_alignment import GoldCell
from index.benchmarks.statement_questions import company_of, question_for, statement_questions


def cell(period: str, unit: str = "millions", parent: str = "Operating expenses:", value: str = "1,234"):
    return GoldCell("ACME_2024_10K.pdf", 7, "Research and development", parent, "2024", value, period, unit)


def test_a_period_column_cell_is_asked_with_its_section_and_period() -> None:
    from index.benchmarks import statement_questions as module

    module._COMPANIES["ACME"] = "Acme"
    try:
        q = question_for(cell("fiscal year ended June 30, 2024"))
        assert q == (
            "What was Acme's Research and development (Operating expenses) "
            "for the fiscal year ended June 30, 2024?"
        )
        assert question_for(cell("as of June 30, 2024", parent="")) == (
            "What was Acme's Research and development as of June 30, 2024?"
        )
        [item] = statement_questions([cell("three months ended March 31, 2024")])
        assert (item["answer"], item["doc"], item["page"]) == ("1,234", "ACME_2024_10K.pdf", 7)
    finally:
        del module._COMPANIES["ACME"]


def test_changes_percentages_guidance_and_unknown_companies_are_not_asked() -> None:
    assert question_for(cell("fiscal year ended June 30, 2024")) is None  # no company known for ACME
    assert company_of("APPLE_2022_10K.pdf") == "Apple"
    apple = GoldCell(
        "APPLE_2022_10K.pdf", 1, "Mac", "", "Change", "(8)", "change, fiscal 2022 vs. fiscal 2021", "percent"
    )
    assert question_for(apple) is None
    guidance = GoldCell(
        "APPLE_2022_10K.pdf", 1, "Mac", "", "2023", "105", "2023 guidance, low end of range", "millions"
    )
    assert question_for(guidance) is None
    nil = GoldCell(
        "APPLE_2022_10K.pdf", 1, "Mac", "", "2022", "—", "fiscal year ended September 24, 2022", "millions"
    )
    assert question_for(nil) is None
