"""Keep secret links out of the logs.

A calendar feed's address and an invitation's address are their own secrets. Settings keep
4xx warnings out of the log already, but an error while serving one, or a development
server's request line, would still write the path. Settings attach this filter to Django's
request loggers, so the token is blanked before any handler sees the record.
"""

from __future__ import annotations

import logging
import re

SECRET_PATHS = (
    (re.compile(r"/calendar/[^/\s\"'?#]+\.ics"), "/calendar/[redacted].ics"),
    (re.compile(r"/join/[^/\s\"'?#]+/"), "/join/[redacted]/"),
)


class RedactSecretLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler
            return True
        if "/calendar/" in message or "/join/" in message:
            for pattern, replacement in SECRET_PATHS:
                message = pattern.sub(replacement, message)
            record.msg = message
            record.args = ()
        return True
