"""Pure NumPy core of the gradient-descent pipeline.

Owns the maths only: datasets, the regression model and its gradient, the 2-D
test surfaces, optimizers as pure init/update pairs, and the descent loop with
its stopping rules.  Each problem kind (regression, surface, curve) owns its
spec, trace, facts and simulation in ``kinds/``, behind the one table in
``kinds/__init__.py``.  Nothing here plots, touches files or knows Snakemake.
"""
