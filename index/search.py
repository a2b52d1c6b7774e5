"""The retrieval layer: `Searcher.search(query, k, docs) -> Result`.

Dense (FAISS) and lexical (BM25) candidates over chunks and rows are fused; each
candidate gets named rerank features (term and label coverage, period fit, its
closest line's similarity, ...) and the fitted reranker (`index/rerank.py`) orders them.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.answering.candidates import (
    EvidenceContext,
    QueryVectors,
    RankedUnit,
    column_period,
)
from index.answering.cover_names import corporate_names, cover, cover_name_counts
from index.answering.entities import (
    MIN_NAME_LETTERS,
    is_common_word,
    name_count,
    name_in_text,
    named_entities,
)
from index.answering.extractor import AnswerExtractor, AnswerOutcome
from index.answering.metric_words import MetricWords
from index.answering.row_names import RowNamesModel
from index.answering.scorer import AnswerScorer
from index.answering.stated_kind import names_targets
from index.backends import backend_files, open_backend
from index.backends.base import BackendConfig, BackendRecord, RetrievalBackend, bm25_idf
from index.citations import cite
from index.embedder import Embedder, load_embedder
from index.financial_tokenizer import tokenize
from index.fusion import FUSIONS
from index.generations import live_folder, recover
from index.paraphrase_map import ParaphraseMap, strongest_in
from index.paths import MANIFEST_FILE, STORE_FILE
from index.period_coverage import PeriodCoverage, year_words
from index.query import (
    QueryAnalysis,
    analyse_query,
    asked_share,
    hint_fits,
    period_fits,
    period_spellings,
)
from index.rerank import Reranker, RerankFeatures
from index.result import CellHit, Passage, Result, RowHit
from index.stage_clock import StageClock
from index.store import DOCUMENTS_KEPT, TITLE_JOIN, DocumentInfo
from index.units import RetrievalUnit, unit_lines
from index.writer_lock import IndexBusyError, writer_lock
from ingest.models import Cell, Document
from ingest.periods import FiscalCalendar, Period

# A name a document repeats this often is one of its subjects (a segment, a subsidiary);
# a competitor listed once or twice in a risk factor is not.
ABOUT_MENTIONS = 3
# A document's issuer is named at the head of its title (`Apple Inc. FORM 10-K`; not in a
# subtitle, `… — 2009 Nomura Asia Equity Forum`), or through its text at least this share as
# often as the name its title and cover repeat most: a deck titled `Internet Initiative Japan
# Inc.` says `IIJ` on every page, a release titled `Q4 22_EarningsRelease` says `Intel`, while a
# shareholder or partner on the cover, a subsidiary or a segment is named a few times. A figure
# for such a company must come from a passage or row that names it (`AnswerExtractor._naming`).
# On the shipped corpus and PDFs the issuers' shares are 0.6 and above, shareholders' and
# subsidiaries' under 0.25: a half leaves margin on both sides.
ISSUER_SHARE = 0.5
# ... or, when the head of its title names no company (`Q4 22_EarningsRelease`), it is among this
# many most repeated names of its title and cover: a capitalised word that is no name (`Notes` 456
# times in a 10-K, `GAAP` in a release) may outnumber the issuer (`Apple` 183), but not two such
# words and a shareholder together (`NTT` ranks far below). With fewer such names than this, the
# share rule alone decides (a date's `February` is no issuer).
ISSUER_RANK = 3
# Document names an unknown-document error lists: enough to see how names are written.
LISTED_DOCUMENTS = 10
# (document, company name) answers kept, for "is it about it" and "does it name it": a reader
# asks about a few names over a few documents.
ABOUT_KEPT = 4096
# (document, term) passage shares kept: the metric words of recent questions over their
# candidate documents (each a point read of the build-time counts).
TERM_SHARES_KEPT = 16_384
# (document, asked periods) shares kept: the recent questions' periods over their candidate
# documents (each worked out from the document's build-time period counts).
PERIOD_SHARES_KEPT = 4096
# Tables whose rows are kept: each candidate row reads its table's headings, a question's
# candidate rows come from a few tables, and a reader's recent questions from a few hundred.
TABLES_KEPT = 512
# The longest question searched. MiniLM reads 256 word pieces (about 1,000 characters of
# English) and would drop the rest without a word; a question is cut here instead, and the
# result says so.
MAX_QUESTION_CHARS = 1000


class IndexMissingError(Exception):
    """No index at the given folder; build one with `docqa build`."""


@dataclass(frozen=True)
class SearchSettings:
    """Candidate pool sizes and fusion method (the rerank weights are fitted: `index/rerank.py`)."""

    pool: int = 60
    fusion: str = "weighted"
    rows_per_table: int = 2
    # The best reranked units whose figures are read: answer candidates come from them, and
    # they are ordered again by their best candidate (`AnswerScorer.evidence_order`). Reading
    # 30 instead found gold evidence for a few more questions but let more wrong figures
    # through the confidence gate (statement lines: wrong 0.033 at 12, 0.066 at 30; 2026-12-05).
    answer_pool: int = 12

    def __post_init__(self) -> None:
        if self.fusion not in FUSIONS:
            raise ValueError(f"fusion must be one of {sorted(FUSIONS)}, got {self.fusion!r}")
        if self.pool <= 0:
            raise ValueError("pool must be > 0")


@dataclass
class _Candidate:
    unit: RetrievalUnit
    fused: float
    score: float = 0.0
    matched: Cell | None = None
    features: RerankFeatures = field(default_factory=RerankFeatures)


@dataclass(frozen=True)
class _PoolContext:
    """What every unit of one question's pool is scored against, read once per pool."""

    q: QueryAnalysis
    weights: dict[str, float]  # each question word's IDF
    stand_ins: dict[str, list[tuple[float, str]]]  # per question word, `ParaphraseMap.associates`
    cosines: dict[int, float]  # unit id -> dense cosine to the question
    bm25: dict[int, float]  # unit id -> BM25 score over the pool's best
    entities: list[str]  # the company-like names the question writes
    in_documents: set[tuple[str, str]]  # (document, term) pairs of the pool's documents holding a term


def open_live_folder(index_dir: Path) -> Path:
    """The complete index folder to read (one generation, resolved once so every file comes
    from the same build), repairing what an interrupted build left when no writer is busy.

    Raises:
        IndexMissingError: there is no index, or one of its files is missing or empty.
    """
    if live_folder(index_dir) is None:
        try:
            with writer_lock(index_dir):
                recover(index_dir)
        except (IndexBusyError, OSError):
            pass  # a build is running (it swaps a complete index in) or the folder is read-only
    live = live_folder(index_dir)
    if live is None:
        raise IndexMissingError(f"no index at {index_dir}; run 'docqa build' first")
    for name in (STORE_FILE, *backend_files(live_record(live))):
        part = live / name
        if not part.exists() or (part.is_file() and part.stat().st_size == 0):
            raise IndexMissingError(
                f"the index at {index_dir} is damaged ({name} is missing or empty); "
                "run 'docqa build' to rebuild it"
            )
    return live


def live_record(live: Path) -> BackendRecord:
    """The backend a live index folder was built with (its manifest says)."""
    try:
        manifest = json.loads((live / MANIFEST_FILE).read_text())
    except (OSError, json.JSONDecodeError):
        manifest = {}
    return BackendRecord.from_json(manifest.get("backend"))


# The stages a result's `timings_ms` names, in the order a search runs them.
QUERY_STAGES = ("analysis", "embed", "dense", "lexical", "features", "rerank", "answer", "assembly")


class Searcher:
    """Loads an index once and answers many queries; everything it reads goes through one
    `RetrievalBackend`."""

    def __init__(
        self,
        index_dir: Path | None,
        embedder: Embedder | None = None,
        settings: SearchSettings | None = None,
        scorer: AnswerScorer | None = None,
        answers: bool = True,
        reranker: Reranker | None = None,
        backend: RetrievalBackend | None = None,
        config: BackendConfig | None = None,
        metric_words: MetricWords | None = None,
        paraphrases: ParaphraseMap | None = None,
    ):
        """Open an index folder (or search a backend given ready-made, such as a fake).

        Args:
            scorer: the answer scorer (default: the shipped model file, with the shipped
                row-names question model).
            answers: False to collect answer candidates without scoring them (training).
            reranker: the evidence reranker (default: the shipped model file).
            metric_words: how far each question word names the metric (default: the shipped
                model file).
            paraphrases: which document words stand for a question's words (default: the
                shipped model file).
            config: the backend asked for (None: the one the index was built with).
        """
        # The fitted model files are read before the index is opened: a missing one then
        # leaves no connection open behind its error (the app shows it and is reloaded).
        reranker = reranker or Reranker.load()
        metric_words = metric_words or MetricWords.load()
        paraphrases = paraphrases or ParaphraseMap.load()
        names = None
        if answers and scorer is None:
            scorer, names = AnswerScorer.load(), RowNamesModel.load()
        if backend is None:
            if index_dir is None:
                raise ValueError("give an index folder or a backend")
            live = open_live_folder(index_dir)
            backend = open_backend(live, live_record(live), config)
        self.index_dir = index_dir
        self.backend = backend
        self.settings = settings or SearchSettings()
        self._embedder = embedder
        self.doc_ids = self.backend.doc_ids_by_name()
        self.calendars = self.backend.calendars()  # doc id -> fiscal calendar
        self._every_calendar = _distinct(self.calendars.values())  # read once, not per question
        # Per-document reads kept within bounds (thread-safe): a large corpus must not fill
        # memory with every document a query ever touched.
        self._lowered_text = lru_cache(maxsize=DOCUMENTS_KEPT)(self._read_lowered_text)
        self._is_about = lru_cache(maxsize=ABOUT_KEPT)(self._read_is_about)
        self._is_issuer = lru_cache(maxsize=ABOUT_KEPT)(self._read_is_issuer)
        self._cover_name_counts = lru_cache(maxsize=DOCUMENTS_KEPT)(self._read_cover_name_counts)
        self._corporate_names = lru_cache(maxsize=DOCUMENTS_KEPT)(self._read_corporate_names)
        self._mentions = lru_cache(maxsize=ABOUT_KEPT)(self._read_mentions)
        self._title_and_date = lru_cache(maxsize=DOCUMENTS_KEPT)(self._read_title_and_date)
        self._document_periods = lru_cache(maxsize=DOCUMENTS_KEPT)(self._read_document_periods)
        self._document_period_share = lru_cache(maxsize=PERIOD_SHARES_KEPT)(self._read_document_period_share)
        self._term_share = lru_cache(maxsize=TERM_SHARES_KEPT)(self.backend.term_share)
        self._table_rows = lru_cache(maxsize=TABLES_KEPT)(self.backend.table_rows)
        self.reranker = reranker
        self.metric_words = metric_words
        self.paraphrases = paraphrases
        self.evidence_context = EvidenceContext(
            idf=self.idf,
            document=self.backend.document,
            table=self.backend.table,
            short_vectors=self.backend.short_text_vectors,
            document_fits_hint=self._document_matches,
            term_share=self._term_share,
            lowered_text=self._lowered_text,
            is_about=self._is_about,
            is_issuer=self._is_issuer,
            corporate_names=self._corporate_names,
            table_rows=self._table_rows,
            metric_word_share=lambda term: self.metric_words.share(term),
        )
        self._coverage: PeriodCoverage | None = None  # read at the first question that names a period
        self.extractor = AnswerExtractor(
            self.evidence_context, scorer, self._corpus_mentions, names, self._uncovered_periods
        )

    def documents(self) -> list[DocumentInfo]:
        """Every indexed document's catalogue entry, by name."""
        return self.backend.documents()

    def document(self, doc_id: str) -> Document:
        """An indexed document with its text and page map."""
        return self.backend.document(doc_id)

    def document_named(self, name: str) -> Document | None:
        """The indexed document with this file name, or None."""
        doc_id = self.backend.doc_ids_by_name().get(name)
        return self.backend.document(doc_id) if doc_id else None

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a (tokenized) term over the indexed units."""
        units = self.backend.unit_count()
        return bm25_idf(units, self.backend.document_frequency(token)) if units else 0.0

    def close(self) -> None:
        """Release the backend and the per-document caches."""
        for cached in (
            self._lowered_text,
            self._is_about,
            self._is_issuer,
            self._cover_name_counts,
            self._corporate_names,
            self._mentions,
            self._title_and_date,
            self._term_share,
            self._document_periods,
            self._document_period_share,
            self._table_rows,
        ):
            cached.cache_clear()
        self.backend.close()

    @property
    def embedder(self) -> Embedder:
        """The query encoder, loaded on first use."""
        if self._embedder is None:
            self._embedder = load_embedder()
        return self._embedder

    def search(self, query: str, k: int = 5, docs: list[str] | None = None) -> Result:
        """Return the k best pieces of evidence (passages and rows) for `query`.

        Args:
            query: the question in plain words.
            k: how many pieces of evidence to return (passages and rows together).
            docs: restrict to these document file names (None: the whole corpus).
        """
        result, _ = self.search_with_candidates(query, k, docs)
        return result

    def search_with_candidates(
        self, query: str, k: int = 5, docs: list[str] | None = None
    ) -> tuple[Result, AnswerOutcome]:
        """`search`, also returning every scored answer candidate (for training and inspection)."""
        if k <= 0:
            raise ValueError("k must be > 0")
        if not query.strip():
            reason = "the question is empty"
            return Result(query, [], [], no_answer_reason=reason), AnswerOutcome(None, reason)
        asked = query
        query, notes = _bounded_question(query)
        clock = StageClock()
        analysis, vectors, allowed, lexical_query = self._read_query(query, docs, clock)
        candidates = self._pool(lexical_query, analysis, vectors, allowed, clock)
        matrix = np.vstack([c.features.vector() for c in candidates]) if candidates else np.zeros((0, 1))
        for c, score in zip(candidates, self.reranker.score(matrix), strict=True):
            c.score = float(score)
        candidates.sort(key=lambda c: -c.score)
        ranked = _diversify(_dedupe(candidates), self.settings.rows_per_table)
        clock.lap("rerank")
        evidence = [
            RankedUnit(c.unit, rank, c.score, c.features.dense_cosine)
            for rank, c in enumerate(ranked[: self.settings.answer_pool])
        ]
        outcome = self.extractor.extract(evidence, analysis, vectors)
        clock.lap("answer")
        answered = [(g.doc_id, g.start) for g in outcome.best_guess] if outcome.answer else []
        result = self._assemble(query, self._joint_order(ranked, outcome), k, answered)
        result.answer, result.no_answer_reason = outcome.answer, outcome.reason
        clock.lap("assembly")
        result.timings_ms = {**clock.ms, "total": clock.total_ms()}
        result.query, result.notes = asked, notes
        return result, outcome

    def _joint_order(self, ranked: list[_Candidate], outcome: AnswerOutcome) -> list[_Candidate]:
        """The reranked units with the read ones ordered again by their rank score and their
        best answer candidate (a unit holding a figure that fits the question is likelier
        evidence); units not read keep their place after them."""
        scorer = self.extractor.scorer
        read = len(outcome.evidence)
        if scorer is None or not outcome.candidates or read < 2:
            return ranked
        best: dict[int, float] = {}
        for c in outcome.candidates:
            best[c.unit_id] = max(best.get(c.unit_id, 0.0), c.probability)
        head = ranked[:read]
        scores = scorer.evidence_order([c.score for c in head], [best.get(c.unit.unit_id, 0.0) for c in head])
        order = np.argsort(-scores, kind="stable")
        return [head[i] for i in order] + ranked[read:]

    def _uncovered_periods(self, q: QueryAnalysis) -> str | None:
        """Why no document can answer for the asked periods (`FY2031`, and the nearest periods
        the corpus reports on), or None when some document touches every asked period."""
        if not q.periods:
            return None
        if self._coverage is None:  # two threads may both read it: the same value, harmlessly
            named = ((c, self.backend.document_periods(d)) for d, c in self.calendars.items())
            self._coverage = PeriodCoverage.of(named)
        missing = [p for p in self._coverage.uncovered(q) if not self._years_written(p)]
        if not missing:
            return None
        labels = ", ".join(p.label for p in missing)
        before, after = self._coverage.nearest(missing[0])
        nearest = [
            f"end in {before:%B %Y}" if before else "",
            f"start in {after:%B %Y}" if after else "",
        ]
        said = " and ".join(n for n in nearest if n)
        reported = f"; the nearest periods its documents report on {said}" if said else ""
        return f"no document in the corpus reports on any part of {labels}{reported}"

    def _years_written(self, period: Period) -> bool:
        """Whether any document's passages write a year of the period as a word (`in 2021`,
        `FY15`): the parser reads no period there, but the figure may be stated."""
        return bool(self.backend.terms_in_documents(list(self.calendars), year_words(period)))

    def _corpus_mentions(self, name: str) -> bool:
        """Whether every word of a name occurs somewhere in the index."""
        tokens = tokenize(name)
        return bool(tokens) and all(self.backend.document_frequency(t) > 0 for t in tokens)

    def _allowed_docs(self, docs: list[str] | None) -> frozenset[str] | None:
        """The doc ids of the documents a question is restricted to (None: all of them)."""
        if not docs:
            return None
        # a path as a user types it (`corpus/deck.txt`) names the document of that file name
        names = [d if d in self.doc_ids else Path(d).name for d in docs]
        unknown = [d for d, name in zip(docs, names, strict=True) if name not in self.doc_ids]
        if unknown:
            known = sorted(self.doc_ids)
            listed = ", ".join(known[:LISTED_DOCUMENTS]) + (" …" if len(known) > LISTED_DOCUMENTS else "")
            raise ValueError(f"unknown document(s): {', '.join(unknown)}; the index holds {listed}")
        return frozenset(self.doc_ids[name] for name in names)

    # -- reranking -----------------------------------------------------------------------

    def rerank_pool(
        self, query: str, docs: list[str] | None = None
    ) -> list[tuple[RetrievalUnit, RerankFeatures]]:
        """Every unit of the fused candidate pool with its rerank features (for training)."""
        analysis, vectors, allowed, lexical_query = self._read_query(query, docs)
        return [(c.unit, c.features) for c in self._pool(lexical_query, analysis, vectors, allowed)]

    def _read_query(self, query: str, docs: list[str] | None, clock: StageClock | None = None):
        """The question's analysis, its two vectors (question, metric), the allowed documents and
        the lexical query: the question with its periods spelled as the calendars of those
        documents name them (`FY2016` for the fiscal year ended June 30, 2016 of a July-to-June
        reporter), since BM25 matches words, not periods."""
        clock = clock or StageClock()
        analysis = analyse_query(query)
        allowed = self._allowed_docs(docs)
        lexical = " ".join([query, *period_spellings(analysis, self._calendars_of(allowed))])
        clock.lap("analysis")
        encoded = self.embedder.encode([query, analysis.metric_text])
        clock.lap("embed")
        return analysis, QueryVectors(question=encoded[0], metric=encoded[1]), allowed, lexical

    def _calendars_of(self, allowed: frozenset[str] | None) -> list[FiscalCalendar]:
        """The fiscal calendars of the `allowed` documents (None: all), each once, in code order."""
        if allowed is None:
            return self._every_calendar
        return _distinct(self.calendars[d] for d in allowed if d in self.calendars)

    def _candidate_lists(self, query: str, vector, allowed: frozenset[str] | None, clock: StageClock):
        """Dense and lexical candidates (in the `allowed` documents), each scored on both sides,
        so a unit found by one method alone is not judged on half of its evidence."""
        dense = self.backend.dense_candidates(vector, self.settings.pool, allowed)
        clock.lap("dense")
        lexical = self.backend.lexical_candidates(query, self.settings.pool, allowed)
        clock.lap("lexical")
        union = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in lexical]))
        cosines = self.backend.dense_scores(vector, union)
        clock.lap("dense")
        bm25 = self.backend.lexical_scores(query, union)
        clock.lap("lexical")
        return (
            sorted(cosines.items(), key=lambda x: -x[1]),
            sorted(((i, v) for i, v in bm25.items() if v > 0), key=lambda x: -x[1]),
        )

    def _pool(
        self, lexical_query, q: QueryAnalysis, vectors: QueryVectors, allowed, clock: StageClock | None = None
    ) -> list[_Candidate]:
        """The fused candidates, each with its `RerankFeatures` (`lexical_query`: what BM25 reads)."""
        clock = clock or StageClock()
        dense, lexical = self._candidate_lists(lexical_query, vectors.question, allowed, clock)
        cosines = dict(dense)
        best_bm25 = max((v for _, v in lexical), default=0.0) or 1.0
        bm25 = {i: v / best_bm25 for i, v in lexical}
        fused = FUSIONS[self.settings.fusion](dense, lexical)
        units = self.backend.units(list(fused))
        candidates = [_Candidate(units[i], f) for i, f in fused.items() if i in units]
        lines = {c.unit.unit_id: unit_lines(c.unit) for c in candidates}
        line_vectors = self.backend.short_text_vectors([x for ls in lines.values() for x in ls])
        weights = {t: self.idf(t) for t in q.terms}
        pool = _PoolContext(
            q=q,
            weights=weights,
            # The words standing for each question word, read once for the whole pool.
            stand_ins={t: found for t in weights if (found := self.paraphrases.associates(t))},
            cosines=cosines,
            bm25=bm25,
            entities=[e.text for e in named_entities(q.text) if e.company_like],
            in_documents=self.backend.terms_in_documents(
                list({c.unit.doc_id for c in candidates}), list(weights)
            ),
        )
        for c in candidates:
            found = [line_vectors[x] for x in lines[c.unit.unit_id] if x in line_vectors]
            matrix = np.vstack(found) if found else np.zeros((0, len(vectors.question)))
            c.features = self._rerank_features(c, pool)
            if len(matrix):
                c.features.line_similarity = float((matrix @ vectors.question).max())
                c.features.line_metric_similarity = float((matrix @ vectors.metric).max())
        clock.lap("features")
        return candidates

    def _rerank_features(self, c: _Candidate, pool: _PoolContext) -> RerankFeatures:
        """Term, label, period, document and entity agreement of one unit with the question."""
        unit, q, weights, stand_ins = c.unit, pool.q, pool.weights, pool.stand_ins
        unit_tokens = frozenset(unit.tokens)
        f = RerankFeatures(
            fused=c.fused,
            dense_cosine=pool.cosines.get(unit.unit_id, 0.0),
            lexical=pool.bm25.get(unit.unit_id, 0.0),
            is_row=float(unit.kind == "row"),
            furniture_similarity=unit.furniture_similarity,
            repeated_lines=unit.repeated_lines,
            figures=math.log1p(unit.figures),
            asks_target=float("target" in q.qualifiers),
            names_target=float(names_targets(unit_tokens)),
        )
        total = sum(weights.values())
        if total > 0:
            f.term_coverage = sum(w for t, w in weights.items() if t in unit_tokens) / total
            in_document = (w for t, w in weights.items() if (unit.doc_id, t) in pool.in_documents)
            f.doc_coverage = sum(in_document) / total
            lacked = (t for t in stand_ins if t not in unit_tokens)
            f.paraphrase_coverage = (
                sum(weights[t] * strongest_in(stand_ins[t], unit_tokens) for t in lacked) / total
            )
            if unit.kind == "row":
                f.label_coverage, f.label_extra = self._label_fit(unit.label, weights, total)
        if q.doc_hints and self._document_matches(unit.doc_id, q.doc_hints):
            f.doc_hint = 1.0
        q = q.in_calendar(self.backend.document(unit.doc_id).calendar)
        if q.periods:
            agreement = self._period_agreement(c, q)
            f.period_fits = float(agreement > 0)
            f.period_other = float(agreement < 0)
            f.period_fits_covered = f.period_fits * f.term_coverage
            labels = tuple(p.label for p in q.periods)
            f.doc_period_share = self._document_period_share(unit.doc_id, q.periods, labels)
            f.doc_period_fits = float(f.doc_period_share > 0)
            f.unit_period_share = asked_share(Counter(unit.periods), q.periods)
        f.entity_absent = float(any(not self._mentions(unit.doc_id, e.lower()) for e in pool.entities))
        return f

    def _read_is_about(self, doc_id: str, name: str) -> bool:
        """Whether a document is about the company `name` (its issuer, a segment or a
        subsidiary): named in its title or on its cover, or at least `ABOUT_MENTIONS` times;
        a competitor or customer named once in passing is not what it is about."""
        document = self.backend.document(doc_id)
        text = self._lowered_text(doc_id)
        return (
            name_in_text(name, document.title.lower())
            or name_in_text(name, cover(text))
            # `the Company's`, `the Group's`: a common noun, not a name to ground
            or is_common_word(name, document.text)
            or name_count(name, text) >= ABOUT_MENTIONS
        )

    def _read_is_issuer(self, doc_id: str, name: str) -> bool:
        """Whether a document is the company `name`'s own: named at the head of its title, or
        through its text nearly as often as its issuer's name (`ISSUER_SHARE`), or, when the
        head of its title names no company (`Q4 22_EarningsRelease`), among the names its title
        and cover repeat most (`ISSUER_RANK`). A title that names its company leaves no room for
        a second one on rank alone: `Northwind Traders — Fabrikam Investor Forum` is not
        Fabrikam's deck, however short it is."""
        document = self.backend.document(doc_id)
        head = document.title.split(TITLE_JOIN, 1)[0]
        if name_in_text(name, head.lower()) or is_common_word(name, document.text):
            return True
        count = name_count(name, self._lowered_text(doc_id))
        names = self._cover_name_counts(doc_id)
        counts = sorted(names.values(), reverse=True)
        most = counts[0] if counts else 0
        ranks = len(counts) >= ISSUER_RANK and not _head_names_issuer(head, names, most)
        return count >= ABOUT_MENTIONS and (
            count >= ISSUER_SHARE * most or (ranks and count >= counts[ISSUER_RANK - 1])
        )

    def _read_cover_name_counts(self, doc_id: str) -> dict[str, int]:
        """How often a document names each name of its title and cover (`cover_name_counts`)."""
        document = self.backend.document(doc_id)
        return cover_name_counts(document.title, document.text, cover(document.text))

    def _read_corporate_names(self, doc_id: str) -> frozenset[str]:
        """The one-word company names a document's cover writes with a suffix (`corporate_names`)."""
        return corporate_names(self.backend.document(doc_id).text)

    def _read_mentions(self, doc_id: str, lowered_name: str) -> bool:
        """Whether a document's text holds a (lower-cased) name anywhere: read once per
        document and name, not once per candidate unit."""
        return lowered_name in self._lowered_text(doc_id)

    def _read_document_periods(self, doc_id: str) -> Counter[Period]:
        """How often a document's text names each period (counted at build time)."""
        return self.backend.document_periods(doc_id)

    def _read_document_period_share(
        self, doc_id: str, asked: tuple[Period, ...], labels: tuple[str, ...]
    ) -> float:
        """The share of a document's period mentions that are of an asked period (read once
        per document and question, not once per unit). `labels` are the asked periods' labels:
        periods compare without them, but a bare year asked (`2019`) fits more than `FY2019`."""
        return asked_share(self._document_periods(doc_id), asked)

    def _read_lowered_text(self, doc_id: str) -> str:
        """A document's text, lower-cased (for name look-ups)."""
        return self.backend.document(doc_id).text.lower()

    def _read_title_and_date(self, doc_id: str) -> str:
        """A document's title and date, for month hints."""
        document = self.backend.document(doc_id)
        return f"{document.title} {document.date or ''}"

    def _label_fit(self, label: str, weights: dict[str, float], total: float) -> tuple[float, float]:
        """How much of the question a row label names, and how much of the label is unasked
        (`Total current assets` adds `current` to `total assets`), as IDF shares."""
        label_tokens = set(tokenize(label))
        covered = sum(w for t, w in weights.items() if t in label_tokens) / total
        extra = sum(self.idf(t) for t in label_tokens if t not in weights)
        own = sum(self.idf(t) for t in label_tokens) or 1.0
        return covered, extra / own

    def _document_matches(self, doc_id: str, hints: frozenset[tuple[int, int]]) -> bool:
        """Whether a document's date or title falls in a hinted month (`the July 2009 deck`)."""
        return hint_fits(hints, self._title_and_date(doc_id))

    def _period_agreement(self, c: _Candidate, q: QueryAnalysis) -> float:
        """+1 when the unit speaks of an asked period, -1 when it speaks only of others, else 0.

        `q` has its periods read under the unit's document calendar."""
        unit, asked = c.unit, q.periods
        if unit.kind == "row":
            for cell in unit.cells:
                period = column_period(cell.column, q.calendar)
                if period and any(period_fits(a, period) for a in asked):
                    c.matched = cell
                    return 1.0
        found = unit.periods  # read under the unit's document calendar at build time
        if not found:
            return 0.0
        if any(period_fits(a, p) for a in asked for p in found):
            return 1.0
        return -1.0

    # -- output --------------------------------------------------------------------------

    def _assemble(
        self, query: str, ranked: list[_Candidate], k: int, answered: list[tuple[str, int]]
    ) -> Result:
        """The top `k` units as passages and rows; `answered` holds where the answer's figures
        start (document, character), so a row holding one marks that cell."""
        passages: list[Passage] = []
        rows: list[RowHit] = []
        for rank, c in enumerate(ranked[:k], start=1):
            document = self.backend.document(c.unit.doc_id)
            citation = cite(document, c.unit.start, c.unit.end)
            if c.unit.kind == "row":
                rows.append(self._row_hit(rank, c, citation, answered))
            else:
                passages.append(Passage(rank, c.score, c.unit.kind, c.unit.section, citation, c.unit.unit_id))
        return Result(query=query, passages=passages, rows=rows)

    def _row_hit(self, rank: int, c: _Candidate, citation, answered: list[tuple[str, int]]) -> RowHit:
        """A row for display: its matched cell is the answer's when the row holds it, else
        the cell of the asked period."""
        table = self.backend.table(c.unit.table_id) if c.unit.table_id is not None else None
        cells = [CellHit(d.column, d.text, d.value, d.start, d.end) for d in c.unit.cells]
        starts = [start for doc_id, start in answered if doc_id == c.unit.doc_id]
        matched = next((x for x in cells if any(x.start <= s < x.end for s in starts)), None)
        if matched is None:
            matched = next((x for x in cells if c.matched and x.start == c.matched.start), None)
        return RowHit(
            rank=rank,
            score=c.score,
            table=table.title if table else "",
            unit=table.unit if table else None,
            columns=table.columns if table else [],
            label=c.unit.label,
            cells=cells,
            matched_cell=matched,
            citation=citation,
            unit_id=c.unit.unit_id,
            table_id=c.unit.table_id,
        )


def _head_names_issuer(head: str, names: dict[str, int], most: int) -> bool:
    """Whether the head of a title names its issuer: a spelled-out name of `names` (the title's
    and cover's, by count) that is the most repeated (`most`, at least `ABOUT_MENTIONS` times).
    `Q4` is no name, and `Earnings` of `Q4 2022 Earnings Release`, capitalised in a few
    headings, is not the name the release repeats most."""
    spelled = (w.lower() for w in head.split() if w.isalpha() and len(w) >= MIN_NAME_LETTERS)
    return max((names.get(w, 0) for w in spelled), default=0) >= max(ABOUT_MENTIONS, most)


def _distinct(calendars: Iterable[FiscalCalendar]) -> list[FiscalCalendar]:
    """Each calendar once, in the order of their codes (so a question's spellings do not depend
    on the order documents were read in)."""
    return sorted(set(calendars), key=lambda c: c.code)


def _bounded_question(query: str) -> tuple[str, list[str]]:
    """The question as searched (at most `MAX_QUESTION_CHARS`, cut at a word) and a note
    when it was cut."""
    query = query.strip()
    if len(query) <= MAX_QUESTION_CHARS:
        return query, []
    cut = query[:MAX_QUESTION_CHARS]
    cut = cut[: cut.rfind(" ")] if " " in cut[MAX_QUESTION_CHARS // 2 :] else cut
    note = (
        f"the question was cut to its first {len(cut):,} of {len(query):,} characters, as the "
        "model reads no more; ask a shorter question for an answer about the rest"
    )
    return cut, [note]


def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop a unit whose span lies inside a better unit of the same kind family."""
    kept: list[_Candidate] = []
    for c in candidates:
        u = c.unit
        inside = any(
            k.unit.doc_id == u.doc_id
            and (k.unit.kind == "row") == (u.kind == "row")
            and k.unit.start <= u.start
            and u.end <= k.unit.end
            for k in kept
        )
        if not inside:
            kept.append(c)
    return kept


def _diversify(candidates: list[_Candidate], rows_per_table: int) -> list[_Candidate]:
    """Keep at most `rows_per_table` rows of one table near the top; the rest move down."""
    top: list[_Candidate] = []
    later: list[_Candidate] = []
    per_table: dict[int, int] = {}
    for c in candidates:
        if c.unit.kind == "row" and c.unit.table_id is not None:
            per_table[c.unit.table_id] = per_table.get(c.unit.table_id, 0) + 1
            if per_table[c.unit.table_id] > rows_per_table:
                later.append(c)
                continue
        top.append(c)
    return top + later
