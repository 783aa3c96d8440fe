"""The docs site: built strict, then loaded in headless Chromium from a local server."""

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading

import pytest

from conftest import ROOT, copy_built, snakemake

pytestmark = pytest.mark.slow

CHECK_PAGE = """<!doctype html><meta charset="utf-8">
<iframe id="page" src="gallery.html" width="1280" height="3000"></iframe><pre id="result">pending</pre>
<script>
const frame = document.getElementById("page");
frame.onload = async () => {
  const doc = frame.contentDocument;
  const images = [...doc.images], videos = [...doc.querySelectorAll("video")];
  await Promise.all(images.map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
  await Promise.all(videos.map(v => v.readyState >= 1 ? 0 :
    new Promise(r => { v.onloadedmetadata = v.onerror = r; v.load(); })));
  document.getElementById("result").textContent = JSON.stringify({
    images: images.map(i => [i.getAttribute("src"), i.naturalWidth]),
    videos: videos.map(v => [v.getAttribute("src"), v.duration]),
  });
};
</script>"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    """The real docs and the session's built project (small config, low quality), its site built too,
    in a copy of its own (the shared project stays as built)."""
    project = copy_built(built, tmp_path_factory.mktemp("site") / "project")
    snakemake(project, "--cores", "2", "site")
    return project


def test_broken_link_fails_the_strict_build(site, tmp_path):
    """The ``site`` rule's strict MkDocs build refuses a note linking to a page that does not exist, naming it."""
    project = copy_built(site, tmp_path / "broken")
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee [the missing page](nowhere-to-be-found.md).\n")
    result = snakemake(project, "--cores", "1", "site", check=False)
    assert result.returncode != 0
    log = (project / "output" / "logs" / "docs" / "site.log").read_text()
    assert "nowhere-to-be-found.md" in log and "not found" in log, log[-2000:]
    said = result.stdout + result.stderr
    assert "site" in said and ("strict" in said or "site.log" in said), said[-3000:]


def serving(root):
    """A local HTTP server on ``root``: (url, stop)."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        thread.join()

    return f"http://127.0.0.1:{server.server_address[1]}", stop


def rendered_dom(chromium, profile, url: str) -> str:
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    ).stdout


def test_mathjax_is_served_from_the_site_itself(site):
    root = site / "output" / "site"
    assert (root / "javascripts" / "mathjax" / "tex-svg.js").stat().st_size > 1_000_000
    page = (root / "gradient-descent.html").read_text()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert any(s.endswith("javascripts/mathjax/tex-svg.js") for s in scripts), scripts
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))], scripts  # no CDN


def test_maths_is_typeset_in_chromium_with_no_raw_tex_left_on_any_page(site):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is installed by `make` (scripts/install-system-deps.sh)"
    root = site / "output" / "site"
    pages = sorted(p.name for p in root.glob("*.html") if p.name != "404.html")
    url, stop = serving(root)
    try:
        doms = {page: rendered_dom(chromium, site / "chromium-maths", f"{url}/{page}") for page in pages}
    finally:
        stop()
    typeset = {page: dom.count("<mjx-container") for page, dom in doms.items()}
    assert typeset["gradient-descent.html"] >= 10, typeset
    for page, dom in doms.items():
        body = re.sub(r"<(script|style|code|pre)\b.*?</\1>", "", dom.split("<body", 1)[-1], flags=re.S)
        text = re.sub(r"<[^>]+>", "", body)
        raw = re.findall(r"\$[^$\s][^$]*\$|\\\(|\\\[|\\frac|\\theta", text)
        assert not raw, (page, raw[:5])


def test_every_image_and_video_loads_in_chromium(site):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is installed by `make` (scripts/install-system-deps.sh)"
    root = site / "output" / "site"
    (root / "check.html").write_text(CHECK_PAGE)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    profile = site / "chromium-profile"
    try:
        dom = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=30000",
             "--dump-dom", f"{url}/check.html"],
            capture_output=True, text=True, timeout=120,
        ).stdout
        screenshot = ROOT / "output" / "site_screenshot.png"
        screenshot.parent.mkdir(exist_ok=True)
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2200",
             "--hide-scrollbars", f"--screenshot={screenshot}", f"{url}/gallery.html"],
            capture_output=True, timeout=120, check=True,
        )
    finally:
        server.shutdown()
        thread.join()
    found = json.loads(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"'))
    assert len(found["images"]) >= 9 and len(found["videos"]) == 4
    assert all(width > 0 for _, width in found["images"]), found["images"]
    assert all(duration and duration > 0 for _, duration in found["videos"]), found["videos"]
    assert screenshot.stat().st_size > 10_000
