"""Detectors for the text half of the anonymizer: each module finds one kind of identifier."""
