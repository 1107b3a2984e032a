"""Writes of the finance module: the ledger's postings (ledger.py) and what builds on them."""
