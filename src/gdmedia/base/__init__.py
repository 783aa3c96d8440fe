"""The ground both drawing kits stand on; imports neither kit, the core's simulation nor the workflow.

``style`` (every size, font, colour and number format), ``options`` (a medium's
render options, typed), ``frames`` (which trace rows become frames),
``lifetime`` (part files, and dying with Snakemake), ``chunks`` (video encoded
chunk by chunk) and ``storyboard`` (key frames in one still).  May import
NumPy, PIL and matplotlib's non-drawing parts; never ``gdmedia.figure_kit``,
``gdmedia.scene_kit``, ``gdmedia.workflow`` or ``gdsim``'s simulation.
"""
