"""Opportunities: what hosts offer, their publication rules, the public search and its index."""
