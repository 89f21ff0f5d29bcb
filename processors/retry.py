"""Re-processing a quarantined letter from its sealed original, with the offline key at hand."""

from __future__ import annotations

from anonymizer.vocabulary import Status
from foundation.errors import NapishyError, NotFound
from foundation.storage.database import Database
from foundation.storage.models import Letter
from foundation.vault import Opener
from processors import audit, near_duplicates
from processors.pipeline import Anonymize, apply_anonymized, safe_reason, unfit_reason


def retry(
    database: Database, opener: Opener, anonymize: Anonymize, letter_id: str, operator: str = ""
) -> tuple[str, str]:
    """Return the new status and, if it failed again, the reason. Both outcomes are audited;
    `operator` defaults to the OS user (pass `audit.current_operator(settings)` to honour NAPISHY_OPERATOR)."""
    operator = operator or audit.current_operator(None)
    with database.session() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFound(f"no letter {letter_id}")
        if letter.status != Status.QUARANTINED:
            raise NapishyError(f"letter {letter_id} is {letter.status}, not quarantined")
        if letter.sealed is None:
            raise NapishyError(f"letter {letter_id} has no sealed original; fetch it from the mailbox by hand")
        original = opener.open(letter.sealed.blob)
        try:
            anonymized = anonymize(original)
        except Exception as error:  # recorded, never raised: the reason is what the operator needs
            letter.quarantine_reason = safe_reason(error)
            audit.record(session, operator, "retry", letter_id, "still quarantined")
            return Status.QUARANTINED, letter.quarantine_reason
        unfit = unfit_reason(anonymized)
        if unfit is not None:  # the same rule as at intake: an organiser reads the original instead
            letter.quarantine_reason = unfit
            audit.record(session, operator, "retry", letter_id, "still quarantined")
            return Status.QUARANTINED, unfit
        apply_anonymized(letter, anonymized)
        letter.status, letter.quarantine_reason = Status.PENDING, None
        near_duplicates.join(session, [(letter.id, letter.likeness)])  # flushes the letter first
        audit.record(session, operator, "retry", letter_id, "now pending")
        return Status.PENDING, ""
