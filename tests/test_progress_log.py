"""The compact progress log: one line per job started and finished, a bar for the run."""

from snakemake_logger_plugin_gdmedia import CompactFormatter, bar


def test_the_bar_fills_with_the_jobs_done():
    assert bar(0, 4, width=8) == "[░░░░░░░░] 0/4"
    assert bar(1, 4, width=8) == "[██░░░░░░] 1/4"
    assert bar(4, 4, width=8) == "[████████] 4/4"
    assert bar(3, 12, width=4) == "[█░░░]  3/12"


def test_a_job_is_one_line_when_it_starts_and_one_when_it_finishes():
    formatter = CompactFormatter()
    started = formatter.format_job_info({"jobid": 7, "rule_name": "figure", "wildcards": {"medium": "lr_gd"}})
    assert started == "▶ figure lr_gd"
    finished = formatter.format_job_finished({"job_id": 7})
    assert finished.startswith("✓ figure lr_gd  ") and finished.endswith(" s") and "\n" not in finished
    assert formatter.format_job_finished({"job_id": 7}) == ""  # reported once
    assert formatter.format_shellcmd({"cmd": None, "msg": None}) == ""  # never "Shell command: None"
