"""TAT-QA contexts as markdown documents: the paragraphs, then the table.

TAT-QA (CC BY 4.0) pairs a financial-report table with the paragraphs around it
and questions about both. Each context becomes one `.md` document named after
its id, so a question can be restricted to its own document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class TatqaQuestion:
    """One question with its gold answer spans and where the answer comes from."""

    uid: str
    question: str
    answers: list[str]
    answer_type: str
    answer_from: str
    doc: str
    scale: str = ""  # TAT-QA's scale of the answer: '', 'thousand', 'million', 'percent'


@dataclass
class TatqaContext:
    """A context rendered as a document, with its questions."""

    name: str
    text: str
    questions: list[TatqaQuestion] = field(default_factory=list)


def load_tatqa(path: Path) -> list[TatqaContext]:
    """Read a TAT-QA JSON file into documents with their questions."""
    contexts = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        name = tatqa_name(item["table"]["uid"])
        text = render_context(item["paragraphs"], item["table"]["table"])
        questions = [
            TatqaQuestion(
                uid=q["uid"],
                question=q["question"],
                answers=[str(a) for a in q["answer"]]
                if isinstance(q["answer"], list)
                else [str(q["answer"])],
                answer_type=q["answer_type"],
                answer_from=q["answer_from"],
                doc=name,
                scale=q.get("scale") or "",
            )
            for q in item["questions"]
        ]
        contexts.append(TatqaContext(name=name, text=text, questions=questions))
    return contexts


def tatqa_name(uid: str) -> str:
    """The document name of a TAT-QA context (its table's uid, shortened)."""
    return f"tatqa_{uid[:8]}.md"


def render_context(paragraphs: list[dict], table: list[list[str]]) -> str:
    """Paragraphs in their order, then the table as a markdown pipe table."""
    ordered = sorted(paragraphs, key=lambda p: p.get("order", 0))
    parts = [p["text"].strip() for p in ordered if p["text"].strip()]
    parts.append(markdown_table(table))
    return "\n\n".join(parts) + "\n"


def markdown_table(rows: list[list[str]]) -> str:
    """Render rows as `| a | b |` lines with a separator under the first row."""
    width = max(len(r) for r in rows)
    lines = []
    for i, row in enumerate(rows):
        cells = [str(c).replace("|", "/").replace("\n", " ").strip() for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def write_documents(contexts: list[TatqaContext], folder: Path) -> list[Path]:
    """Write each context as `folder/NAME.md`; unchanged files are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for context in contexts:
        path = folder / context.name
        if not path.exists() or path.read_text(encoding="utf-8") != context.text:
            path.write_text(context.text, encoding="utf-8")
        paths.append(path)
    return paths
