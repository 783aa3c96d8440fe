"""Rule ``gallery``: one page showing every medium, its caption, its alt text and the command that rebuilds it.

The page is written to ``output/gallery.md``, outside every notes folder, so a
stale one is never read as a note; the site build (``scripts/site_hooks.py``)
adds it as ``gallery.md`` with each medium copied from ``output/`` to ``gallery/``.

Importable: ``write_gallery(media, out_path)`` does the work; the footer runs it under Snakemake.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.workflow.jobs.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import html  # noqa: E402
from pathlib import Path  # noqa: E402

from gdmedia.workflow.settings.config import STILL_FIGURES  # noqa: E402


def entry(name: str, medium: dict) -> str:
    """The gallery section for one medium, with paths relative to the page: ``gallery/<file>``."""
    alt = html.escape(medium["alt"], quote=True)
    if "scene" in medium:
        shown = (f'<video controls preload="metadata" width="750" src="gallery/{name}.mp4" '
                 f'poster="gallery/{name}.png" aria-label="{alt}"></video>')
        target, kind = f"output/{name}.mp4", f"Manim scene `{medium['scene']}`"
    elif medium["figure"] in STILL_FIGURES:
        shown, target, kind = (f'<img src="gallery/{name}.png" width="750" alt="{alt}">', f"output/{name}.png",
                               f"still `{medium['figure']}`")
    else:
        shown, target, kind = (f'<img src="gallery/{name}.gif" width="750" alt="{alt}">', f"output/{name}.gif",
                               f"animation `{medium['figure']}`")
    caption = medium.get("caption") or name
    return (f"## {name}\n\n{caption}\n\n{shown}\n\n"
            f"{kind}, from the simulation `{medium['simulation']}`. Rebuild: `snakemake {target}`\n")


def write_gallery(media: dict, out_path: str | Path) -> None:
    sections = [entry(name, medium) for name, medium in media.items()]
    text = "# Gallery\n\nEvery medium this pipeline makes, as configured in `config.yaml`.\n\n" + "\n".join(sections)
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    Path(out_path).write_text(text, encoding="utf-8")


if "snakemake" in globals():
    write_gallery(snakemake.params.media, snakemake.output.page)  # noqa: F821
