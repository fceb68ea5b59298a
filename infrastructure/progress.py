"""A progress bar for long management commands, on stderr (`import_cooperatives`,
`generate_cooperatives`): redrawn in place on a terminal, a few plain lines in a log (CI),
nothing with --verbosity 0. Written here rather than taken from a library: it is this much."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.management.base import OutputWrapper


class TerminalProgress:
    """Call it as `progress(phase, done, total)`, the signature of the import's and the write
    path's `progress` callbacks. On a terminal it redraws one line about every 1%; elsewhere,
    for long work only (more than LONG items), it writes one line at each quarter."""

    WIDTH = 30
    LONG = 500  # items; shorter work in a log is not worth any line
    TERMINAL_STEPS = 100
    LOG_STEPS = 4

    def __init__(
        self,
        stream: OutputWrapper,
        *,
        verbosity: int = 1,
        labels: Mapping[str, str] | None = None,
        unit: str = "rows",
    ) -> None:
        self.stream = stream
        self.is_tty = stream.isatty()
        self.quiet = verbosity < 1
        self.labels = dict(labels or {})
        self.unit = unit
        self.last: tuple[str, int] | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.quiet or total <= 0 or not (self.is_tty or total > self.LONG):
            return
        steps = self.TERMINAL_STEPS if self.is_tty else self.LOG_STEPS
        step = min(done, total) * steps // total
        if self.last == (phase, step) or (not self.is_tty and step == 0):
            return
        self.last = (phase, step)
        filled = min(done, total) * self.WIDTH // total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        label = self.labels.get(phase, phase)
        percent = min(done, total) * 100 // total
        text = f"{label:<10} [{bar}] {percent:3d}% {done:,}/{total:,} {self.unit}"
        if self.is_tty:
            # \r and a cleared line: the bar is redrawn where it is; a new line once complete.
            self.stream.write(
                f"\r\x1b[2K{text}", style_func=str, ending="\n" if done >= total else ""
            )
        else:
            self.stream.write(text, style_func=str)
        self.stream.flush()
