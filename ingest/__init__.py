"""File to Document, blocks, tables and chunks. Knows nothing of embeddings or search."""
