"""Screening rules, one module per pathway; each exposes RULES (a tuple of Rule)."""
