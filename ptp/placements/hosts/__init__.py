"""Hosts: a company registers once per hub and accepts the hub's framework agreement once."""
