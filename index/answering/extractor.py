"""Answer extraction: candidates from the ranked evidence, scored by the fitted model.

The best candidate is the answer when its calibrated probability of being
right reaches the threshold chosen on held-out folds; otherwise there is no
answer and the reason says why. Other confident candidates that state a
different value for the same metric and period are returned as alternatives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from index.answering.answer_type import kind_index
from index.answering.candidates import (
    AnswerCandidate,
    EvidenceContext,
    QueryVectors,
    RankedUnit,
    passage_candidates,
    relative_features,
    row_candidates,
    value_unit,
)
from index.answering.confidence import disagreeing_runner_up
from index.answering.entities import (
    NamedEntity,
    lower_case_owners,
    name_in_text,
    named_entities,
    with_corporate_names,
)
from index.answering.named_rows import NamedPart, named_rows
from index.answering.row_names import RowNamesModel, row_names
from index.answering.scorer import AnswerScorer
from index.answering.stated_figure import most_precise
from index.answering.which_period import which_period_answer
from index.citations import cite
from index.financial_tokenizer import tokenize
from index.query import QUESTION_WORDS, QueryAnalysis
from index.result import Alternative, Answer
from index.units import RetrievalUnit, short_texts

MAX_ALTERNATIVES = 3
# A figure for the same metric and period is a disagreeing source worth showing when its raw
# score is at least this share of the best one's (a display rule: it never picks the answer).
# Answers showing one over the gold training questions: the earlier scorer at 0.5, 3; de77d4c's
# weighted scorer, which spreads raw scores wider, at 0.5, 0; 0.4, 1; 0.3, 4; 0.2, 7. 0.3 keeps
# about the earlier rate. (2026-12-06, ninth: of the 155 answers given to them by the shipped
# models at 0.3, 2 showed one, both another company's figure; 0 since `_context_words`.)
ALTERNATIVE_SHARE = 0.3


def percents_apart(low: float, high: float) -> tuple[str, str]:
    """Two shares as percentages with the fewest decimals (one at least) that tell them apart:
    an estimate just under the threshold never reads `91%, below the 91% needed`."""
    for decimals in range(1, 5):
        shown = f"{low:.{decimals}%}", f"{high:.{decimals}%}"
        if shown[0] != shown[1]:
            return shown
    return shown


@dataclass
class AnswerOutcome:
    """The answer (or None with the reason), every scored candidate (best first) and the
    ranked units they were read from."""

    answer: Answer | None
    reason: str | None = None
    candidates: list[AnswerCandidate] = field(default_factory=list)
    evidence: list[RankedUnit] = field(default_factory=list)  # the units the candidates were read from
    # The figure the answer would have been for each asked period, in order (the answer's own
    # figures when it is given); a period with no candidate has none, so the list can be shorter.
    best_guess: list[AnswerCandidate] = field(default_factory=list)
    # The best guess's calibrated confidence, given or not (the least of the periods' when
    # several are asked); None when no figure was scored (for several periods: in any of them).
    confidence: float | None = None


@dataclass(frozen=True)
class _Grounded:
    """The companies a question names and where their figures may be stated: every figure of
    `units` (the company's own document, or a section, table title or row naming it), and the
    figures of `passages` whose own paragraph names it (a passage unit may run over several
    paragraphs, only some of them about the company)."""

    companies: tuple[str, ...]
    units: frozenset[int]
    passages: dict[int, tuple[int, int]]  # unit id -> its span in its document

    @property
    def unit_ids(self) -> frozenset[int]:
        """Every unit holding a place where a named company is named."""
        return self.units | self.passages.keys()


# A blank line (spaces, tabs or non-breaking spaces allowed) ends a paragraph.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _names_any(companies: tuple[str, ...] | list[str], text: str) -> bool:
    """Whether the text names any of the companies."""
    lowered = text.lower()
    return any(name_in_text(n, lowered) for n in companies)


class AnswerExtractor:
    """Turns ranked evidence into an answer with a calibrated confidence, or abstains."""

    def __init__(
        self,
        ctx: EvidenceContext,
        scorer: AnswerScorer | None,
        corpus_mentions=lambda name: True,
        row_names_model: RowNamesModel | None = None,
        uncovered_periods: Callable[[QueryAnalysis], str | None] = lambda q: None,
    ) -> None:
        self.ctx = ctx
        self.scorer = scorer
        self.corpus_mentions = corpus_mentions
        self.row_names_model = row_names_model
        # why no document can answer for the asked periods, or None when some may
        self.uncovered_periods = uncovered_periods

    def extract(self, ranked: list[RankedUnit], q: QueryAnalysis, vectors: QueryVectors) -> AnswerOutcome:
        """The answer to `q` from `ranked`, a part per period when several are asked; the
        outcome names `ranked` as the units it read."""
        outcome = self._extract(ranked, q, vectors)
        outcome.evidence = ranked
        return outcome

    def _extract(self, ranked: list[RankedUnit], q: QueryAnalysis, vectors: QueryVectors) -> AnswerOutcome:
        """`extract` without the record of what was read."""
        documents = {r.unit.doc_id for r in ranked}
        # A company the evidence's documents name with a suffix is a company however written.
        names = frozenset().union(*(self.ctx.corporate_names(d) for d in documents))
        entities = with_corporate_names(q.text, names, named_entities(q.text))
        companies = [e.text for e in entities if e.company_like]
        absent = self._missing_names(entities, q)
        if absent:
            return AnswerOutcome(None, f"no document in the corpus mentions {', '.join(absent)}")
        # A filing that names a competitor or a customer in passing is not about it.
        elsewhere = [
            n for n in companies if documents and not any(self.ctx.is_about(d, n) for d in documents)
        ]
        if elsewhere:
            return AnswerOutcome(None, f"no document in the evidence is about {', '.join(elsewhere)}")
        uncovered = self.uncovered_periods(q)
        if uncovered:
            return AnswerOutcome(None, uncovered)
        grounded = self._naming(ranked, companies)
        if companies and not grounded.unit_ids:
            return AnswerOutcome(None, f"no passage or row of the evidence names {', '.join(companies)}")
        if q.which_period:
            answer = which_period_answer(ranked, q, self.ctx)
            return AnswerOutcome(answer, None if answer else "no row compares the asked periods")
        if self.row_names_model is not None and self.row_names_model.asks_names(q.text, vectors.question):
            names = self._names(ranked, q)
            if names is not None:
                return names
        named = named_rows(ranked, q, self.ctx)
        if named:
            return self._named_rows(named)
        if len(q.periods) < 2:
            return self._single(ranked, q, vectors, entities, grounded)
        if q.compares_periods:  # the change into the later period: the earlier one is its base
            later = max(range(len(q.periods)), key=lambda i: q.periods[i].end)
            return self._single(ranked, q.only_period(later), vectors, entities, grounded)
        outcomes = [
            self._single(ranked, q.only_period(i), vectors, entities, grounded) for i in range(len(q.periods))
        ]
        candidates = [c for part in outcomes for c in part.candidates]
        guesses = [g for part in outcomes for g in part.best_guess]
        confidences = [part.confidence for part in outcomes]
        least = None if None in confidences else min(c for c in confidences if c is not None)
        for period, part in zip(q.periods, outcomes, strict=True):
            if part.answer is None:
                reason = f"{period.label}: {part.reason}"
                return AnswerOutcome(None, reason, candidates, best_guess=guesses, confidence=least)
        answer = joined_answer([part.answer for part in outcomes if part.answer is not None])
        return AnswerOutcome(answer, None, candidates, best_guess=guesses, confidence=least)

    def _naming(self, ranked: list[RankedUnit], companies: list[str]) -> _Grounded:
        """Where a named company's figures may be stated: a unit of the company's own document
        (`EvidenceContext.is_issuer`), a row or unit whose section or table title names it (not
        the document's title, which every unit shares), or a passage paragraph naming it. A
        shareholder or subsidiary named in another company's filing has its figures where it
        is named, not in the issuer's statements. A question naming several companies keeps the
        places of any of them. A name on a line the parser did not read as a heading (`About
        Contoso` above a blank line) is in another paragraph than the figures under it, so those
        are not read as the company's."""
        units: set[int] = set()
        passages: dict[int, tuple[int, int]] = {}
        for r in ranked:
            if not companies or any(self.ctx.is_issuer(r.unit.doc_id, n) for n in companies):
                units.add(r.unit.unit_id)
                continue
            table = self.ctx.table(r.unit.table_id) if r.unit.table_id is not None else None
            heads = f"{r.unit.section}\n{table.title if table else ''}"
            if r.unit.kind == "row":
                heads += f"\n{r.unit.label}\n{r.unit.text}"
            if _names_any(companies, heads):
                units.add(r.unit.unit_id)
            elif _names_any(companies, r.unit.text):
                passages[r.unit.unit_id] = (r.unit.start, r.unit.end)
        return _Grounded(tuple(companies), frozenset(units), passages)

    def _is_grounded(self, c: AnswerCandidate, grounded: _Grounded) -> bool:
        """Whether candidate `c` is stated where a named company is named (`_naming`)."""
        if not grounded.companies or c.unit_id in grounded.units:
            return True
        if c.unit_id not in grounded.passages:
            return False
        unit_start, unit_end = grounded.passages[c.unit_id]
        text = self.ctx.document(c.doc_id).text
        before = [m.end() for m in _BLANK_LINE.finditer(text, unit_start, c.start)]
        after = _BLANK_LINE.search(text, c.end, unit_end)
        return _names_any(
            grounded.companies,
            text[before[-1] if before else unit_start : after.start() if after else unit_end],
        )

    def _missing_names(self, entities: list[NamedEntity], q: QueryAnalysis) -> list[str]:
        """The names of the question that no indexed document holds, each said once and whole.

        A company is looked up as the question names it, with the capitalised words before it
        (`Toyota Motor`, not `Motor`). A name with no possessive (`the Fujitsu order backlog`)
        counts when spelled out as a word: abbreviations (`EPS`, `H1`) are left to the scorer,
        since the corpus may spell them out (reading every capitalised name lost right best
        guesses on them), and so are words of asking (`Could you Tell me`). A word the corpus
        holds only within a wider name of the question (`Bottom` of `Bottom Line`, one folded
        term) is not missing."""
        phrases = [e.phrase for e in entities if e.company_like]
        names = [
            e.phrase
            for e in entities
            if not e.company_like and e.spelled_out and set(tokenize(e.text)) - QUESTION_WORDS
        ]
        owners = [*phrases, *lower_case_owners(q.text), *names]
        mentioned = {name: self.corpus_mentions(name) for name in owners}
        present = {word for name, yes in mentioned.items() if yes for word in name.split()}
        return _widest([n for n, yes in mentioned.items() if not yes and not set(n.split()) <= present])

    def _names(self, ranked: list[RankedUnit], q: QueryAnalysis) -> AnswerOutcome | None:
        """A question after the names of table rows: the names its table lists, as a best
        guess with their rows' citations (names are not scored for confidence, so never given);
        None when no table among the top units lists them (the figures are read instead)."""
        found = row_names(ranked, q, self.ctx)
        if found is None:
            return None
        guesses = [
            _table_guess(name, row, row.start, row.end)
            for name, row in zip(found.names, found.rows, strict=True)
        ]
        names = ", ".join(found.names)
        reason = f"the question asks for names of table rows: {names} (listed from the table, not scored)"
        return AnswerOutcome(None, reason, best_guess=guesses)

    def _named_rows(self, named: list[NamedPart]) -> AnswerOutcome:
        """A question after the figures of several rows it names: each row's figure as a best
        guess with its citation (read from the table, not scored, so never given)."""
        guesses = [_table_guess(p.cell.text, p.row, p.cell.start, p.cell.end, p.cell.column) for p in named]
        figures = "; ".join(f"{p.label} {p.cell.text}" for p in named)
        reason = f"the question asks for several figures: {figures} (read from the table, not scored)"
        return AnswerOutcome(None, reason, best_guess=guesses)

    def candidates(
        self,
        ranked: list[RankedUnit],
        q: QueryAnalysis,
        vectors: QueryVectors,
        entities: list[NamedEntity] | None = None,
    ) -> list[AnswerCandidate]:
        """Every candidate figure of the evidence with all its features (not yet scored)."""
        entities = named_entities(q.text) if entities is None else entities
        # Row labels, columns and passage lines: one store look-up per question.
        short = self.ctx.short_vectors(short_texts([r.unit for r in ranked]))
        found: list[AnswerCandidate] = []
        for r in ranked:
            if r.unit.kind == "row":
                cands = row_candidates(r, q, vectors, self.ctx, short)
            elif r.unit.kind == "text":
                # Table chunks are read through their rows, which know their columns.
                cands = passage_candidates(r, q, self.ctx, vectors, short)
            else:
                continue
            hint_mismatch = bool(q.doc_hints) and not self.ctx.document_fits_hint(r.unit.doc_id, q.doc_hints)
            missing = self._missing_share(r.unit.doc_id, entities)
            for c in cands:
                c.features.doc_hint_mismatch = float(hint_mismatch)
                c.features.entity_missing = missing
            found.extend(cands)
        relative_features(found)
        if self.scorer is not None:
            kinds = self.scorer.kinds.probabilities(vectors.question)
            for c in found:
                c.features.kind_fit = float(kinds[kind_index(c.kind)])
        return found

    def _missing_share(self, doc_id: str, entities: list[NamedEntity]) -> float:
        """Share of the question's names that the document never mentions (as a word)."""
        if not entities:
            return 0.0
        text = self.ctx.lowered_text(doc_id)
        return sum(1 for e in entities if not name_in_text(e.text, text)) / len(entities)

    def _single(
        self,
        ranked: list[RankedUnit],
        q: QueryAnalysis,
        vectors: QueryVectors,
        entities: list[NamedEntity],
        grounded: _Grounded,
    ) -> AnswerOutcome:
        """The best figure for a question about at most one period."""
        if not q.metric_terms:
            return AnswerOutcome(None, "the question names no metric")
        candidates = self.candidates(ranked, q, vectors, entities)
        if not candidates:
            return AnswerOutcome(None, "no figure in the evidence is next to the asked metric")
        if self.scorer is None:
            return AnswerOutcome(None, "no answer scorer is loaded", candidates)
        features = np.vstack([c.features.vector() for c in candidates])
        raw = self.scorer.raw(features)
        order = np.argsort(-raw, kind="stable")
        candidates = [candidates[i] for i in order]
        features, raw = features[order], raw[order]
        for c, r in zip(candidates, raw, strict=True):
            c.probability = float(r)
        best, at = preferred_figure(candidates), 0
        if not self._is_grounded(best, grounded):
            # Another company's figure scored best. The best figure stated where the named company
            # is named is weighed against the best figure stating another value (that one, unless
            # it states the same), so no rival is dropped to lift it.
            at = next((i for i, c in enumerate(candidates) if self._is_grounded(c, grounded)), None)
            if at is None:
                names = ", ".join(grounded.companies)
                return AnswerOutcome(None, f"no figure in the evidence is stated for {names}", candidates)
            best = candidates[at]
        runner_up = disagreeing_runner_up([c.figure for c in candidates], best.figure)
        confidence = self.scorer.calibrated(raw, features, at, runner_up)
        if confidence < self.scorer.threshold:
            named = f"{best.text}, stated as {best.stated_as}" if best.stated_as else best.text
            reason = "the best candidate ({}) is right with an estimated {}, below the {} needed".format(
                named, *percents_apart(confidence, self.scorer.threshold)
            )
            return AnswerOutcome(None, reason, candidates, best_guess=[best], confidence=confidence)
        document = self.ctx.document(best.doc_id)
        answer = Answer(
            text=best.text,
            value=best.value,
            unit=value_unit(best),
            printed_in=best.printed_in,
            stated_as=best.stated_as,
            period=best.period_label,
            confidence=confidence,
            citation=cite(document, best.start, best.end),
            alternatives=self._conflicts(
                best, candidates, raw, features, self._context_words(best, ranked, q)
            ),
        )
        return AnswerOutcome(answer, None, candidates, best_guess=[best], confidence=confidence)

    def _context_words(self, best: AnswerCandidate, ranked: list[RankedUnit], q: QueryAnalysis) -> list[str]:
        """The question's metric words that the answer's document holds away from the answer's
        own passage or row: its company's name (`acme` of `acme freight costs`), read in the
        document's other passages."""
        beside = next((set(tokenize(r.unit.text)) for r in ranked if r.unit.unit_id == best.unit_id), set())
        return [t for t in q.metric_terms if t not in beside and self.ctx.term_share(best.doc_id, t) > 0]

    def _conflicts(
        self,
        best: AnswerCandidate,
        candidates: list[AnswerCandidate],
        raw: np.ndarray,
        features: np.ndarray,
        context: list[str],
    ) -> list[Alternative]:
        """Confident candidates stating another value for the same metric and period, from
        documents that also hold the answer's `context` words (another company's filing does not)."""
        assert self.scorer is not None  # only a scored answer has conflicts
        out: list[Alternative] = []
        seen = {(best.doc_id, best.start)}
        top = candidates[0].probability
        for i, c in enumerate(candidates):
            if c.probability < ALTERNATIVE_SHARE * top or (c.doc_id, c.start) in seen:
                continue
            if c.period_label != best.period_label or not (
                c.features.period_exact and best.features.period_exact
            ):
                continue  # only figures stated for the same period can conflict
            if c.from_row and best.from_row and c.label != best.label:
                continue  # `Total current assets` is not a restatement of `Total assets`
            if c.unit_id == best.unit_id or c.value is None or best.value is None:
                continue
            if c.doc_id != best.doc_id and any(self.ctx.term_share(c.doc_id, t) == 0 for t in context):
                continue  # another company's figure
            if c.restates(best):
                continue
            seen.add((c.doc_id, c.start))
            citation = cite(self.ctx.document(c.doc_id), c.start, c.end)
            # Its own chance of being the answer, with the top figure as its runner-up (the top
            # one is never an alternative: it is the answer or restated by it).
            confidence = self.scorer.calibrated(raw, features, i, 0)
            out.append(Alternative(c.text, c.value, confidence, citation, c.printed_in))
        return out[:MAX_ALTERNATIVES]


def _widest(names: list[str]) -> list[str]:
    """The names that are no part of another (`Globex`, the start of `Globex Robotics`, is said
    once, within it)."""
    words = [set(n.split()) for n in names]
    return [n for n, w in zip(names, words, strict=True) if not any(w < other for other in words)]


def joined_answer(parts: list[Answer]) -> Answer:
    """One answer for several asked periods, a part each: a scale or a kind all parts share is
    said once, else by each part (`FY2009, FY2010 target`)."""
    kinds = {p.stated_as for p in parts}
    periods = (p.period or "" for p in parts) if len(kinds) == 1 else (p.when for p in parts)
    return Answer(
        text=", ".join(p.text for p in parts),
        value=None,
        unit=parts[0].unit,
        printed_in=parts[0].printed_in if len({p.printed_in for p in parts}) == 1 else None,
        stated_as=parts[0].stated_as if len(kinds) == 1 else None,
        period=", ".join(periods),
        confidence=min(p.confidence for p in parts),
        citation=parts[0].citation,
        parts=parts,
    )


def preferred_figure(candidates: list[AnswerCandidate]) -> AnswerCandidate:
    """The most precise statement of the best figure (`candidates` best first; see
    `stated_figure.most_precise`)."""
    scores = [c.probability for c in candidates]
    return candidates[most_precise([c.figure for c in candidates], scores, [c.from_row for c in candidates])]


def _table_guess(text: str, row: RetrievalUnit, start: int, end: int, column: str = "") -> AnswerCandidate:
    """A best guess read from a table (a row's name or a cell's figure), cited at `start:end`
    of its document; unscored, so it carries no value or period."""
    return AnswerCandidate(
        text=text,
        value=None,
        unit=None,
        period=None,
        doc_id=row.doc_id,
        start=start,
        end=end,
        unit_id=row.unit_id,
        from_row=True,
        label=row.label,
        column=column,
    )
