"""Answer extraction with the shipped scorer on invented documents: the right cell or figure, or none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.answering.candidates import EvidenceContext, QueryVectors, RankedUnit, value_unit
from index.answering.extractor import AnswerExtractor, percents_apart
from index.answering.scorer import AnswerScorer
from index.financial_tokenizer import tokenize
from index.query import analyse_query
from index.store import TableInfo
from index.units import RetrievalUnit
from ingest.loaders.text_loader import text_document
from ingest.models import Cell

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def scorer():
    """The shipped scorer with the threshold at zero: these tests check which figure the fitted
    weights rank first; whether it is confident enough is the calibration's job (tested apart)."""
    return replace(AnswerScorer.load(), threshold=0.0)


def test_the_shipped_threshold_is_a_probability():
    assert 0.0 < AnswerScorer.load().threshold <= 1.0


def _context(embedder, documents, tables=None) -> EvidenceContext:
    def short_vectors(texts):
        texts = [t for t in dict.fromkeys(texts) if t]
        return dict(zip(texts, embedder.encode(texts), strict=True))

    return EvidenceContext(
        idf=lambda t: 1.0,
        document=documents.__getitem__,
        table=(tables or {}).get,
        short_vectors=short_vectors,
    )


def _ask(embedder, scorer, units, ctx, question):
    q = analyse_query(question)
    encoded = embedder.encode([question, q.metric_text])
    ranked = [RankedUnit(u, rank, 1.0 - 0.1 * rank, 0.5) for rank, u in enumerate(units)]
    return AnswerExtractor(ctx, scorer).extract(ranked, q, QueryVectors(encoded[0], encoded[1]))


def _passage(text: str, name: str = "deck.txt", title: str = "Results deck"):
    doc = text_document(f"{title}\n\n{text}", Path(name))
    start = doc.text.index(text)
    return RetrievalUnit(doc.doc_id, "text", start, start + len(text), [], "Results", text, text), doc


def _row(header: list[str], label: str, cells: list[str], unit_text: str | None = "JPY billion"):
    line = "\t".join([label, *cells])
    head = "\t".join(["", *header])
    doc = text_document(f"Results deck\n\n{head}\n{line}\n", Path("deck.txt"))
    start = doc.text.index(line)
    pos = start + len(label) + 1
    unit_cells = []
    for column, text in zip(header, cells, strict=True):
        unit_cells.append(Cell(column, text, None, pos, pos + len(text)))
        pos += len(text) + 1
    unit = RetrievalUnit(doc.doc_id, "row", start, start + len(line), [], "Results", line, line, label=label)
    unit.cells, unit.table_id = unit_cells, 1
    table = TableInfo(1, doc.doc_id, "Consolidated results", unit_text, header, "Results", None)
    return unit, doc, table


class TestRows:
    def test_the_asked_period_picks_the_column(self, embedder, scorer):
        header = ["FY12 (12/4 ~ 13/03)", "FY11 (11/4 ~ 12/03)", "YoY"]
        unit, doc, table = _row(header, "Cost of Sales", ["41.2", "38.5", "7.0%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, "FY11 cost of sales (JPY bn)").answer
        assert answer is not None and answer.text == "38.5"
        assert answer.value == pytest.approx(38.5e9)
        # The value is in base units, so its unit is the currency; `billion` is multiplied in.
        assert answer.period == "FY2011" and answer.unit == "JPY"
        assert doc.text[answer.citation.start : answer.citation.end] == "38.5"

    def test_a_period_the_row_lacks_gets_no_answer(self, embedder, scorer):
        unit, doc, table = _row(["1Q09", "2Q09"], "Operating Loss", ["(233)", "(234)"], "million")
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        outcome = _ask(embedder, scorer, [unit], ctx, "operating loss 3Q10")
        assert outcome.candidates[0].features.period_conflict == 1.0
        answer = _ask(embedder, scorer, [unit], ctx, "operating loss 2Q09").answer
        assert answer.text == "(234)" and answer.value == -234e6

    def test_a_change_asked_in_words_takes_the_change_column(self, embedder, scorer):
        header = ["FY23 (23/4 ~ 24/03)", "FY22 (22/4 ~ 23/03)", "YoY"]
        unit, doc, table = _row(header, "Freight Revenue", ["52.4", "48.1", "+8.9%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        asked = [
            "by what percentage did freight revenue rise in FY23",
            "how much did freight revenue grow in FY23, in percent",
        ]
        for question in asked:
            assert _ask(embedder, scorer, [unit], ctx, question).answer.text == "+8.9%"
        assert _ask(embedder, scorer, [unit], ctx, "FY23 freight revenue (JPY bn)").answer.text == "52.4"
        # A column headed `Year-on-year` holds changes as a `YoY` column does.
        header[2] = "Year-on-year"
        unit, doc, table = _row(header, "Freight Revenue", ["52.4", "48.1", "8.9%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        assert _ask(embedder, scorer, [unit], ctx, asked[0]).answer.text == "8.9%"

    def test_a_change_column_is_the_change_into_the_latest_period_of_its_group(self, embedder, scorer):
        unit, doc, table = _row(["1Q24", "4Q23", "QoQ"], "Freight Revenue", ["52.4", "48.1", "+8.9%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        asked = "by what percentage did freight revenue rise in 1Q24"
        answer = _ask(embedder, scorer, [unit], ctx, asked).answer
        assert (answer.text, answer.period) == ("+8.9%", "1Q FY2024")
        # The row states no change into 4Q23: shown for that question, the QoQ says it is 1Q24's.
        outcome = _ask(embedder, scorer, [unit], ctx, "by what percentage did freight revenue rise in 4Q23")
        assert {c.period_label for c in outcome.candidates if c.text == "+8.9%"} == {"1Q FY2024"}
        # Each change column closes its own group of period columns.
        header = ["FY2023 Results", "FY2022 Results", "YoY", "FY2024 Plan", "YoY"]
        unit, doc, table = _row(header, "Freight Revenue", ["52.4", "48.1", "+8.9%", "55.0", "+5.0%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        asked = {
            "By what percentage did freight revenue grow in FY2023?": ("+8.9%", "FY2023"),
            "By what percentage is freight revenue planned to grow in FY2024?": ("+5.0%", "FY2024"),
        }
        for question, expected in asked.items():
            answer = _ask(embedder, scorer, [unit], ctx, question).answer
            assert (answer.text, answer.period) == expected

    def test_a_change_column_states_the_change_into_its_own_period_not_its_base(self, embedder, scorer):
        cells = ["$410.2", "$455.9", "$390.0", "(10.0)%", "16.9%"]
        for changes in (
            ["2019 vs 2018 % Change", "2018 vs 2017 % Change"],
            ["2018 to 2019 Change", "2017 to 2018 Change"],
        ):
            unit, doc, table = _row(["2019", "2018", "2017", *changes], "Backlog", cells, None)
            ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
            for year, change in (("2019", "(10.0)%"), ("2018", "16.9%")):
                question = f"By what percentage did backlog change in {year}?"
                answer = _ask(embedder, scorer, [unit], ctx, question).answer
                assert (answer.text, answer.period) == (change, f"FY{year}")
        # `Change vs FY22` is FY23's change, measured from FY22: shown for FY22, it says FY2023.
        header = ["FY23", "FY22", "Change vs FY22"]
        unit, doc, table = _row(header, "Backlog", ["52.4", "48.1", "+8.9%"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, "By what percentage did backlog grow in FY23?").answer
        assert (answer.text, answer.period) == ("+8.9%", "FY2023")
        outcome = _ask(embedder, scorer, [unit], ctx, "By what percentage did backlog grow in FY22?")
        assert {c.period_label for c in outcome.candidates if c.text == "+8.9%"} == {"FY2023"}

    def test_a_change_column_is_not_outranked_by_headers_that_name_the_metric(self, embedder, scorer):
        header = ["Sales FY23 (23/4 ~ 24/03)", "Sales FY22 (22/4 ~ 23/03)", "YoY"]
        unit, doc, table = _row(header, "Freight Sales", ["52.4", "48.1", "+8.9%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        outcome = _ask(embedder, scorer, [unit], ctx, "How much did freight sales grow in FY23?")
        assert outcome.best_guess[0].text == "+8.9%"

    def test_a_footnote_mark_in_a_cell_is_not_its_figure(self, embedder, scorer):
        header = ["FY24 Plan", "FY23 Actual"]
        cells = ["EUR 1.40 ^{*2} (annual)", "EUR 1.25 *3"]
        unit, doc, table = _row(header, "Dividend per Share *1", cells, None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        outcome = _ask(embedder, scorer, [unit], ctx, "FY24 planned dividend per share")
        assert sorted(c.text for c in outcome.candidates) == ["EUR 1.25", "EUR 1.40"]
        assert outcome.best_guess[0].text == "EUR 1.40"

    def test_a_cell_keeps_the_words_that_bound_its_figure(self, embedder, scorer):
        unit, doc, table = _row(["FY23", "FY22"], "Engineers (share of staff)", ["approx. 70%", "65%"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        outcome = _ask(embedder, scorer, [unit], ctx, "what share of staff were engineers in FY23")
        guess = outcome.best_guess[0]
        assert guess.text == "approx. 70%" and doc.text[guess.start : guess.end] == "approx. 70%"

    def test_which_year_compares_the_period_columns(self, embedder, scorer):
        unit, doc, table = _row(["2019", "2018", "2017"], "Backlog", ["$410.2", "$455.9", "$390.0"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        assert (
            _ask(embedder, scorer, [unit], ctx, "In which year was backlog the largest?").answer.text
            == "2018"
        )
        answer = _ask(embedder, scorer, [unit], ctx, "In which year was backlog less than 420?").answer
        assert [p.text for p in answer.parts] == ["2019", "2017"]

    def test_which_year_compares_amounts_not_their_shares_and_reads_a_negative_limit(self, embedder, scorer):
        header = ["2019 Amount", "2019 % of revenue", "2018 Amount", "2018 % of revenue"]
        unit, doc, table = _row(header, "Upkeep", ["8,420", "2.1", "7,310", "1.9"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, "In which year was upkeep less than 8,000?").answer
        assert (answer.text, answer.parts) == ("2018", [])
        answer = _ask(embedder, scorer, [unit], ctx, "In which year was upkeep over 2 percent?").answer
        assert (answer.text, answer.parts) == ("2019", [])  # of revenue, asked as a percent
        # A row of shares alone is compared by its shares.
        unit, doc, table = _row(["2019 %", "2018 %"], "Gross margin", ["41.5", "43.0"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, "In which year was gross margin highest?").answer
        assert answer.text == "2018"
        answer = _ask(embedder, scorer, [unit], ctx, "In which year was gross margin above 42%?").answer
        assert answer.text == "2018"
        unit, doc, table = _row(["2019", "2018"], "Other income, net", ["(4,150)", "(2,210)"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(
            embedder, scorer, [unit], ctx, "In which year was other income, net below -3,000?"
        ).answer
        assert (answer.text, answer.parts) == ("2019", [])
        asked = "In which year was other income, net below $(3,000)?"
        assert _ask(embedder, scorer, [unit], ctx, asked).answer.text == "2019"

    def test_which_year_compares_levels_not_changes(self, embedder, scorer):
        header = ["2023", "2022", "$ Change vs 2022"]
        unit, doc, table = _row(header, "Backlog", ["$410.2", "$455.9", "$(45.7)"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, "In which year was backlog the lowest?").answer
        assert answer.text == "2023"

    def test_several_periods_give_one_part_each(self, embedder, scorer):
        unit, doc, table = _row(["2019", "2018"], "Backlog", ["$410.2", "$455.9"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, "What was backlog in 2019 and 2018 respectively?").answer
        assert [p.text for p in answer.parts] == ["$410.2", "$455.9"]

    def test_a_change_between_two_periods_is_one_figure_into_the_later_one(self, embedder, scorer):
        unit, doc, table = _row(["FY23", "FY22", "YoY"], "Freight Revenue", ["52.4", "48.1", "+8.9%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        asked = "By what percentage did freight revenue grow in FY23 compared with FY22?"
        answer = _ask(embedder, scorer, [unit], ctx, asked).answer
        assert (answer.text, answer.parts) == ("+8.9%", [])
        # Asked for each period, the levels are one part each.
        outcome = _ask(embedder, scorer, [unit], ctx, "What was freight revenue in FY23 and FY22?")
        assert [c.text for c in outcome.best_guess] == ["52.4", "48.1"]
        # The change into the earlier period is not the one asked.
        header = ["FY22", "FY23", "FY22 YoY", "FY23 YoY"]
        unit, doc, table = _row(header, "Freight Revenue", ["48.1", "52.4", "+3.0%", "+8.9%"])
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        answer = _ask(embedder, scorer, [unit], ctx, asked).answer
        assert (answer.text, answer.period) == ("+8.9%", "FY2023")

    def test_an_abstention_keeps_its_best_guess_per_period(self, embedder, scorer):
        unit, doc, table = _row(["2019", "2018"], "Backlog", ["$410.2", "$455.9"], None)
        ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
        unsure = replace(scorer, threshold=1.01)  # no answer is ever sure enough
        question = "What was backlog in 2019 and 2018 respectively?"
        outcome = _ask(embedder, unsure, [unit], ctx, question)
        assert outcome.answer is None and outcome.reason.startswith("2019: the best candidate ($410.2)")
        assert [c.text for c in outcome.best_guess] == ["$410.2", "$455.9"]
        # The least sure period's confidence is the outcome's (what `make eval` orders guesses by).
        assert outcome.confidence is not None and outcome.confidence < unsure.threshold
        given = _ask(embedder, scorer, [unit], ctx, question)
        assert [c.text for c in given.best_guess] == [p.text for p in given.answer.parts]


class TestPassages:
    def test_the_figure_next_to_the_asked_period(self, embedder, scorer):
        unit, doc = _passage(
            "Marketing spend of the new stores was $70.9 million in FY13 and $25.8 million in 4Q13."
        )
        ctx = _context(embedder, {doc.doc_id: doc})
        assert (
            _ask(embedder, scorer, [unit], ctx, "new stores marketing spend 4Q13").answer.text
            == "$25.8 million"
        )
        assert (
            _ask(embedder, scorer, [unit], ctx, "new stores marketing spend FY13").answer.text
            == "$70.9 million"
        )

    def test_a_missing_metric_abstains_with_a_reason(self, embedder, scorer):
        unit, doc = _passage("Revenue was JPY32,275 million in 1H09.")
        ctx = _context(embedder, {doc.doc_id: doc})
        outcome = _ask(embedder, scorer, [unit], ctx, "market capitalization 1H09")
        assert (
            outcome.answer is None
            and outcome.reason == "no figure in the evidence is next to the asked metric"
        )


def test_a_company_the_corpus_never_mentions_is_not_answered(embedder, scorer):
    unit, doc = _passage("Operating income was JPY5,012 million in FY08.")
    ctx = _context(embedder, {doc.doc_id: doc})
    q = analyse_query("What was Globex's operating income in FY08?")
    encoded = embedder.encode([q.text, q.metric_text])
    extractor = AnswerExtractor(ctx, scorer, corpus_mentions=lambda name: name.lower() in doc.text.lower())
    outcome = extractor.extract([RankedUnit(unit, 0, 1.0, 0.6)], q, QueryVectors(encoded[0], encoded[1]))
    assert outcome.answer is None
    assert outcome.reason == "no document in the corpus mentions Globex"


def test_a_company_of_several_words_is_named_whole_and_must_be_mentioned_whole(embedder, scorer):
    """`Motor` alone is a word the corpus holds; `Globex Motor` is a company it never mentions."""
    unit, doc = _passage("Motor sales: operating income was JPY5,012 million in FY08.")
    ctx = _context(embedder, {doc.doc_id: doc})
    q = analyse_query("What was Globex Motor's operating income in FY08?")
    encoded = embedder.encode([q.text, q.metric_text])
    extractor = AnswerExtractor(
        ctx, scorer, corpus_mentions=lambda name: all(w.lower() in doc.text.lower() for w in name.split())
    )
    outcome = extractor.extract([RankedUnit(unit, 0, 1.0, 0.6)], q, QueryVectors(encoded[0], encoded[1]))
    assert outcome.answer is None
    assert outcome.reason == "no document in the corpus mentions Globex Motor"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # no possessive: a name spelled out as a word that no document holds
        ("What was the Globex operating income in FY08?", "no document in the corpus mentions Globex"),
        ("What were Initechs' operating income in FY08?", "no document in the corpus mentions Initechs"),
        ("Globex Robotics operating income FY08", "no document in the corpus mentions Globex Robotics"),
        # an abbreviation the corpus may spell out is left to the scorer
        ("What was the EPS in FY08?", None),
        ("What was the YoY operating income in FY08?", None),
        # a later sentence's opening word and a word of asking are no names
        ("What was the operating income in FY08? Thanks", None),
        ("Could you Tell me the operating income in FY08?", None),
        # held by the corpus within a wider name (one folded term), a word is not missing
        ("What was the Bottom Line in FY08?", None),
    ],
)
def test_a_name_without_possessive_the_corpus_never_mentions_is_not_answered(
    embedder, scorer, question, reason
):
    unit, doc = _passage("Operating income was JPY5,012 million in FY08 (the bottom line: JPY2,000 million).")
    ctx = _context(embedder, {doc.doc_id: doc})
    q = analyse_query(question)
    encoded = embedder.encode([q.text, q.metric_text])
    # the index folds `bottom line` into one term: `Bottom` alone is not among its words
    folded = {"bottom": False, "bottom line": True}
    extractor = AnswerExtractor(
        ctx, scorer, corpus_mentions=lambda name: folded.get(name.lower(), name.lower() in doc.text.lower())
    )
    outcome = extractor.extract([RankedUnit(unit, 0, 1.0, 0.6)], q, QueryVectors(encoded[0], encoded[1]))
    if reason:
        assert outcome.answer is None and outcome.reason == reason
    else:
        assert outcome.reason is None or "mentions" not in outcome.reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("what was globex's operating income in fy08", "no document in the corpus mentions globex"),
        ("what's the company's operating income in FY08", None),  # the corpus mentions a company
    ],
)
def test_a_lower_case_owner_the_corpus_never_mentions_is_not_answered(embedder, scorer, question, reason):
    unit, doc = _passage("The company's operating income was JPY5,012 million in FY08.")
    ctx = _context(embedder, {doc.doc_id: doc})
    q = analyse_query(question)
    encoded = embedder.encode([q.text, q.metric_text])
    extractor = AnswerExtractor(ctx, scorer, corpus_mentions=lambda name: name.lower() in doc.text.lower())
    outcome = extractor.extract([RankedUnit(unit, 0, 1.0, 0.6)], q, QueryVectors(encoded[0], encoded[1]))
    if reason:
        assert outcome.answer is None and outcome.reason == reason
    else:
        assert outcome.reason is None or "mentions" not in outcome.reason


@pytest.mark.parametrize(
    "other",
    # A different figure, and one printed one digit apart (a 5 % tolerance used to hide it).
    ["JPY1,500 million", "JPY1,274 million"],
)
def test_conflicting_sources_are_listed(embedder, scorer, other):
    first, doc_a = _passage("Operating loss from the new subsidiaries: JPY1,272 million (FY08)")
    second, doc_b = _passage(f"Operating loss from the new subsidiaries: {other} (FY08)", "other.txt")
    first.unit_id, second.unit_id = 1, 2
    ctx = _context(embedder, {doc_a.doc_id: doc_a, doc_b.doc_id: doc_b})
    answer = _ask(embedder, scorer, [first, second], ctx, "FY08 operating loss from new subsidiaries").answer
    assert answer is not None and answer.text == "JPY1,272 million"
    assert [a.text for a in answer.alternatives] == [other]
    assert answer.alternatives[0].citation.doc == "other.txt"


def _release(company: str, figure: str, name: str, note: str = ""):
    """A release naming its company in its opening line only, not next to the figure."""
    return _passage(
        f"Freight costs were {figure} in 3Q 2021.", name, title=f"Press release\n\n{company} reports.{note}"
    )


@pytest.mark.parametrize("question", ["ab&c freight costs 3Q 2021 in usd mn", "AB&C freight costs 3Q 2021"])
def test_another_companys_figure_is_not_a_disagreeing_source(embedder, scorer, question):
    answer_unit, doc_a = _release("AB&C Corp.", "$602 million", "deck.txt", " Figures in USD.")
    other_company, doc_b = _release("Globex Inc.", "$330 million", "other.txt")
    same_company, doc_c = _release("AB&C Corp.", "$610 million", "restated.txt")
    units = [answer_unit, other_company, same_company]
    for number, unit in enumerate(units, 1):
        unit.unit_id = number
    documents = {d.doc_id: d for d in (doc_a, doc_b, doc_c)}
    ctx = replace(
        _context(embedder, documents),
        lowered_text=lambda doc_id: documents[doc_id].text.lower(),
        # A word a document holds is in one passage of ten (too few to be its company's name).
        term_share=lambda doc_id, term: 0.1 * (term in tokenize(documents[doc_id].text)),
    )
    # The first-ranked release is the answer (the three passages are alike but for the figure).
    answer = _ask(embedder, scorer, units, ctx, question).answer
    assert answer is not None and answer.text == "$602 million"
    # The same company's other filing disagrees, though it never writes `USD`; Globex's is another fact.
    assert [a.citation.doc for a in answer.alternatives] == ["restated.txt"]
    # Asked without a name, all three figures are sources for one question.
    answer = _ask(embedder, scorer, units, ctx, "freight costs 3Q 2021").answer
    assert answer is not None and sorted(a.citation.doc for a in answer.alternatives) == [
        "other.txt",
        "restated.txt",
    ]


def test_the_unit_of_a_value_is_its_currency_or_percent_never_a_scale():
    from index.answering.candidates import AnswerCandidate

    def candidate(text, unit):
        return AnswerCandidate(text, 1.0, unit, None, "d", 0, 1, 0, False, "label")

    assert value_unit(candidate("JPY1,272 million", None)) == "JPY"
    assert value_unit(candidate("$ 394,328", "million")) == "USD"
    assert value_unit(candidate("184", "JPY million")) == "JPY"
    assert value_unit(candidate("12.5%", "%")) == "%"
    assert value_unit(candidate("1,968", None)) is None
    assert value_unit(candidate("HK$ 394,328", "million")) == "HKD"  # not USD
    assert value_unit(candidate("394,328", "NT$ thousand")) == "TWD"


def test_a_cell_that_writes_its_scale_is_valued_in_it(embedder, scorer):
    unit, doc, table = _row(["1H10", "1H09"], "Gross margin", ["JPY6,842 million", "JPY6,210 million"], None)
    ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
    answer = _ask(embedder, scorer, [unit], ctx, "1H10 gross margin").answer
    assert answer is not None and answer.text == "JPY6,842 million"
    assert answer.value == pytest.approx(6.842e9) and answer.unit == "JPY"


def test_a_column_in_another_currency_is_valued_in_its_own(embedder, scorer):
    # A euro statement with a convenience translation: the dollar column states its own unit.
    header = ["31 December 2024 Thousands of EUR", "31 December 2024 Thousands of U.S. Dollars"]
    unit, doc, table = _row(header, "Trade payables", ["96,410", "100,250"], "EUR thousand")
    ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
    found = _candidates(embedder, scorer, unit, ctx, "trade payables at 31 december 2024")
    dollars, euros = found["100,250"], found["96,410"]
    assert value_unit(dollars) == "USD" and dollars.value == pytest.approx(1.0025e8)
    assert value_unit(euros) == "EUR" and euros.value == pytest.approx(9.641e7)
    assert (dollars.features.currency_translated, euros.features.currency_translated) == (1.0, 0.0)
    # Asked in a currency, the figure comes from that currency's column.
    for question, text, currency in [
        ("trade payables at 31 december 2024 in U.S. dollars", "100,250", "USD"),
        ("trade payables at 31 december 2024 in euros", "96,410", "EUR"),
    ]:
        answer = _ask(embedder, scorer, [unit], ctx, question).answer
        assert answer is not None and (answer.text, answer.unit) == (text, currency)


def test_a_column_stating_only_a_scale_keeps_its_tables_currency(embedder, scorer):
    header = ["FY23 (in millions)", "FY22"]
    unit, doc, table = _row(header, "Royalty income", ["1,204", "980"], "JPY thousand")
    ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
    answer = _ask(embedder, scorer, [unit], ctx, "FY23 royalty income").answer
    assert answer is not None and answer.text == "1,204"
    assert answer.unit == "JPY" and answer.value == pytest.approx(1.204e9)


def test_a_per_share_line_is_not_scaled_by_its_tables_unit(embedder, scorer):
    """`in billions, except per share amounts`: the dividend is JPY 18.75, not 18.75 billion."""
    cells = ["JPY 18.75", "JPY 16.25"]
    question = "cash dividend per share FY12"
    found = _row_candidates(
        embedder, scorer, ["FY12", "FY11"], "Cash dividend per share", cells, "JPY billion", question
    )
    assert found["JPY 18.75"].value == pytest.approx(18.75)
    assert value_unit(found["JPY 18.75"]) == "JPY" and found["JPY 18.75"].printed_in is None


def test_an_answer_says_the_scale_its_table_states_apart_from_the_figure(embedder, scorer):
    unit, doc, table = _row(["FY12", "FY11"], "Cost of Sales", ["41.2", "38.5"])
    ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
    answer = _ask(embedder, scorer, [unit], ctx, "FY11 cost of sales").answer
    assert answer is not None and answer.text == "38.5"
    assert answer.printed_in == "JPY billion"
    assert answer.to_dict()["printed_in"] == "JPY billion"


def test_a_figure_from_a_target_column_is_said_to_be_a_target(embedder, scorer):
    unit, doc, table = _row(["FY13 Target", "FY12 Actual"], "Operating income", ["5.0", "4.1"])
    ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
    outcome = _ask(embedder, scorer, [unit], ctx, "FY13 operating income target")
    found = {c.text: c for c in outcome.candidates}
    assert found["5.0"].stated_as == "target" and found["4.1"].stated_as is None
    # given or not, the reader is told the figure is a target, not a result
    if outcome.answer is not None:
        assert (outcome.answer.text, outcome.answer.stated_as) == ("5.0", "target")
    else:
        assert "(5.0, stated as target)" in outcome.reason


def test_a_target_asked_as_a_result_is_flagged_when_the_result_is_stated_too(embedder, scorer):
    """Asked what a year's figure was, a plan's figure competes with the result of the same
    year; with no result in the evidence, or only a change beside it, it has no such rival."""

    def rivals(header: list[str], cells: list[str], question: str) -> tuple[float, ...]:
        found = _row_candidates(embedder, scorer, header, "Operating income", cells, "JPY billion", question)
        return tuple(found[cell].features.kind_rival for cell in cells)

    asked = "What was operating income in FY12?"
    assert rivals(["FY12 Target", "FY12 Actual"], ["5.0", "4.1"], asked) == (1.0, 0.0)
    assert rivals(["FY12 Target", "FY11 Actual"], ["5.0", "4.1"], asked)[0] == 0.0
    assert rivals(["FY12 Target", "FY12 YoY"], ["5.0", "+8%"], asked)[0] == 0.0
    # Asked for the target, the result is the figure of the wrong kind.
    assert rivals(["FY12 Target", "FY12 Actual"], ["5.0", "4.1"], "FY12 operating income target") == (
        0.0,
        1.0,
    )


def test_a_table_titled_with_another_period_is_flagged_as_another_periods(embedder, scorer):
    """A block of key figures headed `<3Q23>` is for that quarter: asked for the first half,
    its figure is flagged as another period's."""
    unit, doc, table = _row(["Ratio", "YoY"], "Operating Margin", ["7.9 %", "+0.6 points"])
    ctx = _context(embedder, {doc.doc_id: doc}, {1: replace(table, title="<3Q23>")})
    other = _candidates(embedder, scorer, unit, ctx, "operating margin 1H23")["7.9 %"]
    assert other.features.title_other_period == 1.0
    asked = _candidates(embedder, scorer, unit, ctx, "operating margin 3Q23")["7.9 %"]
    assert asked.features.title_other_period == 0.0 and asked.features.period_from_context == 1.0


def test_several_periods_printed_in_one_scale_say_it_once(embedder, scorer):
    unit, doc, table = _row(["FY12", "FY11"], "Cost of Sales", ["41.2", "38.5"])
    ctx = _context(embedder, {doc.doc_id: doc}, {1: table})
    answer = _ask(embedder, scorer, [unit], ctx, "cost of sales in FY11 and FY12").answer
    assert answer is not None and len(answer.parts) == 2
    assert answer.printed_in == "JPY billion"


def _row_candidates(embedder, scorer, header, label, cells, unit_text, question):
    """Every candidate of one invented table row, by its text."""
    unit, doc, table = _row(header, label, cells, unit_text)
    return _candidates(embedder, scorer, unit, _context(embedder, {doc.doc_id: doc}, {1: table}), question)


def _candidates(embedder, scorer, unit, ctx, question):
    """Every candidate of one unit of evidence, by its text."""
    q = analyse_query(question)
    vectors = QueryVectors(*embedder.encode([q.text, q.metric_text]))
    ranked = [RankedUnit(unit, 0, 1.0, 0.5)]
    return {c.text: c for c in AnswerExtractor(ctx, scorer).candidates(ranked, q, vectors)}


def test_a_bare_figure_in_a_percent_column_is_a_percentage_not_money(embedder, scorer):
    found = _row_candidates(
        embedder,
        scorer,
        ["FY12", "YoY (%)"],
        "Cost of Sales",
        ["41.2", "7.0"],
        "JPY million",
        "cost of sales",
    )
    assert found["7.0"].value is None and found["7.0"].unit == "%" and found["7.0"].printed_in is None
    assert found["41.2"].value == pytest.approx(41.2e6) and found["41.2"].printed_in == "JPY million"


def test_a_header_naming_a_share_of_revenues_does_not_make_its_figures_percentages(embedder, scorer):
    header = ["% of Revenues FY08", "% of Revenues FY07"]
    found = _row_candidates(
        embedder, scorer, header, "Total Revenues", ["69.7", "66.8"], "JPY billion", "revenues"
    )
    assert found["69.7"].value == pytest.approx(69.7e9) and found["69.7"].printed_in == "JPY billion"


def test_a_share_count_under_a_per_share_heading_keeps_its_tables_scale(embedder, scorer):
    """`in millions, except per share amounts`: the shares used to compute earnings per share
    are a count in millions; the earnings per share beside them are not scaled."""
    label = "Shares used in computing earnings per share: Diluted"
    shares = _row_candidates(
        embedder, scorer, ["2022", "2021"], label, ["16,326", "16,865"], "million", "shares"
    )
    assert shares["16,326"].value == pytest.approx(16.326e9)
    eps = _row_candidates(
        embedder, scorer, ["2022", "2021"], "Diluted earnings per share", ["6.11", "5.61"], "million", "eps"
    )
    assert eps["6.11"].value == pytest.approx(6.11)


class TestPrecision:
    """A rounded figure and its exact statement are one figure; the exact one is the answer."""

    @staticmethod
    def candidate(text, value, step, probability, from_row=False, unit=None):
        from index.answering.candidates import AnswerCandidate

        c = AnswerCandidate(text, value, unit, None, "d", 0, 1, 0, from_row, "label", step=step)
        c.probability = probability
        return c

    def test_the_digit_step_is_the_last_printed_digit_times_the_scale(self):
        from index.answering.candidates import digit_step

        assert digit_step("2.9", 1e9) == pytest.approx(1e8)
        assert digit_step("JPY2,917", 1e6) == pytest.approx(1e6)
        assert digit_step("24.50%", 1.0) == pytest.approx(0.01)
        assert digit_step("(233)", 1e6) == pytest.approx(1e6)

    def test_a_rounding_restates_the_exact_figure_and_a_neighbour_does_not(self):
        rounded = self.candidate("2.9", 2.9e9, 1e8, 0.6, from_row=True)
        exact = self.candidate("JPY2,917 million", 2.917e9, 1e6, 0.3)
        assert rounded.restates(exact) and exact.restates(rounded)
        assert not rounded.restates(self.candidate("3.1", 3.1e9, 1e8, 0.5))
        loss = self.candidate("(233)", -233e6, 1e6, 0.5)
        assert not loss.restates(self.candidate("(234)", -234e6, 1e6, 0.5))

    def test_the_most_precise_statement_of_the_best_figure_is_answered(self):
        from index.answering.extractor import preferred_figure

        rounded = self.candidate("2.9", 2.9e9, 1e8, 0.6, from_row=True)
        exact = self.candidate("JPY2,917 million", 2.917e9, 1e6, 0.3)
        other = self.candidate("JPY3,317 million", 3.317e9, 1e6, 0.5)
        assert preferred_figure([rounded, other, exact]) is exact
        unlikely = self.candidate("JPY2,917 million", 2.917e9, 1e6, 0.01)
        assert preferred_figure([rounded, unlikely]) is rounded


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        (0.9108, 0.9123, ("91.1%", "91.2%")),
        (0.93199, 0.932, ("93.199%", "93.200%")),
        (0.5, 0.93, ("50.0%", "93.0%")),
    ],
)
def test_an_estimate_below_the_threshold_never_reads_as_equal_to_it(low, high, shown):
    assert percents_apart(low, high) == shown


@pytest.mark.parametrize(
    ("question", "best"),
    [
        ("By what percentage did freight costs decline year over year in 2Q10?", "2.1%"),
        ("How much did freight costs rise quarter on quarter in 2Q10, in percent?", "5.7%"),
    ],
)
def test_a_change_is_read_against_the_asked_base_and_way(embedder, scorer, question, best):
    """Both figures are changes of the asked line: the asked base and direction pick one."""
    unit, doc = _passage("2Q10 freight costs: down 2.1% YoY, up 5.7% QoQ")
    ctx = _context(embedder, {doc.doc_id: doc})
    outcome = _ask(embedder, scorer, [unit], ctx, question)
    guess = outcome.answer.text if outcome.answer else outcome.best_guess[0].text
    assert guess == best


def test_a_change_column_says_its_base_by_its_header_and_its_way_by_its_sign(embedder, scorer):
    found = _row_candidates(
        embedder,
        scorer,
        ["2Q10", "YoY", "QoQ"],
        "Freight costs",
        ["120", "-2.1%", "+5.7%"],
        "JPY million",
        "By what percentage did freight costs decline year over year in 2Q10?",
    )
    conflicts = {
        text: (c.features.change_basis_conflict, c.features.change_direction_conflict)
        for text, c in found.items()
    }
    assert conflicts["-2.1%"] == (0.0, 0.0)
    assert conflicts["+5.7%"] == (1.0, 1.0)


def test_a_unit_written_after_a_figure_stays_with_it(embedder, scorer):
    """`619.8 Gbps` is the figure; a bare `619.8` would leave the reader to guess the unit."""
    found = _row_candidates(
        embedder,
        scorer,
        ["FY12", "FY11"],
        "Backbone bandwidth",
        ["819.5 Gbps", "640 Gbps"],
        None,
        "bandwidth FY12",
    )
    assert "819.5 Gbps" in found and "640 Gbps" in found
    unit, doc = _passage("Data centre power reached 30 MW in FY12.")
    ctx = _context(embedder, {doc.doc_id: doc})
    found = _candidates(embedder, scorer, unit, ctx, "data centre power FY12")
    assert list(found) == ["30 MW"]


def test_an_answer_of_several_periods_says_each_parts_kind_when_they_differ():
    from index.answering.extractor import joined_answer
    from index.citations import Citation
    from index.result import Answer

    cite = Citation("deck.txt", "Deck", None, (3, 3), 0, 4, "68.0")
    actual = Answer("68.0", 68e9, "JPY", "FY2009", 0.95, cite, printed_in="JPY billion")
    target = Answer("84.5", 84.5e9, "JPY", "FY2010", 0.93, cite, printed_in="JPY billion", stated_as="target")
    both = joined_answer([actual, target])
    assert (both.text, both.period, both.stated_as) == ("68.0, 84.5", "FY2009, FY2010 target", None)
    assert both.printed_in == "JPY billion" and both.confidence == 0.93
    targets = joined_answer([target, target])
    assert (targets.period, targets.stated_as) == ("FY2010, FY2010", "target")
