"""Names in questions: which words may name a company the corpus must know."""

from __future__ import annotations

import pytest
from conftest import searcher_over

from index.answering.cover_names import corporate_names
from index.answering.entities import lower_case_owners, name_in_text, named_entities, with_corporate_names


@pytest.mark.parametrize(
    ("question", "names", "company_like"),
    [
        ("What was Globex's revenue in FY2010?", ["Globex"], [True]),
        ("Initech operating income 2Q09", [], []),  # an opening word is capitalised by grammar
        ("revenue of the Umbrella segment in March 2012", ["Umbrella"], [False]),
        ("How many stores did NovaMart open?", ["NovaMart"], [True]),
        ("What was the YoY change in revenue?", ["YoY"], [False]),
        ("How many RSUs vested in 2019?", ["RSUs"], [False]),  # a counted thing, not a company
        ("What was revenue in FY08?", [], []),
        ("Total revenue for December 2022", [], []),
        ("SG&A 1H09", [], []),  # an opening line item written with an ampersand
        # a name ending in s owns with `s'`, read bare; only `'s` marks an owner for sure
        ("What were Initechs' net sales?", ["Initechs"], [False]),
        # a name running on from the opening word is a name, not grammar's capital
        ("Initech Robotics revenue 2Q09", ["Initech", "Robotics"], [True, False]),
        ("Initech FY2009 revenue", [], []),  # a period says when, not who
        ("Show Me Revenue", ["Me", "Revenue"], [False, False]),  # words of asking
        ("Company Revenue FY08", ["Revenue"], [False]),
        ("What were the companies' revenues?", [], []),
        # capitals that join words as a name does, and compounds and abbreviations that do not
        ("What did the LexCorp board approve?", ["LexCorp"], [True]),
        ("How did ContosoDB revenue change?", ["ContosoDB"], [True]),
        ("revenue of Umbrella-Pacific in 2022", ["Umbrella-Pacific"], [True]),
        ("What was Initech's Non-GAAP operating margin?", ["Initech", "Non-GAAP"], [True, False]),
        ("What was the Globex-related capex in 2022?", ["Globex-related"], [False]),
        ("What share of Globex sales came from DaaS?", ["Globex", "DaaS"], [False, False]),
    ],
)
def test_names_in_questions(question, names, company_like):
    found = named_entities(question)
    assert [e.text for e in found] == names
    assert [e.company_like for e in found] == company_like


def test_a_name_is_found_as_a_word_only():
    assert name_in_text("Acme", "results of acme corp.")
    assert not name_in_text("Acme", "results of acmeville")


def test_a_name_typed_without_its_apostrophe_is_found_as_its_company_writes_it():
    assert name_in_text("Fabrikams", "fabrikam’s corporation annual report")
    assert name_in_text("fabrikams", "fabrikam's stores")
    assert not name_in_text("fabrikams", "the fabrikam group")


@pytest.mark.model
def test_a_company_typed_without_its_apostrophe_is_the_one_its_cover_names(tmp_path, embedder):
    text = (
        "FABRIKAM’S CORPORATION\n\nAnnual Report 2022\n\n"
        "Fabrikam’s revenue was $812 million in 2022, up 9% from 2021.\n\n"
        "Fabrikam’s operating income was $95 million in 2022.\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"fabrikam.txt": text})
    result, outcome = searcher.search_with_candidates("fabrikams revenue 2022", k=5)
    assert "is about" not in (result.no_answer_reason or "")
    assert outcome.best_guess and outcome.best_guess[0].text == "$812 million"


@pytest.mark.model
def test_a_company_only_mentioned_in_passing_gets_no_answer(tmp_path, embedder):
    text = (
        "Northwind Traders Annual Report 2022\n\n"
        "Northwind Traders revenue was $812 million in 2022, up 9% from 2021.\n\n"
        "Competition\n\nWe compete with Contoso and other distributors in every region.\n\n"
        "Northwind Traders operating income was $95 million in 2022.\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"northwind.txt": text})
    result = searcher.search("What was Contoso's revenue in 2022?")
    assert result.answer is None and "no document in the evidence is about Contoso" in result.no_answer_reason
    # The company the report is about is not refused by the same rule.
    reason = searcher.search("What was Northwind's revenue in 2022?").no_answer_reason or ""
    assert "is about" not in reason
    # Nor is a common noun written with a capital: the document says `the company` too.
    dividend = "\nThe company paid a dividend of $1.10 per share.\n"
    searcher = searcher_over(tmp_path, embedder, {"northwind.txt": text + dividend})
    reason = searcher.search("What was the Company's dividend per share?").no_answer_reason or ""
    assert "is about" not in reason


@pytest.mark.model
def test_a_shareholder_named_often_gets_no_figure_of_the_issuer(tmp_path, embedder):
    text = (
        "Northwind Traders\n\nFabrikam Investor Forum, May 2022\n\n"
        "Results\n\n"
        "Northwind revenue was $812 million in 2022, up 9% from 2021.\n\n"
        "Northwind operating income was $95 million in 2022.\n\n"
        "Northwind opened 14 stores in 2022; Northwind employs 2,300 people.\n\n"
        "Northwind paid a dividend of $1.10 per share. Northwind bought back 2 million shares.\n\n"
        "Northwind Outlook\n\nNorthwind expects to open 20 stores; Northwind will hire 400 people;"
        " Northwind plans a new warehouse.\n\n"
        "Shareholders\n\n"
        "Our major shareholders are Fabrikam Holdings and Contoso Bank. Fabrikam appointed two of"
        " our directors. Fabrikam renewed its supply agreement with us in 2022.\n\n"
        "Subsidiaries\n\n"
        "Tailspin, the subsidiary acquired in 2021, grew quickly. Tailspin revenue was $40 million"
        " in 2022. Tailspin opened its second plant.\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"northwind.txt": text})
    # Named in the title's subtitle (the forum the deck was shown at) and twice more, so the
    # deck is about it in part, but none of its figures is there: Northwind's revenue is not
    # Fabrikam's.
    result, outcome = searcher.search_with_candidates("What was Fabrikam's revenue in 2022?")
    assert result.answer is None
    assert [g.text for g in outcome.best_guess if g.text == "$812 million"] == []
    # A subsidiary's figure is read where the subsidiary is named.
    _, outcome = searcher.search_with_candidates("What was Tailspin's revenue in 2022?")
    assert outcome.best_guess[0].text == "$40 million"
    # The issuer, named through the text and in the title, is not held to the same rule.
    reason = searcher.search("What was Northwind's revenue in 2022?").no_answer_reason or ""
    assert "names" not in reason
    # Two companies named: the units of either are read, not refused for naming only one.
    reason = searcher.search("What were Northwind's and Tailspin's revenues in 2022?").no_answer_reason or ""
    assert "names" not in reason and "not stated for" not in reason


@pytest.mark.model
@pytest.mark.parametrize("blank", ["\n\n", "\n \t\n", "\n\u00a0\n"])  # a blank line may hold spaces
def test_a_company_named_in_one_paragraph_of_a_passage_owns_no_figure_of_the_next(tmp_path, embedder, blank):
    """A passage may run over several paragraphs: the lender named in one is not the company
    whose revenue the next one states."""
    text = (
        "Northwind Traders Annual Review\n\nHighlights\n\n"
        "Contoso, our lender since 2015, renewed our credit facility; Contoso also arranged our notes.\n\n"
        "Northwind revenue was $812 million in 2022, up 9% from 2021.\n\n"
        "Contoso holds no Northwind shares.\n\n"
        "Stores\n\nNorthwind opened 14 stores in 2022. Northwind stores employ 2,300 people; Northwind"
        " plans 20 more. Northwind stores open daily; every Northwind store sells online too.\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"northwind.txt": text.replace("\n\n", blank)})
    result, outcome = searcher.search_with_candidates("What was Contoso's revenue in 2022?")
    assert result.answer is None
    assert "$812 million" not in [g.text for g in outcome.best_guess]
    assert "Contoso" in (result.no_answer_reason or "")


@pytest.mark.model
def test_a_release_titled_by_its_quarter_is_the_company_its_cover_names(tmp_path, embedder):
    """`Q4 2022 Earnings Release` names no company: the one its cover names among the names it
    repeats most is the issuer, so its table's figures are its own though no row names it."""
    text = (
        "Q4 2022 Earnings Release\n\n"
        "Fabrikam reports Q4 results. Q4 demand set a record; Q4 shipments rose; Q4 margins held; Q4"
        " backlog grew.\n\nFabrikam thanks its customers. Fabrikam reports again in April.\n\n"
        "Earnings Per Share rose. The Earnings Call is at 5 pm; Earnings Guidance follows.\n\n"
        "Financial Summary\n\n| | Q4 2022 | Q4 2021 |\n|---|---|---|\n"
        "| Revenue | $5.1 billion | $4.6 billion |\n| Operating income | $0.9 billion | $0.7 billion |\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"release.txt": text})
    result, outcome = searcher.search_with_candidates("What was Fabrikam's revenue in Q4 2022?")
    assert "names" not in (result.no_answer_reason or "")
    assert (result.answer or outcome.best_guess[0]).text == "$5.1 billion"


@pytest.mark.parametrize(
    ("question", "owners"),
    [
        ("what was globex's net income in fy2010", ["globex"]),
        ("initech’s revenue 2q09 and the segment's margin", ["initech", "segment"]),
        ("what's the revenue in 2019", []),  # `what is`, not an owner
        ("it's revenue, not Globex's", []),  # capitalised names are `named_entities`' to find
        ("revenue of globex in 2019", []),
    ],
)
def test_lower_case_owners_are_the_possessives_a_hurried_reader_types(question, owners):
    assert lower_case_owners(question) == owners


@pytest.mark.parametrize(
    ("question", "name", "phrase"),
    [
        ("What was Globex Motor's net income?", "Motor", "Globex Motor"),
        ("Globex Motor's net income?", "Motor", "Globex Motor"),  # a name runs on from the first word
        ("Show Globex's net income?", "Globex", "Globex"),  # else it is capitalised by grammar
        ("What was FY08 Globex's net income?", "Globex", "Globex"),  # a period is no part of a name
        ("What was IIJ and Globex's revenue?", "Globex", "Globex"),
        # title case: a word the search ignores and an owner end a name
        ("What Was Globex Motor's Net Income In FY08?", "Motor", "Globex Motor"),
        ("What Was Initechs' Net Income In FY08?", "Income", "Net Income"),
        ("Give Me Globex's Revenue", "Globex", "Globex"),  # a word of asking is no part of a name
    ],
)
def test_a_name_is_read_with_the_capitalised_words_before_it(question, name, phrase):
    assert {e.text: e.phrase for e in named_entities(question)}[name] == phrase


@pytest.mark.parametrize(
    ("question", "spelled_out"),
    [
        ("What was the Globex order backlog?", {"Globex": True}),
        ("What was H1 EPS at Globex?", {"H1": False, "EPS": False, "Globex": True}),
    ],
)
def test_a_name_spelled_out_is_told_from_an_abbreviation(question, spelled_out):
    assert {e.text: e.spelled_out for e in named_entities(question)} == spelled_out


@pytest.mark.model
def test_a_filing_whose_title_and_most_repeated_word_are_not_its_company_still_answers_for_it(
    tmp_path, embedder
):
    notes = "".join(f"Note {i}. These Notes describe item {i}; the Notes are brief.\n\n" for i in range(5))
    text = (
        "FORM 10-Q\n\nAcme Corporation\n\n"
        "Acme Corporation files this report. Acme has one class of stock.\n\n"
        f"{notes}"
        "Results\n\nTotal net sales were $812 million in 2022. Acme sells widgets; Acme employs 900.\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"acme_10q.txt": text})
    _, outcome = searcher.search_with_candidates("What were Acme's net sales in 2022?")
    # `Notes` outnumbers `Acme`, and the title's head names no company: Acme is still the issuer,
    # so its unlabelled line is its figure
    assert "stated for" not in (outcome.reason or "") and "names" not in (outcome.reason or "")
    figures = [outcome.answer.text] if outcome.answer else [g.text for g in outcome.best_guess]
    assert figures == ["$812 million"]


@pytest.mark.parametrize(
    ("cover", "names"),
    [
        ("FABRIKAM, INC.\n(Exact name of registrant)\nFabrikam Inc., a Delaware corporation", {"fabrikam"}),
        ("The Tailspin Corporation signed with Contoso Corp. in 2023.", {"tailspin", "contoso"}),
        ("Northwind Traders Corporation holds 12%.", set()),  # the last word of a longer name
        ("Bank of Woodgrove Corporation", set()),
        ("Wide World\nImporters, Inc.", set()),  # a name broken over two lines
        ("DOCUMENTS INCORPORATED BY REFERENCE; a Delaware Corporation", set()),
        ("Our Corporation and Each Corporation", set()),
        ("NORTHWIND'S CORPORATION", {"northwind", "northwinds"}),  # as a hurried reader types it too
    ],
)
def test_one_word_company_names_are_read_from_a_cover_with_their_suffix(cover, names):
    assert corporate_names(f"{cover}\n\n" + "The board met twice. " * 40) == names


def test_a_cover_name_the_document_writes_as_a_common_word_is_none():
    text = "Square Inc.\n\n" + "The store measures 900 square feet; each square metre costs more. " * 20
    assert corporate_names(text) == set()


@pytest.mark.parametrize(
    ("question", "companies"),
    [
        ("fabrikam research spending 2023", ["fabrikam"]),
        ("Fabrikam research spending 2023", ["Fabrikam"]),  # opening word, capitalised by grammar too
        ("What was Fabrikam research spending in 2023?", ["Fabrikam"]),  # named mid-question
        ("what did contoso's plant cost", ["contoso"]),
        ("contosos research spending", ["contosos"]),
        ("fabrikams research spending", []),  # a plural of the name is not it
        ("research spending 2023", []),
        ("Target revenue 2023", []),  # a word of asking, whatever a cover names
        ("What was the Target for revenue in 2023?", []),
    ],
)
def test_a_company_the_evidence_names_is_one_in_any_case(question, companies):
    found = with_corporate_names(
        question, frozenset({"fabrikam", "contoso", "contosos", "target"}), named_entities(question)
    )
    assert [e.text for e in found if e.company_like] == companies


@pytest.mark.model
def test_a_company_asked_in_lower_case_gets_no_figure_of_another_company(tmp_path, embedder):
    """Two issuers' releases; a hurried reader types one company's name in lower case. The
    other's figure, stated in the question's own words, is neither answered nor offered."""
    fabrikam = (
        "Fabrikam Inc. Annual Results\n\nFabrikam Inc. reports its results for fiscal 2023.\n\n"
        "Research\n\nResearch and development expense was $4,120 million in fiscal 2023.\n"
    )
    contoso = (
        "Contoso Corporation Annual Report\n\nContoso Corporation reports its results for fiscal 2023.\n\n"
        "Laboratories\n\nSpending in our laboratories came to $2,730 million in fiscal 2023.\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"fabrikam.txt": fabrikam, "contoso.txt": contoso})
    for question in [
        "contoso research and development expense fiscal 2023",
        "What was Contoso research and development expense in 2023?",
    ]:
        result, outcome = searcher.search_with_candidates(question)
        offered = [result.answer.text] if result.answer else [g.text for g in outcome.best_guess]
        assert "$4,120 million" not in offered, question
