"""Leak detection: requests made as one reader, with every marker looked for in everything the
request produced: the response body, headers and cookies, every log line, every email.
"""

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.messages.storage.cookie import CookieStorage
from django.core import mail
from django.test import TestCase

from tests.shielding.leak_crawl import admin_model_label
from tests.shielding.markers import Marker


@dataclass(frozen=True)
class Leak:
    reader: str
    method: str
    path: str
    channel: str
    marker: str

    def __str__(self) -> str:
        return f"{self.reader}: {self.method} {self.path} shows {self.marker} in {self.channel}"


@dataclass
class LeakReport:
    """What a crawl found: the leaks, and enough about the crawl to show that it really ran."""

    reader: str
    leaks: list[Leak] = field(default_factory=list)
    requests: int = 0
    log_lines: int = 0
    emails: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    # Marker fields seen where the reader may see them: the proof that markers are visible at all.
    sightings: set[str] = field(default_factory=set)

    def summary(self) -> str:
        lines = [
            f"{len(self.leaks)} leak(s) as {self.reader} in {self.requests} requests, "
            f"{self.log_lines} log lines and {self.emails} emails:"
        ]
        lines += [f"  {leak}" for leak in self.leaks[:50]]
        lines += [f"  server error: {error}" for error in self.server_errors[:20]]
        return "\n".join(lines)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.error_types: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
            self.error_types.append(record.exc_info[0].__name__)
        self.lines.append(text)


@contextmanager
def every_log_line() -> Iterator[_Collector]:
    """Collect every log record of every logger at DEBUG, including loggers that do not propagate
    to the root (django.request is one: its error lines would otherwise go unseen)."""
    collector = _Collector()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collector)
        logger.setLevel(logging.DEBUG)
    try:
        yield collector
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(collector)
            logger.setLevel(level)


class LeakDetector:
    """Makes requests as one reader and records every marker seen where that reader may not see it.

    `may_see(marker, overriding)` is the reader's allowance; `recipient_may_see(address)` is an
    email recipient's. A marker the request itself carried (a postcode typed into a search) may be
    echoed in the body of its own response, and nowhere else. Log lines may hold no marker at all:
    whoever reads the logs is not the reader.
    """

    def __init__(self, *, reader: str, markers, may_see, recipient_may_see, log: _Collector):
        self.markers: list[Marker] = list(markers)
        self.may_see = may_see
        self.recipient_may_see = recipient_may_see
        self.log = log
        self.report = LeakReport(reader=reader)

    def request(self, client, method: str, path: str, data=None, *, overriding=False, **extra):
        """One request, checked. Returns the response."""
        log_start, mail_start = len(self.log.lines), len(mail.outbox)
        errors_start = len(self.log.error_types)
        # Callbacks that wait for the commit (emails, tasks) run, so that what they send is checked.
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = getattr(client, method.lower())(path, data, **extra)
        self.report.requests += 1
        self.report.statuses[response.status_code] += 1
        where = (method.upper(), path)
        typed = self._typed(data)
        register = admin_model_label(path.lstrip("/"))

        def reader_permitted(marker: Marker) -> bool:
            if self.may_see(marker, overriding):
                self.report.sightings.add(marker.field)
                return True
            return marker.public_register is not None and marker.public_register == register

        body = _body_text(response)
        self._check(
            where, "body", body, lambda marker: reader_permitted(marker) or marker.field in typed
        )
        self._check(where, "headers", _header_text(response), reader_permitted)
        for line in self.log.lines[log_start:]:
            self.report.log_lines += 1
            self._check(where, "log", line, lambda _marker: False)
        for message in mail.outbox[mail_start:]:
            self.report.emails += 1
            recipients_ok = all(map(self.recipient_may_see, message.recipients()))
            self._check(where, "email", _email_text(message), lambda _marker, ok=recipients_ok: ok)
        if response.status_code == 500:
            errors = ", ".join(self.log.error_types[errors_start:]) or "no exception logged"
            self.report.server_errors.append(
                f"{method} {path} -> {response.status_code} ({errors})"
            )
        return response

    def _typed(self, data) -> set[str]:
        text = repr(data) if data else ""
        return {marker.field for marker in self.markers if _contains(text, marker)}

    def _check(self, where: tuple[str, str], channel: str, text: str, permitted) -> None:
        for marker in self.markers:
            if _contains(text, marker) and not permitted(marker):
                self.report.leaks.append(Leak(self.report.reader, *where, channel, marker.field))


def _contains(text: str, marker: Marker) -> bool:
    return any(spelling in text for spelling in marker.spellings)


def _body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _header_text(response) -> str:
    headers = [f"{name}: {value}" for name, value in response.items()]
    cookies = [f"{name}={morsel.value}" for name, morsel in response.cookies.items()]
    return "\n".join(headers + cookies + _flash_messages(response))


def _flash_messages(response) -> list[str]:
    """The messages framework's cookie, decoded: it is signed and compressed, so a marker in a
    message would not show in the cookie's raw value."""
    morsel = response.cookies.get(CookieStorage.cookie_name)
    if morsel is None or not morsel.value:
        return []
    decoded = CookieStorage(response.wsgi_request)._decode(morsel.value) or []
    return [str(message) for message in decoded]


def _email_text(message) -> str:
    alternatives = [content for content, _type in getattr(message, "alternatives", [])]
    headers = [f"{name}: {value}" for name, value in message.extra_headers.items()]
    return "\n".join([message.subject, message.body, *map(str, alternatives), *headers])
