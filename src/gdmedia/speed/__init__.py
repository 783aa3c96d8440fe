"""What exists only for speed: remove any of these and every output stays byte-identical, only slower.

``quick_exit`` (Snakemake's exit skips the collector), ``glyphs`` (the GIF
writer's text cache) and ``svg_cache`` (Manim's formulas and words made once
across renders).  Two more live with what they serve, each saying so:
``gdmedia.workflow.settings.config_workflow`` (config.yaml read once, by the C loader)
and ``gdmedia.notes.cache`` (notes not parsed again while their bytes are
unchanged).
Imports ``gdmedia.base`` at most.
"""
