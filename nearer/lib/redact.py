"""Keep secret links out of every log line.

Some addresses are secrets in themselves: a calendar feed's link, an invitation link, an
email-confirmation link and a password-reset link. Django and the servers write request paths
into log lines (a 404, a CSRF refusal, a 500's traceback, a request line), from many loggers.

Redaction happens where a record is made, not on one logger: `configure_logging` (Django's
`LOGGING_CONFIG`) installs a log-record factory that blanks secret paths in the message and in
any traceback text of every record, whichever logger made it and whichever handler (ours, the
server's, a test's) writes it. The same check also sits on our handlers as a filter, for records
made before logging was configured.
"""

from __future__ import annotations

import logging
import logging.config
import re
import traceback
from collections.abc import Callable
from typing import Any

# A path separator, plain or percent-encoded (a `?next=` address carries the secret encoded).
_SEP = r"(?:/|%2[fF])"
# A token, key or uid-key: anything up to the next separator (a colon may come encoded).
_PART = r"[^/\s\"'?#&<>%]+(?:%3[aA][^/\s\"'?#&<>%]*)*"

SECRET_PATHS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"({_SEP}calendar{_SEP}){_PART}?\.ics"), r"\1[redacted].ics"),
    (re.compile(rf"({_SEP}join{_SEP}){_PART}"), r"\1[redacted]"),
    (re.compile(rf"({_SEP}confirm-email{_SEP}){_PART}"), r"\1[redacted]"),
    (re.compile(rf"({_SEP}password{_SEP}reset{_SEP}key{_SEP}){_PART}"), r"\1[redacted]"),
)
_MARKERS = ("calendar", "join", "confirm-email", "reset")


def redact(text: str) -> str:
    """`text` with every secret link's secret part replaced by "[redacted]"."""
    if not any(marker in text for marker in _MARKERS):
        return text
    for pattern, replacement in SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


def redact_record(record: logging.LogRecord) -> None:
    """Blank secrets in a record's message, traceback and stack, once."""
    if getattr(record, "redacted", False):
        return
    try:
        message = record.getMessage()
    except (TypeError, ValueError, KeyError):  # a malformed record: keep what can be kept
        message = str(record.msg)
    record.msg, record.args = redact(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    record.redacted = True


class RedactSecretLinks(logging.Filter):
    """A handler filter: redacts what reaches the handler, never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def _redacting_factory(
    make: Callable[..., logging.LogRecord],
) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = make(*args, **kwargs)
        redact_record(record)
        return record

    factory.redacts = True  # type: ignore[attr-defined]  # a mark install_record_factory reads
    return factory


def install_record_factory() -> None:
    """Redact every record any logger makes from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "redacts", False):
        logging.setLogRecordFactory(_redacting_factory(current))


def configure_logging(config: dict[str, Any]) -> None:
    """Django's LOGGING_CONFIG: redact everywhere, then apply the settings' LOGGING."""
    install_record_factory()
    logging.config.dictConfig(config)
