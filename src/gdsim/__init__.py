"""Pure NumPy core of the gradient-descent pipeline.

Owns the maths only: datasets, the regression model and its gradient, the 2-D
test surfaces, optimizers as pure init/update pairs, and the descent loop with
its stopping rules.  Nothing here plots, touches files or knows Snakemake.
"""
