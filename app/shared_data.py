"""Where the shared data lives (the corpus PDFs, the dev set, TAT-QA): `shared/` beside this
checkout, or wherever $DOCQA_SHARED says. One place for `docqa train` and the tests."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("DOCQA_SHARED") or Path(__file__).resolve().parents[2] / "shared")
