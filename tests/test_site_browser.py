"""The site follows the reader: in headless Chromium, with the dark scheme, reduced motion and a
high-DPI screen emulated, each picture shows the rendition it should (light or dark, moving or its
poster, 1× or @2x), and a figure's video plays from its WebM.  Screenshots: output/site_light.png,
output/site_dark.png, output/site_reduced_motion.png."""

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading

import pytest
import yaml

from conftest import ROOT, copy_project, snakemake

pytestmark = pytest.mark.slow

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
# What each reader's setting is emulated with (Chromium's own switches for the media features).
DARK = "--blink-settings=preferredColorScheme=0"
REDUCED = "--force-prefers-reduced-motion"
HIDPI = "--force-device-scale-factor=2"

CHECK_PAGE = """<!doctype html><meta charset="utf-8">
<iframe id="page" src="index.html" width="1280" height="3000"></iframe><pre id="result">pending</pre>
<script>
const frame = document.getElementById("page");
frame.onload = async () => {
  const doc = frame.contentDocument, win = frame.contentWindow;
  if (location.search.includes("switch")) {  // the reader clicks the header's light/dark switch
    [...doc.querySelectorAll("label[for^='__palette_']")].find(l => !l.hidden && l.offsetWidth > 0).click();
    await new Promise(r => setTimeout(r, 500));
  }
  const images = [...doc.querySelectorAll("article img")], videos = [...doc.querySelectorAll("article video")];
  await Promise.all(images.map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
  await Promise.all(videos.map(v => v.readyState >= 1 ? 0 :
    new Promise(r => { v.onloadedmetadata = v.onerror = r; v.load(); })));
  document.getElementById("result").textContent = JSON.stringify({
    scheme: doc.body.getAttribute("data-md-color-scheme"),
    images: images.map(i => ({src: i.getAttribute("src"), current: i.currentSrc.split("/").pop(),
                              shown: win.getComputedStyle(i).display !== "none" && i.offsetWidth > 0,
                              width: i.naturalWidth})),
    videos: videos.map(v => ({current: v.currentSrc.split("/").pop(), duration: v.duration, paused: v.paused})),
  });
};
</script>"""


def _page_markup() -> str:
    """The responsive markup of the project's own page (docs/gradient-descent.md) for lr_gd and final_fit."""
    lines = (ROOT / "docs" / "gradient-descent.md").read_text().splitlines()
    return "\n".join(line for line in lines if "<picture>" in line and ("lr_gd" in line or "final_fit" in line))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A notes folder with the project page's pictures and a figure's video, built as a site, small."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    config = yaml.safe_load((project / "config.yaml").read_text())
    for medium in config["media"].values():
        medium.update(frames=8, fps=10)
    (project / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    notes = project / "course"
    notes.mkdir()
    markup = _page_markup()
    assert markup.count("<picture>") == 4, "docs/gradient-descent.md shows lr_gd and final_fit light and dark"
    (notes / "index.md").write_text(
        "# Renditions\n\n" + markup + "\n\n"
        '<video controls preload="metadata" width="750" poster="media/lr_gd.png" aria-label="{{ alt(\'lr_gd\') }}">'
        '<source src="media/lr_gd.webm" type="video/webm"><source src="media/lr_gd.mp4" type="video/mp4"></video>\n')
    snakemake(project, "--cores", "1", "site", "--config", "docs=course")
    return project


def _serve(root):
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,),
                                     {"log_message": lambda *a: None}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def browse(site, tmp_path_factory):
    """``browse(name, *flags)``: what the page shows a reader with those settings; saves output/site_<name>.png."""
    chromium = shutil.which("chromium")
    assert chromium, "chromium is installed by `make` (scripts/install-system-deps.sh)"
    root = site / "output" / "site"
    (root / "check.html").write_text(CHECK_PAGE)
    server = _serve(root)
    url = f"http://127.0.0.1:{server.server_address[1]}"

    def look(name: str, *flags: str, page: str = "check.html", shot: bool = True) -> dict:
        profile = tmp_path_factory.mktemp(f"chromium-{name}")  # a fresh profile: no remembered scheme
        dom = subprocess.run([chromium, *FLAGS, *flags, f"--user-data-dir={profile}", "--virtual-time-budget=30000",
                              "--dump-dom", f"{url}/{page}"], capture_output=True, text=True, timeout=180).stdout
        if shot:  # what the reader sees, for a person to look at
            screenshot = ROOT / "output" / f"site_{name}.png"
            screenshot.parent.mkdir(exist_ok=True)
            subprocess.run([chromium, *FLAGS, *flags, f"--user-data-dir={profile}", "--window-size=1280,1800",
                            "--virtual-time-budget=10000", f"--screenshot={screenshot}", f"{url}/index.html"],
                           capture_output=True, timeout=180, check=True)
            assert screenshot.stat().st_size > 10_000
        return json.loads(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"'))

    yield look
    server.shutdown()


def _shown(found: dict) -> list[str]:
    """The file each visible picture shows; every image, shown or not, loaded."""
    return [i["current"] for i in found["images"] if i["shown"]]


def test_a_light_reader_sees_the_light_animation_and_still(browse):
    found = browse("light")
    assert found["scheme"] == "default"
    assert _shown(found) == ["lr_gd.gif", "final_fit.png"]
    assert all(i["width"] > 0 for i in found["images"] if i["shown"])


def test_a_dark_reader_sees_the_dark_renditions(browse):
    found = browse("dark", DARK)
    assert found["scheme"] == "slate"
    assert _shown(found) == ["lr_gd.dark.gif", "final_fit.dark.png"]


def test_the_sites_switch_shows_the_matching_rendition(browse):
    found = browse("switched", page="check.html?switch", shot=False)  # a light system, switched to dark on the page
    assert found["scheme"] == "slate"
    assert _shown(found) == ["lr_gd.dark.gif", "final_fit.dark.png"]
    back = browse("switched_back", DARK, page="check.html?switch", shot=False)  # a dark system, switched to light
    assert back["scheme"] == "default"
    assert _shown(back) == ["lr_gd.gif", "final_fit.png"]


def test_a_reader_who_asked_for_less_motion_sees_the_poster_not_the_loop(browse):
    found = browse("reduced_motion", REDUCED)
    assert _shown(found) == ["lr_gd.png", "final_fit.png"]
    video = found["videos"][0]
    assert video["paused"] and video["duration"] > 0  # the video waits for the reader's click


def test_a_high_dpi_screen_gets_the_at_2x_renditions(browse, site):
    from PIL import Image

    found = browse("hidpi", HIDPI)
    assert _shown(found) == ["lr_gd@2x.gif", "final_fit@2x.png"]
    # 1500 pixels drawn in the page's 750 CSS px: the browser divides by the 2x density.
    assert all(i["width"] == 750 for i in found["images"] if i["shown"])
    for name in _shown(found):
        with Image.open(site / "output" / "site" / "media" / name) as image:
            assert image.width == 1500, name


def test_dark_reduced_motion_and_high_dpi_compose(browse):
    found = browse("dark_reduced_hidpi", DARK, REDUCED, HIDPI)
    assert _shown(found) == ["lr_gd.dark@2x.png", "final_fit.dark@2x.png"]


def test_a_figures_video_plays_from_its_webm(browse):
    (video,) = browse("video", shot=False).get("videos")
    assert video["current"] == "lr_gd.webm" and video["duration"] > 0
