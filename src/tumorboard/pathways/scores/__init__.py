"""One module per validated score; each exposes SPEC (a ScoreSpec)."""
