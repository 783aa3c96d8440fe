"""Everything between the pure core and the pixels.

Config checking and conversion to core specs, trace files, the shared style,
frame selection, the fast GIF writer, and the glue that runs a script under
Snakemake.  Figures and scenes import from here; the core never does.
"""

# Keys a script's ``begin`` leaves in the script's globals for its footer
# (``animated``, ``still``, ``scene``): the Snakemake run of the render it makes,
# and a scene's inputs when Manim runs it by hand.  The footer reads them, so
# the drawing side imports no workflow glue.
FOOTER = "__gdmedia_footer__"
BY_HAND = "__gdmedia_by_hand__"


def figure_render(write, scope: dict | None):
    """A figure's ``render(trace, out_path, *, options, found, also=())`` from
    ``write(trace, out_paths, options, found)``, handed to the footer ``begin`` left in ``scope``
    (under Snakemake it runs the job at once).

    ``found`` is the trace's facts (a list for a sweep): under Snakemake those the simulation
    wrote beside the trace; from Python, ``gdmedia.workflow.traces.measured(trace)``.  ``also`` names more files of the same figure (its last
    frame, storyboard, SVG) that the one drawing writes too: a job with several outputs draws
    the figure once."""
    from pathlib import Path

    def render(trace, out_path, *, options, found, also=()):
        write(trace, [out_path, *also], options, found)
        return Path(out_path)

    render.__doc__ = write.__doc__
    if scope and FOOTER in scope:
        scope[FOOTER](render)
    return render
