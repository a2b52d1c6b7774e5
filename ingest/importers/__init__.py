"""Importers that turn external data sets into documents docqa can index."""
