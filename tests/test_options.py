from gdmedia.base.options import FigureOptions


def test_from_mapping_keeps_known_fields_and_derives_play_time(config):
    medium = dict(config["media"]["lr_gd"])
    options = FigureOptions.from_mapping(medium)
    assert options.width_px == medium["width_px"]
    assert options.figsize == (medium["width_px"] / medium["dpi"], medium["height_px"] / medium["dpi"])
    assert options.play_s == medium["frames"] / medium["fps"] + medium["hold_s"] + 1.5  # first picture's hold
    assert not hasattr(options, "simulation")
