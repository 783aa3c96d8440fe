"""MultiModalDescent: balls roll into different minima of one surface.

Storyboard: the surface rises out of the plane; minima are marked (the global
one apart); balls appear at their starts and roll along their precomputed
paths while the camera swings round; each settles in its own minimum; a
caption closes: where you start decides where you end.
"""

if "snakemake" in globals():  # under Snakemake, stderr goes to the log before anything can fail
    from gdmedia.runner import log_to

    log_to(snakemake.log[0])  # noqa: F821

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DEGREES, DOWN, LEFT, UP, Create, Dot3D, FadeIn, Surface, ThreeDAxes, ThreeDScene, ValueTracker, VGroup, linear,
)

from gdmedia.frames import frame_rows  # noqa: E402
from gdmedia.scene_kit import TracedScene, colour, label  # noqa: E402
from gdmedia.options import SceneOptions  # noqa: E402
from gdmedia.scene_render import render_scene  # noqa: E402
from gdmedia.style import basin_colour  # noqa: E402
from gdsim.simulate import SurfaceTrace  # noqa: E402
from gdsim.surfaces import get_surface  # noqa: E402

SURFACE_RESOLUTION = 22  # patches per side: smoother costs render time
# Balls move, so their facets are drawn every frame (the surface is drawn once);
# at about 10 px across, 5 × 6 facets look as round as Manim's default 8 × 8.
BALL_RESOLUTION = (5, 6)
CAMERA_SWING_DEG = 60  # how far the camera turns to show the landscape, before the balls roll


class MultiModalDescent(TracedScene, ThreeDScene):
    script = "multi_modal_descent"

    def construct(self):
        self.paint_background()
        self.place_camera()
        self.raise_surface()
        self.show_the_landscape()
        self.mark_minima()
        self.roll_balls()
        self.close_with_caption()
        self.wait(self.options.hold_s)

    def place_camera(self):
        # Flat colours: per-face shading is recomputed every frame and costs more than it shows.
        self.renderer.camera.should_apply_shading = False
        self.set_camera_orientation(phi=(90 - self.options.elevation_deg) * DEGREES,
                                    theta=(self.options.azimuth_deg - CAMERA_SWING_DEG) * DEGREES, zoom=0.78)

    def show_the_landscape(self):
        """Swing the camera round once; it then stays still, so the GIF stays small."""
        self.move_camera(theta=self.options.azimuth_deg * DEGREES, run_time=2.5)

    def raise_surface(self):
        t = self.trace
        surface_fn = get_surface(t.surface).value
        (x0, x1), (y0, y1) = t.bounds
        grid = np.stack(np.meshgrid(np.linspace(x0, x1, 60), np.linspace(y0, y1, 60)), axis=-1)
        z = surface_fn(grid)
        self.axes = ThreeDAxes(x_range=[x0, x1, 1], y_range=[y0, y1, 1], z_range=[float(z.min()), float(z.max()), 1],
                               x_length=7, y_length=7, z_length=3.2, axis_config={"color": colour("text")})
        self.height = lambda x, y: float(surface_fn(np.array([x, y])))
        self.surface = Surface(lambda u, v: self.axes.c2p(u, v, self.height(u, v)),
                               u_range=[x0, x1], v_range=[y0, y1],
                               resolution=(SURFACE_RESOLUTION, SURFACE_RESOLUTION),
                               fill_opacity=0.85, stroke_width=0.3, stroke_color=colour("grid"))
        self.surface.set_fill_by_value(axes=self.axes, colorscale=_cividis_steps(), axis=2)
        title = label("Gradient descent from ten starts on one surface", 28).to_edge(UP, buff=0.3)
        self.add_fixed_in_frame_mobjects(title)
        self.play(FadeIn(title), Create(self.surface), run_time=2)
        self.title = title

    def mark_minima(self):
        t = self.trace
        marks = []
        for index, (mx, my) in enumerate(t.minima):
            is_global = index == t.global_minimum
            marks.append(Dot3D(self._lifted(mx, my), radius=0.22 if is_global else 0.2,
                               color=colour("global_min" if is_global else "local_min")))
        legend = VGroup(label("yellow: global minimum", 22), label("white: local minima", 22))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.1).to_corner(UP + LEFT, buff=0.4).shift(DOWN * 0.6)
        self.add_fixed_in_frame_mobjects(legend)
        self.play(*[FadeIn(m) for m in marks], FadeIn(legend), run_time=1)

    def roll_balls(self):
        t = self.trace
        rows = frame_rows(len(t.step), self.options.frames, self.options.early_bias)
        progress = ValueTracker(0.0)
        ranks = _depth_ranks(t)
        balls = []
        for k, path in enumerate(t.paths):
            end = t.end_minimum[k]
            ball = Dot3D(self._lifted(*path[0]), radius=0.14, resolution=BALL_RESOLUTION,
                         color=basin_colour(ranks[end] if end >= 0 else -1))

            def roll(mob, path=path):
                row = rows[int(round(progress.get_value() * (len(rows) - 1)))]
                mob.move_to(self._lifted(*path[row]))

            ball.add_updater(roll)
            balls.append(ball)
        self.add_foreground_mobjects(*balls)  # always in view, even on a well's far side
        self.play(*[FadeIn(b) for b in balls], run_time=0.8)
        self.play(progress.animate.set_value(1.0), run_time=self.options.seconds, rate_func=linear)
        for ball in balls:
            ball.clear_updaters()

    def close_with_caption(self):
        caption = label("Where you start decides where you end", 32).to_edge(DOWN, buff=0.35)
        # Shown at once: a fade of fixed-in-frame text here blends its glyphs in an
        # order that varies run to run, and the MP4 would differ by a few pixels.
        self.add_fixed_in_frame_mobjects(caption)
        self.wait(1)

    def _lifted(self, x, y):
        """A point just above the surface, so balls sit on it rather than in it."""
        return self.axes.c2p(x, y, self.height(x, y)) + np.array([0, 0, 0.12])


def _cividis_steps():
    """The style's surface colormap as a few Manim colours, low to high."""
    import matplotlib

    from gdmedia.style import SURFACE_CMAP
    from manim import ManimColor

    cmap = matplotlib.colormaps[SURFACE_CMAP]
    return [ManimColor(matplotlib.colors.to_hex(cmap(v))) for v in np.linspace(0, 1, 6)]


def _depth_ranks(trace: SurfaceTrace) -> np.ndarray:
    """Rank of each minimum by depth (0 = global), the same colouring as the figure."""
    values = get_surface(trace.surface).value(trace.minima) if len(trace.minima) else np.array([])
    ranks = np.empty(len(values), dtype=int)
    ranks[np.argsort(values)] = np.arange(len(values))
    return ranks


def render(trace: SurfaceTrace, out_path, *, options: SceneOptions):
    """Write ``out_path`` (.mp4) and, beside it, the .gif and the .png poster; return the scene."""
    return render_scene(MultiModalDescent, trace, out_path, options)


if "snakemake" in globals():
    from gdmedia.runner import run_scene

    run_scene(snakemake, render)  # noqa: F821
