"""The project's root error. Each module defines its own subclasses next to the code that raises them.

The CLI turns any `NapishyError` into one line on stderr and a non-zero exit, so messages
must be complete sentences and must never quote letter content or sender data. The root itself
is defined in `anonymizer.errors` (the layer below, which imports nothing of ours), so the
anonymizer's errors are napishy's errors too: one root.
"""

from anonymizer.errors import NapishyError

__all__ = ["NapishyError", "NotFound"]


class NotFound(NapishyError):
    """Raised when a letter id given on the command line does not exist."""

    exit_code = 3
