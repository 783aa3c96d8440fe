import subprocess
import sys
import textwrap


def test_log_to_catches_python_and_child_stderr(tmp_path):
    log = tmp_path / "job.log"
    program = textwrap.dedent(f"""
        import subprocess, sys
        from gdmedia.workflow.jobs.runner import log_to
        log_to({str(log)!r})
        print("from python", file=sys.stderr)
        subprocess.run([sys.executable, "-c", "import sys; sys.stderr.write('from a child')"])
    """)
    subprocess.run([sys.executable, "-c", program], check=True)
    text = log.read_text()
    assert "from python" in text and "from a child" in text
