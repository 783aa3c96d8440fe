"""Sizes, fonts and colours live in gdmedia/base/style.py only: figures, scenes and drawing modules name them."""

import re
from pathlib import Path

import pytest

from conftest import ROOT

# Every module that draws: the figures, the scenes, and every module of both drawing kits and of the
# base they stand on but the style itself (derived from the folders: a new module is checked at once).
DRAWING = sorted([*ROOT.glob("figures/*.py"), *ROOT.glob("scenes/*.py"),
                  *ROOT.glob("src/gdmedia/figure_kit/*.py"), *ROOT.glob("src/gdmedia/scene_kit/*.py"),
                  *(p for p in ROOT.glob("src/gdmedia/base/*.py") if p.name != "style.py")])


def test_every_drawing_kit_module_is_checked():
    assert {p.parent.name for p in DRAWING} >= {"figures", "scenes", "figure_kit", "scene_kit", "base"}
    assert len([p for p in DRAWING if "src" in p.parts]) >= 12

# keyword=number for every size-like matplotlib or Manim keyword, a quoted colour, a Manim colour constant,
# or a named font
LITERALS = [
    re.compile(r"\b(fontsize|size|linewidths?|lw|ms|markersize|mew|markeredgewidth|s|width|headwidth|headlength"
               r"|font_size|stroke_width|radius|outer_radius|inner_radius|tip_length|stroke_opacity|fill_opacity"
               r"|opacity|mutation_scale)\s*=\s*[\d.]+"),
    re.compile(r"\b(color|fill_color|stroke_color|background_color)\s*=\s*(WHITE|BLACK|GRAY|GREY|RED|GREEN|BLUE|YELLOW"
               r"|ORANGE|PURPLE|PINK|TEAL|GOLD|MAROON)\w*\b"),
    re.compile(r"[\"']#[0-9A-Fa-f]{3,8}[\"']"),
    re.compile(r"\b(color|colors|fc|ec|mfc|mec|facecolor|edgecolor)\s*=\s*[\"'](?!none)[a-z]+[\"']"),
    re.compile(r"\b(family|fontfamily|font)\s*=\s*[\"']"),
    re.compile(r"\bweight\s*=\s*[\"']"),
]


@pytest.mark.parametrize("path", DRAWING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_size_font_or_colour_literal_outside_the_style(path: Path):
    found = [f"{path.name}:{n}: {line.strip()}" for n, line in enumerate(path.read_text().splitlines(), 1)
             if not line.lstrip().startswith("#") and any(p.search(line) for p in LITERALS)]
    assert not found, "name a constant from gdmedia.base.style instead:\n" + "\n".join(found)
