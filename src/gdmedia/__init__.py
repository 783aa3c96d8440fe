"""Everything between the pure core and the pixels, in layers (each package's docstring says what it
owns and may import; pyproject.toml's [tool.importlinter] keeps them one way):

- ``notes``: reading course notes, placing media, quoting facts, building sites;
- ``workflow``: config checking, the registry of scripts and their code, specs, trace json, running jobs;
- ``figure_kit`` (matplotlib), ``scene_kit`` (Manim), ``web`` (renditions): drawing and encoding;
- ``speed``: what exists only for speed;
- ``base``: style, options, frames, part files, chunks, storyboards.

Figures and scenes import from here; the core never does.
"""
