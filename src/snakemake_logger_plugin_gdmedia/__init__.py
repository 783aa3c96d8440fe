"""Progress a person can read: one line per job started and finished, and a bar for the run.

A Snakemake logger plugin (``--logger gdmedia``, the default profile's choice).
Snakemake's own output prints a block of ten lines per job (input, output, log,
resources, ``Shell command: None`` for script rules); a rebuild of every medium
makes about a thousand lines.  Here a job is one line when it starts and one
when it finishes, with what it makes (``figure lr_gd``), its time and a bar of
the whole run:

    ▶ scene regression_fit
    ✓ scene regression_fit  24.2 s   [███████████░░░░░░░░░]  17/30

Everything else (warnings, errors with their logs, the job table of a dry run,
"Nothing to be done") is printed as Snakemake prints it.  A dry run, ``-p``
(print shell commands) and ``--verbose`` keep Snakemake's full job blocks.  The full detail
of every run stays in ``.snakemake/log/`` and in each job's own log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from snakemake.logging import ColorizingTextHandler, DefaultFilter, DefaultFormatter
from snakemake_interface_logger_plugins.base import LogHandlerBase
from snakemake_interface_logger_plugins.common import LogEvent
from snakemake_interface_logger_plugins.settings import LogHandlerSettingsBase

BAR_WIDTH = 20
# Scheduler chatter that says nothing a person acts on; the log file keeps it.
CHATTER = ("Select jobs to execute", "Execute ", "Using shell:", "Provided cores:", "Rules claiming more threads",
           "Building DAG of jobs")


@dataclass
class LogHandlerSettings(LogHandlerSettingsBase):
    """No settings: quietness and colour come from Snakemake's own options."""


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """``[████░░░░]  3/8``: the run's progress as text that reads the same in a log file."""
    filled = width if total <= 0 else round(width * done / total)
    return f"[{'█' * filled}{'░' * (width - filled)}] {done:>{len(str(total))}}/{total}"


def what(msg: dict[str, Any]) -> str:
    """``figure lr_gd``: the rule, then its wildcard values, the thing a person knows the job by."""
    wildcards = msg.get("wildcards") or {}
    values = wildcards.values() if isinstance(wildcards, dict) else [str(wildcards)]
    return " ".join([msg["rule_name"], *(str(v) for v in values)])


class CompactFormatter(DefaultFormatter):
    """Snakemake's formatter, with one line per job start and finish and a bar for progress."""

    def __init__(self, quiet=None, show_failed_logs: bool = False):
        super().__init__(quiet, show_failed_logs)
        self.jobs: dict[int, tuple[str, float]] = {}
        self.finished: list[str] = []
        self.progress = (0, 0)

    def format_job_info(self, msg: dict[str, Any]) -> str:
        self.jobs[msg["jobid"]] = (what(msg), time.monotonic())
        return f"▶ {what(msg)}"

    def format_job_finished(self, msg: dict[str, Any]) -> str:
        name, started = self.jobs.pop(msg.get("job_id"), (None, None))
        if name is None:
            return ""
        self.finished.append(name)
        return f"✓ {name}  {time.monotonic() - started:.1f} s"

    def format_progress(self, msg: dict[str, Any]) -> str:
        self.progress = (msg["done"], msg["total"])
        return f"  {bar(*self.progress)}"

    def format_shellcmd(self, msg: dict[str, Any]) -> str:
        return msg.get("cmd") or ""  # never "Shell command: None" for a script rule


class LogHandler(LogHandlerBase, ColorizingTextHandler):
    """Writes to stderr like Snakemake's default handler, in the compact format above."""

    @property
    def full(self) -> bool:
        """Snakemake's own job blocks: asked for, or a dry run that explains its plan."""
        settings = self.common_settings
        return bool(settings.dryrun or settings.verbose or settings.printshellcmds)

    def __post_init__(self) -> None:
        settings = self.common_settings
        ColorizingTextHandler.__init__(
            self,
            nocolor=settings.nocolor,
            stream=__import__("sys").stdout if settings.stdout else __import__("sys").stderr,
            formatter=(DefaultFormatter(settings.quiet, settings.show_failed_logs) if self.full
                       else CompactFormatter(settings.quiet, settings.show_failed_logs)),
            filter=DefaultFilter(settings.quiet, settings.debug_dag, settings.verbose, settings.dryrun,
                                 settings.printshellcmds),
        )

    def emit(self, record) -> None:
        if not self.full:
            if getattr(record, "event", None) == LogEvent.WORKFLOW_STARTED:
                return  # the run's metadata block: in the log file, not on screen
            if str(record.msg or "").startswith(CHATTER):
                return
            self.last_msg_was_job_info = True  # no blank line before each job's line
        ColorizingTextHandler.emit(self, record)

    @property
    def writes_to_stream(self) -> bool:
        return True

    @property
    def writes_to_file(self) -> bool:
        return False

    @property
    def has_filter(self) -> bool:
        return True

    @property
    def has_formatter(self) -> bool:
        return True

    @property
    def needs_rulegraph(self) -> bool:
        return False


__all__ = ["LogHandler", "LogHandlerSettings", "LogEvent", "bar"]
