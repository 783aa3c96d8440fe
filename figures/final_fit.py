"""final_fit (still): the data, the line descent ended on, the least-squares line, and the residuals.

The least-squares line is a wide pale band beneath; the line descent ended on is
drawn on top of it, so both show where they coincide.  The residuals y − ŷ of
the final line are what descent made small (their mean square is twice the
loss).  Every number comes from the trace and ``gdsim.facts``.
"""

import matplotlib.pyplot as plt
import numpy as np

from gdmedia.base.options import FigureOptions
from gdmedia.base.style import (BAND_ALPHA, BAND_WIDTH, DATA_SIZE, LEGEND_SIZE, LINE_WIDTH, RESIDUAL_WIDTH,
                                ROLE, number)
from gdsim.regression import predict
from gdtrace import RegressionTrace


KIND = "regression"  # the trace kind it draws
STILL = True  # one picture (PNG and SVG), not an animation


def line_text(theta) -> str:
    return f"ŷ = {number('least_squares_theta', theta[0])} + {number('least_squares_theta', theta[1])}·x"


def draw(trace: RegressionTrace, options: FigureOptions, found):
    figure, ax = plt.subplots(figsize=options.figsize, dpi=options.dpi, layout="constrained")
    x_line = np.linspace(trace.x.min(), trace.x.max(), 2)
    final = trace.theta[-1]
    ax.plot(x_line, predict(trace.lstsq, x_line), color=ROLE["lstsq"], lw=BAND_WIDTH, alpha=BAND_ALPHA,
            solid_capstyle="butt", label=f"least squares: {line_text(trace.lstsq)}", zorder=1)
    fitted = predict(final, trace.x)
    ax.vlines(trace.x, np.minimum(trace.y, fitted), np.maximum(trace.y, fitted), color=ROLE["residual"],
              lw=RESIDUAL_WIDTH, label="residuals y − ŷ", zorder=2)
    ax.scatter(trace.x, trace.y, s=DATA_SIZE, color=ROLE["data"], label="data", zorder=3)
    ax.plot(x_line, predict(final, x_line), color=ROLE["fit"], lw=LINE_WIDTH, zorder=4,
            label=f"descent, step {trace.step[-1]}: {line_text(final)}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left", fontsize=LEGEND_SIZE)
    gap = number("final_distance", found["final_distance"])
    ax.set_title(f"Descent ends on the least-squares line (θ differs by {gap});\n"
                 "the residuals are what it made small")
    return figure
