"""Everything between the pure core and the pixels.

Config checking and conversion to core specs, trace files, the shared style,
frame selection, the fast GIF writer, and the glue that runs a script under
Snakemake.  Figures and scenes import from here; the core never does.
"""
