"""napishy: anonymous letter intake for the 'Write to an Attorney' campaign."""

__version__ = "0.1.0"
