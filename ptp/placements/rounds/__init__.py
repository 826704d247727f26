"""Allocation rounds and capacity planning: the hub's tools around the allocation engine."""
