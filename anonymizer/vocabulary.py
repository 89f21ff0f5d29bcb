"""The markers a redaction leaves in a letter's text, defined once.

Imports nothing, so the shells and the exports can read it without loading the anonymizer.
Order is priority: when two detectors claim overlapping text, the earlier kind names the marker.
"""

from __future__ import annotations

MARKERS = ("email", "link", "handle", "phone", "number", "address", "workplace", "signature", "name")
# Markers no detector leaves but that an operator may type while editing, highlighted and explained too.
HAND_MARKERS = ("quote",)
ALL_MARKERS = (*MARKERS, *HAND_MARKERS)
