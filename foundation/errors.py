"""The project's root error. Each module defines its own subclasses next to the code that raises them.

The CLI turns any `NapishyError` into one line on stderr and a non-zero exit, so messages
must be complete sentences and must never quote letter content or sender data.
"""


class NapishyError(Exception):
    """Raised for a problem the user can fix: bad input, bad configuration, a missing file."""

    exit_code = 1


class NotFound(NapishyError):
    """Raised when a letter id given on the command line does not exist."""

    exit_code = 3
