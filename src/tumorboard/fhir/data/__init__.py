"""Data files of the FHIR mapping (package data)."""
