"""The matplotlib kit figures are drawn with: one drawing, many frames, written fast.

``animate`` (an animated figure's render: GIF, last frame, storyboard),
``still`` (PNG and SVG), ``panels`` (the shared panels: contours, compared
runs, scoreboards), ``labels`` (placing words off the lines) and ``gif`` (the
blitting GIF writer).  May import ``gdmedia.base``, ``gdmedia.speed``'s glyph
cache, ``gdtrace`` and the core's pure maths (``gdsim.regression``,
``gdsim.surfaces``, ``gdsim.measures``); never the scene kit, Manim, the
workflow, or anything that simulates.
"""
