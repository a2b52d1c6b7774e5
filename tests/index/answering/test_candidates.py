"""Passage figures and the words they are bound to, on invented sentences."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from index.answering.candidates import (
    AnswerCandidate,
    EvidenceContext,
    QueryVectors,
    RankedUnit,
    passage_candidates,
    row_candidates,
)
from index.query import analyse_query
from index.store import TableInfo
from index.units import RetrievalUnit
from ingest.loaders.text_loader import text_document


def _candidates(text: str, question: str) -> list[AnswerCandidate]:
    """The passage candidates of `text` for `question`."""
    doc = text_document(f"Memo\n\n{text}\n", Path("memo.txt"))
    start = doc.text.index(text)
    unit = RetrievalUnit(doc.doc_id, "text", start, start + len(text), [], "", text, text)
    ctx = EvidenceContext(idf=lambda t: 1.0, document={doc.doc_id: doc}.__getitem__, table=lambda i: None)
    return passage_candidates(RankedUnit(unit, 0, 1.0, 0.5), analyse_query(question), ctx)


def _features(text: str, question: str, name: str) -> dict[str, float]:
    """Each passage figure of `text` with its feature `name` for `question`."""
    return {c.text: getattr(c.features, name) for c in _candidates(text, question)}


def _kinds(text: str, question: str) -> dict[str, str]:
    """Each passage figure of `text` with its kind."""
    return {c.text: c.kind for c in _candidates(text, question)}


def _clause_coverage(text: str, question: str) -> dict[str, float]:
    return _features(text, question, "clause_coverage")


def test_a_figure_is_bound_to_the_words_since_the_previous_figure():
    found = _clause_coverage("Sales and EBIT: USD 4 million, USD 1 million.", "what were sales")
    assert found["USD 4 million"] > 0
    assert found["USD 1 million"] == 0


def test_a_date_before_the_figure_does_not_cut_its_clause():
    found = _clause_coverage("Sales for the year ended March 31, 2023 were USD 5 million.", "what were sales")
    assert found["USD 5 million"] > 0


def test_a_figure_the_question_itself_writes_is_flagged():
    text = "Of the EUR 12.4 million of deferred costs, EUR 3.1 million will be expensed next year."
    found = _features(
        text, "How much of its EUR 12.4 million of deferred costs is expensed next year?", "echoes_question"
    )
    assert found == {"EUR 12.4 million": 1.0, "EUR 3.1 million": 0.0}
    # Periods and years the question names are not figures it writes.
    found = _features("Sales were USD 2,023 million in 2Q23.", "sales 2Q23 in fiscal 2023", "echoes_question")
    assert found == {"USD 2,023 million": 0.0}


def test_a_figure_right_after_a_change_verb_is_a_change():
    text = "Freight revenue rose 6.2% to EUR 812 million in 2Q23, and fell 1.5% in 1Q23."
    found = _features(text, "how much did freight revenue grow in 2Q23, in percent", "change_match")
    assert found == {"6.2%": 1.0, "EUR 812 million": 0.0, "1.5%": 1.0}
    # Asked for the level, the changes are figures nobody asked for.
    found = _features(text, "freight revenue 2Q23", "change_unasked")
    assert found == {"6.2%": 1.0, "EUR 812 million": 0.0, "1.5%": 1.0}


def test_the_words_that_bound_a_figure_are_part_of_it():
    text = "Its largest customer made up less than 6% of sales; the plant ships approx. 340 units a day."
    found = _features(text, "what share of sales came from the largest customer", "is_row")
    assert "less than 6%" in found and "6%" not in found
    found = _features(text, "how many units does the plant ship a day", "is_row")
    assert "approx. 340 units" in found


def test_a_negated_bound_keeps_its_negation_and_a_word_or_range_is_no_bound():
    notice = "Holders get not less than 30 nor more than 60 days' notice of the redemption."
    found = _features(notice, "how many days of notice do holders get", "is_row")
    assert {"not less than 30", "nor more than 60 days"} <= set(found)
    assert "less than 30" not in found and "more than 60 days" not in found
    assert "USD 5,000" in _features("Tax carryover USD 5,000 at year end.", "tax carryover", "is_row")
    # A level reached is not a cap, and `3~5%` is a range whose top is not `about 5%`.
    assert "USD 300 million" in _features("Orders went up to USD 300 million.", "orders", "is_row")
    assert "3~5%" in _features("Margins of 3~5% are expected.", "expected margins", "is_row")


def test_a_range_is_one_figure_and_a_revision_or_a_change_is_two():
    guidance = "The company expects diluted EPS in the range of $2.10 to $2.25 for the year."
    assert list(_features(guidance, "expected diluted EPS for the year", "is_row")) == ["$2.10 to $2.25"]
    fee = "Monthly fees run 3,000～4,500 yen per user."
    assert list(_features(fee, "monthly fee per user", "is_row")) == ["3,000～4,500 yen"]
    scaled = "Capital spending of $900 million to $1.1 billion is planned."
    assert list(_features(scaled, "planned capital spending", "is_row")) == ["$900 million to $1.1 billion"]
    revision = "The board raised the buyback authorization from $40 billion to $55 billion."
    assert list(_features(revision, "buyback authorization", "is_row")) == ["$40 billion", "$55 billion"]
    change = "Store sales grew 4% to 6% of the total."
    assert list(_features(change, "store sales growth", "is_row")) == ["4%", "6%"]


def test_a_range_is_one_figure_however_it_is_written():
    def figures(text: str) -> list[str]:
        return list(_features(text, "expected margin and EPS", "is_row"))

    assert figures("Diluted EPS is expected to range from $2.10 to $2.25.") == ["$2.10 to $2.25"]
    assert figures("Diluted EPS of $1.00 ~ $1.13 is expected.") == ["$1.00 ~ $1.13"]
    assert figures("An operating margin of 5%–7% is expected.") == ["5%–7%"]
    assert figures("An operating margin of 5 to 7% is expected.") == ["5 to 7%"]
    assert figures("An operating margin of between 5% and 7% is expected.") == ["between 5% and 7%"]
    assert figures("Margin awards range from $2 million to $10 million.") == ["$2 million to $10 million"]
    assert figures("Margin fees range from 4,000 yen to 5,000 yen.") == ["4,000 yen to 5,000 yen"]
    assert figures("Diluted EPS guidance is $2.10 - $2.25.") == ["$2.10 - $2.25"]


def test_a_tilde_after_a_year_or_a_lone_figure_still_means_approximately():
    def figures(text: str) -> list[str]:
        return list(_features(text, "ROE target, spending and planned capex", "is_row"))

    assert figures("The ROE target for 2025 is ~ 10%.") == ["~ 10%"]
    assert figures("In FY2023 ~$5 million of capex was spent.") == ["~$5 million"]
    assert figures("Capex of ¥300 billion ~ ¥400 billion is planned.") == ["¥300 billion ~ ¥400 billion"]


def test_a_figure_followed_by_a_currency_name_is_money_not_a_count():
    assert _kinds("The annual fee is 4,000 yen per user.", "annual fee") == {"4,000 yen": "amount"}
    assert _kinds("The fund holds 5 million dollars in cash.", "cash") == {"5 million dollars": "amount"}
    assert _kinds("The company opened 12 stores.", "stores opened") == {"12 stores": "count"}
    # A sign belongs to the next figure; a singular name is an adjective.
    assert "120 $" not in _kinds("Stores opened 120 $5.2 million in capex.", "capex")
    assert _kinds("The chain runs 25 dollar stores.", "stores") == {"25": "number"}


def test_a_figure_wrapped_onto_the_next_printed_line_keeps_its_scale_and_its_words():
    # a PDF keeps the page's line breaks: the scale, or the figure itself, may sit on the next line
    text = "At year end the unearned service fees were $3.4\nbillion, to be earned over three years."
    found = {c.text: c.value for c in _candidates(text, "unearned service fees at year end")}
    assert found == {"$3.4 billion": 3.4e9}
    text = "At year end the unearned service fees, net of refunds,\nstood at $2.9 billion."
    assert [c.text for c in _candidates(text, "unearned service fees at year end")] == ["$2.9 billion"]


def test_a_percentage_written_out_is_a_percentage():
    assert _kinds("Fourth-quarter bookings were down 12 percent year over year.", "bookings decline") == {
        "12 percent": "percent"
    }


def test_figures_of_other_kinds_or_far_apart_are_not_a_range():
    def figures(text: str) -> list[str]:
        return list(_features(text, "what were the dividend, the fees and the cover ratio", "is_row"))

    # A change and its result, with a verb no change list names, spans far more than a range.
    assert figures("The board lifted the dividend $0.05 to $0.55 a share.") == ["$0.05", "$0.55"]
    assert figures("Fees came to USD 5 million to JPY 550 million.") == ["USD 5 million", "JPY 550 million"]
    assert figures("The dividend cover ratio was 3.5 to 1.0 last year.") == ["3.5", "1.0"]


def test_a_change_said_against_another_base_or_in_the_other_direction_is_flagged():
    text = "Freight costs were down 2.1% YoY and up 5.7% QoQ."
    question = "By what percentage did freight costs decline year over year?"
    assert _features(text, question, "change_basis_conflict") == {"2.1%": 0.0, "5.7%": 1.0}
    assert _features(text, question, "change_direction_conflict") == {"2.1%": 0.0, "5.7%": 1.0}
    # a change asked without a base or a direction conflicts with neither
    assert set(_features(text, "freight cost change in percent", "change_basis_conflict").values()) == {0.0}
    assert set(_features(text, "freight cost change in percent", "change_direction_conflict").values()) == {
        0.0
    }


def test_a_change_figure_says_its_direction_by_its_sign_before_the_words_around_it():
    question = "How much did operating income rise year over year?"
    found = _features("Costs rose; operating income -3.1% YoY.", question, "change_direction_conflict")
    assert found == {"-3.1%": 1.0}
    found = _features(
        "Costs rose; operating income fell by $ (3,454) YoY.", question, "change_direction_conflict"
    )
    assert found == {"$ (3,454)": 1.0}


STATEMENT = """Statement of operations

| | 2024 | 2023 |
|---|---|---|
| Other income (expense) | | |
| Interest income | 40 | 30 |
| Interest expense | (25) | (20) |
| Total other income (expense) | 15 | 10 |
| Net income | 915 | 810 |
"""


def test_a_row_that_names_the_metric_only_through_its_heading_is_flagged(table_evidence):
    units, ctx = table_evidence(STATEMENT)
    table = TableInfo(1, units[0].doc_id, "Statement of operations", None, ["2024", "2023"], "", None)
    ctx = replace(ctx, table=lambda i: table)
    vectors = QueryVectors(np.zeros(4), np.zeros(4))
    q = analyse_query("What was interest income in 2024?")
    found = {}
    for rank, unit in enumerate(units):
        for c in row_candidates(RankedUnit(unit, rank, 1.0, 0.5), q, vectors, ctx, {}):
            found[(unit.label, c.text)] = c.features
    income = found[("Other income (expense): Interest income", "40")]
    expense = found[("Other income (expense): Interest expense", "(25)")]
    # Both labels write `interest` and `income`; the expense row owes `income` to its heading.
    assert income.metric_coverage == expense.metric_coverage == 1.0
    assert income.heading_coverage == 0.0 and expense.heading_coverage > 0.0
    assert found[("Net income", "915")].heading_coverage == 0.0
    # Its own label names the other variant of the asked item; the heading's `income` does not count.
    assert income.rival_word == 0.0 and expense.rival_word == 1.0


EPS_TABLE = """Earnings per share

| | 2024 | 2023 |
|---|---|---|
| Basic earnings per share | 1.20 | 1.05 |
| Diluted earnings per share | 1.15 | 1.01 |
"""


def test_a_row_or_clause_naming_another_variant_of_the_asked_line_is_flagged(table_evidence):
    units, ctx = table_evidence(EPS_TABLE)
    table = TableInfo(1, units[0].doc_id, "Earnings per share", None, ["2024", "2023"], "", None)
    ctx = replace(ctx, table=lambda i: table)
    q = analyse_query("What were diluted earnings per share in 2024?")
    vectors = QueryVectors(np.zeros(4), np.zeros(4))
    rival = {
        (u.label, c.text): c.features.rival_word
        for rank, u in enumerate(units)
        for c in row_candidates(RankedUnit(u, rank, 1.0, 0.5), q, vectors, ctx, {})
    }
    assert rival[("Basic earnings per share", "1.20")] == 1.0
    assert rival[("Diluted earnings per share", "1.15")] == 0.0
    text = "Basic earnings per share were $1.20 and diluted earnings per share were $1.15 in 2024."
    found = _features(text, "What were diluted earnings per share in 2024?", "rival_word")
    assert found == {"$1.20": 1.0, "$1.15": 0.0}


def test_a_question_headed_by_date_is_answered_by_a_date_even_written_with_an_ordinal():
    text = "The 4.5% notes of EUR 300 million were issued on May 2nd 2021 and mature on May 2nd 2031."
    found = _kinds(text, "What is the maturity date of the 4.5% notes?")
    assert found == {"May 2nd 2021": "date", "May 2nd 2031": "date"}
    # Set at a date, the question asks a figure.
    assert "EUR 300 million" in _kinds(text, "What was the notes' principal on the issue date?")


def test_a_bracketed_list_number_is_not_a_candidate():
    text = "(1) Revenues and contracted capacity\nContracted capacity reached 530.5 Gbps at year end."
    assert list(_kinds(text, "contracted capacity at year end")) == ["530.5 Gbps"]
