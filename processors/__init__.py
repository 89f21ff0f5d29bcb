"""Pipeline stages between a raw letter and a queue entry, and the review state machine."""
