"""Token-budgeted chunks that follow block boundaries and never split a table row.

A chunk's `text` is exactly `document.text[start:end]`. Its `embed_text` adds
the document title and section (and for tables the title, unit and header
again), and stays within `max_embed_tokens` so the encoder (MiniLM: 256 word
pieces) never truncates it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ingest.markup import FORMATTING_TAG
from ingest.models import Block, Chunk, Document, Table, TableRow
from ingest.structure import repeated_lines, split_lines
from ingest.tokens import count_tokens

# The last line of a chunk is repeated (embedded only) at the head of the next one in
# the same section, so a list keeps its lead-in (`◆ 2Q10 Revenues:`).
CARRY_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n")
_SUB_BULLET = re.compile(r"^\s*[-–*+]\s")
_RULE_LINE = re.compile(r"^[\s|:\-–—_=\t]*-{3,}[\s|:\-–—_=\t]*$", re.M)
_CELL_BAR = re.compile(r"[ \t]*\|[ \t]*|\t+")


def embed_form(text: str, boilerplate: frozenset[str] = frozenset()) -> str:
    """What the encoder sees of a span: no markup, rules, cell padding or page footers.

    Markdown rules (`|----|`) and HTML tags cost one word piece per character
    and carry no meaning, so they are removed and cell bars become ` | `.
    """
    text = _RULE_LINE.sub("", FORMATTING_TAG.sub(" ", text))
    lines = [
        _CELL_BAR.sub(" | ", line).strip(" |") for line in text.split("\n") if line.strip() not in boilerplate
    ]
    lines = [re.sub(r" {2,}", " ", line) for line in lines]
    return "\n".join(line for line in lines if line.strip())


def _lead_in(text: str) -> str:
    """The line that introduces what follows: the last top-level line, not a sub-bullet."""
    lines = text.strip().split("\n")
    for line in reversed(lines):
        if not _SUB_BULLET.match(line):
            return line
    return lines[-1]


@dataclass(frozen=True)
class ChunkerSettings:
    """How big chunks get, in cl100k_base tokens."""

    target_tokens: int = 110
    max_embed_tokens: int = 190

    def __post_init__(self) -> None:
        if self.target_tokens <= 0 or self.max_embed_tokens <= self.target_tokens // 2:
            raise ValueError("target_tokens must be > 0 and max_embed_tokens well above half of it")

    def to_dict(self) -> dict[str, int]:
        """Settings as recorded in an index manifest."""
        return asdict(self)


@dataclass
class _Piece:
    start: int
    end: int
    section: str


def chunk_document(
    document: Document,
    blocks: list[Block],
    tables: list[Table],
    settings: ChunkerSettings | None = None,
    measure: Callable[[str], int] = count_tokens,
) -> list[Chunk]:
    """Cut a document into text and table chunks in reading order."""
    settings = settings or ChunkerSettings()
    tables_by_start = {t.start: t for t in tables if document.kind != "pdf"}
    builder = _ChunkBuilder(document, settings, measure)
    for block in blocks:
        table = tables_by_start.get(block.start) if block.kind == "table" else None
        if table is not None:
            builder.flush()
            builder.add_table(table)
        else:
            builder.add_block(block)
    builder.flush()
    return builder.chunks


class _ChunkBuilder:
    """Packs consecutive blocks of one section into chunks within the budget."""

    def __init__(self, document: Document, settings: ChunkerSettings, measure: Callable[[str], int]):
        self.document = document
        self.settings = settings
        self.measure = measure
        self.chunks: list[Chunk] = []
        self.pending: list[_Piece] = []
        # Tokens of the pending pieces' embedded forms and how many of them are not empty,
        # summed as they are added: re-measuring the whole pending span for every block made
        # a file of short lines quadratic, so it is measured only when the sum is near the budget.
        self.pending_tokens = 0
        self.pending_joins = 0
        self.carry: tuple[str, str] | None = None
        self.boilerplate = frozenset(repeated_lines(split_lines(document.text)))

    def _prefix(self, section: str, first_line: str = "") -> str:
        """Title, section and, within a section, the line that led into this chunk."""
        parts = [self.document.title]
        if section and not first_line.startswith(section.split(" > ")[-1]):
            parts.append(section)
        if self.carry and self.carry[0] == section:
            parts.append(self.carry[1])
        return "\n".join(p for p in parts if p) + "\n"

    def _budget(self, prefix: str) -> int:
        return min(self.settings.target_tokens, self.settings.max_embed_tokens - self.measure(prefix))

    def add_block(self, block: Block) -> None:
        """Append a text block, starting a new chunk at headings, section changes and the budget."""
        if self._starts_new_chunk(block):
            self.flush()
        for piece in self._split_oversized(block):
            tokens = self._piece_tokens(piece.start, piece.end)
            if self.pending:
                budget = self._budget(self._prefix(self.pending[0].section))
                if self._exceeds(
                    self.pending[0].start,
                    piece.end,
                    self.pending_tokens + tokens,
                    self.pending_joins + bool(tokens),
                    budget,
                ):
                    self.flush()
            self.pending.append(piece)
            self.pending_tokens += tokens
            self.pending_joins += bool(tokens)

    def _piece_tokens(self, start: int, end: int) -> int:
        """Tokens of a span's embedded form (0 when it is all furniture or markup)."""
        form = embed_form(self.document.text[start:end], self.boilerplate)
        return self.measure(form) if form else 0

    def _exceeds(self, start: int, end: int, summed: int, joins: int, budget: int) -> bool:
        """Whether the embedded form of `start:end` is over `budget`: surely not when its
        pieces' tokens plus one per line break joining them fit; else measured whole."""
        if summed + joins <= budget:
            return False
        return self.measure(embed_form(self.document.text[start:end], self.boilerplate)) > budget

    def _starts_new_chunk(self, block: Block) -> bool:
        """A heading starts a chunk; so does a new section unless the pending text is tiny."""
        if not self.pending:
            return False
        if block.kind == "heading":
            return True
        tiny = self.pending[-1].end - self.pending[0].start < 200
        return block.section != self.pending[-1].section and not tiny

    def _split_oversized(self, block: Block) -> list[_Piece]:
        """Split a block longer than the budget at sentence ends, then at spaces."""
        text = self.document.text[block.start : block.end]
        budget = self._budget(self._prefix(block.section))
        if not _over(embed_form(text, self.boilerplate), budget, self.measure):
            return [_Piece(block.start, block.end, block.section)]
        pieces: list[_Piece] = []
        for start, end in _split_spans(text, budget, self.measure):
            pieces.append(_Piece(block.start + start, block.start + end, block.section))
        return pieces

    def flush(self) -> None:
        """Emit the pending blocks as one text chunk."""
        if not self.pending:
            return
        start, end, section = self.pending[0].start, self.pending[-1].end, self.pending[0].section
        self.pending, self.pending_tokens, self.pending_joins = [], 0, 0
        text = embed_form(self.document.text[start:end], self.boilerplate)
        self._emit(start, end, section, "text", self._prefix(section, text) + text)
        self.carry = (section, _lead_in(text)[:CARRY_CHARS])

    def add_table(self, table: Table) -> None:
        """Emit a table as chunks of whole rows; each repeats title, unit and header."""
        head = self._table_head(table, with_header=True)
        budget = min(self.settings.max_embed_tokens - self.measure(head), self.settings.target_tokens * 2)
        group: list[TableRow] = []
        group_tokens = joins = 0
        for row in table.rows:
            tokens = self._piece_tokens(row.start, row.end)
            if group and self._exceeds(group[0].start, row.end, group_tokens + tokens, joins + 1, budget):
                self._emit_rows(table, group)
                group, group_tokens, joins = [], 0, 0
            group.append(row)
            group_tokens += tokens
            joins += 1
        if group:
            self._emit_rows(table, group)

    def _table_head(self, table: Table, with_header: bool) -> str:
        parts = [self.document.title, table.section, table.title]
        if table.unit:
            parts.append(f"Unit: {table.unit}")
        if with_header and table.header_text:
            parts.append(table.header_text)
        return "\n".join(p for p in dict.fromkeys(parts) if p) + "\n"

    def _emit_rows(self, table: Table, rows: list[TableRow]) -> None:
        """Emit rows as one chunk; the first chunk of a table also spans its header lines."""
        first = rows[0] is table.rows[0]
        start = table.start if first else rows[0].start
        end = rows[-1].end
        head = self._table_head(table, with_header=not first)
        body = embed_form(self.document.text[start:end], self.boilerplate)
        # A single row longer than the budget stays whole; only its embedded form is cut.
        body = self._truncate(body, self.settings.max_embed_tokens - self.measure(head))
        self._emit(start, end, table.section, "table", head + body)

    def _truncate(self, text: str, budget: int) -> str:
        if self.measure(text) <= budget:
            return text
        words = text.split(" ")
        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.measure(" ".join(words[:mid])) <= budget:
                lo = mid
            else:
                hi = mid - 1
        return " ".join(words[:lo])

    def _emit(self, start: int, end: int, section: str, kind: str, embed_text: str) -> None:
        text = self.document.text[start:end]
        if not text.strip():
            return
        self.chunks.append(
            Chunk(
                chunk_id=f"{self.document.doc_id}:{len(self.chunks):04d}",
                doc_id=self.document.doc_id,
                start=start,
                end=end,
                pages=self.document.pages_between(start, end),
                section=section,
                kind=kind,
                text=text,
                embed_text=embed_text,
                tokens=self.measure(embed_text),
            )
        )


# No cl100k_base token is longer than this many characters in practice (words and numbers
# are far shorter), so a span longer than budget x this is over the budget without being
# measured: tokenizing one long run without white space costs time quadratic in its length.
MAX_CHARS_PER_TOKEN = 16


def _over(span: str, budget: int, measure: Callable[[str], int]) -> bool:
    """Whether a span exceeds `budget` tokens (long spans are judged by length alone)."""
    return len(span) > budget * MAX_CHARS_PER_TOKEN or measure(span) > budget


def _split_spans(text: str, budget: int, measure: Callable[[str], int]) -> list[tuple[int, int]]:
    """Cut text into spans of at most `budget` tokens at sentence ends, else at white space."""
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    spans: list[tuple[int, int]] = []
    start = 0
    last_ok = None
    for b in bounds:
        if not _over(text[start:b], budget, measure):
            last_ok = b
            continue
        if last_ok is not None and last_ok > start:
            spans.append((start, last_ok))
            start = last_ok
        if _over(text[start:b], budget, measure):
            spans.extend(_split_words(text, start, b, budget, measure))
            start = b
        last_ok = b if start < b else None
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return [(a + _lead(text[a:b]), b - _trail(text[a:b])) for a, b in spans if text[a:b].strip()]


def _split_words(
    text: str, start: int, end: int, budget: int, measure: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Greedy split at white space (or hard cut) so every span fits the budget; each span
    measured is at most `budget * MAX_CHARS_PER_TOKEN` characters, so this is linear."""
    spans: list[tuple[int, int]] = []
    cut = start
    words = [m.end() for m in re.finditer(r"\s+", text[start:end])]
    points = [start + w for w in words] + [end]
    prev = cut
    for p in points:
        if _over(text[cut:p], budget, measure) and prev > cut:
            spans.append((cut, prev))
            cut = prev
        prev = p
        while _over(text[cut:p], budget, measure) and p - cut > 1:
            cut = _hard_cut(text, cut, p, budget, measure, spans)
    spans.append((cut, end))
    return spans


def _hard_cut(
    text: str, cut: int, end: int, budget: int, measure: Callable[[str], int], spans: list[tuple[int, int]]
) -> int:
    """Cut one span that fits off the front of a run with no white space; return where it ends."""
    mid = min(end, cut + budget * MAX_CHARS_PER_TOKEN)
    while _over(text[cut:mid], budget, measure) and mid - cut > 1:
        mid = cut + max(1, (mid - cut) // 2)
    spans.append((cut, mid))
    return mid


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _trail(text: str) -> int:
    return len(text) - len(text.rstrip())
