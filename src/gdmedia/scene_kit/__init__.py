"""The Manim kit scenes are drawn with, and the renderer that runs them.

``kit`` (what a scene's ``construct`` calls: colours, words, numbers,
``TracedScene``), ``live_number``, ``mobjects`` (the kit's floor: TeX
template, glyph paths, the render's memo), ``render`` (one Manim session,
frames to chunks) and ``segments`` (a render cut into jobs).  Imports go
downward in that order.  May import ``gdmedia.base``, ``gdmedia.speed``'s SVG
cache, ``gdtrace`` and the core's pure maths; never the figure kit.
"""
