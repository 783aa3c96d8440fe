"""What an author runs beside a build: variants side by side, the notebook helper, working copies
of the checkout, and a scene Manim runs by hand (``standalone``).  May import ``settings`` and ``jobs``."""
