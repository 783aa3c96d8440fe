"""Every list of the same things kept in two places agrees with its owner: one table.

The owner is the code that uses the names (a dispatch table, a registry of
functions, the scripts' own declarations); the schema's enums, descriptions
and messages name the same things and are checked against it here, so adding
an optimizer, a surface or a figure that one place forgets fails with the
list named.
"""

import pytest

from conftest import ROOT
from gdmedia.workflow.jobs import registry
from gdmedia.workflow.settings.config import load_schema
from gdmedia.workflow.settings.sweeps import AXES, sweep_axes
from gdsim import kinds
from gdsim.curves import CURVES
from gdsim.kinds.regression import BATCH_MODES
from gdsim.optimizers import OPTIMIZERS
from gdsim.surfaces import SURFACES
from gdtrace.types import TRACES

SCHEMA = load_schema()
SIM = SCHEMA["$defs"]["simulation"]
MEDIUM = SCHEMA["$defs"]["medium"]["properties"]


def _optimizer_enum() -> list:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "name" in node.get("properties", {}) and "enum" in node["properties"]["name"] \
                    and "gd" in node["properties"]["name"]["enum"]:
                found.append(node["properties"]["name"]["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(SCHEMA)
    assert found, "no optimizer name enum in the schema"
    return found[0]


LISTS = [
    ("kinds: the dispatch table, the trace contract", sorted(kinds.MODULES), sorted(TRACES)),
    ("kinds: the dispatch table, the schema's simulation blocks", sorted(kinds.MODULES),
     sorted(next(iter(branch["required"])) for branch in SIM["oneOf"])),
    ("figures: their modules, the schema's enum", sorted(registry.figures(ROOT)), sorted(MEDIUM["figure"]["enum"])),
    ("scenes: their scripts, the schema's enum", sorted(registry.scenes(ROOT)), sorted(MEDIUM["scene"]["enum"])),
    ("optimizers: gdsim.optimizers, the schema's enum", sorted(OPTIMIZERS), sorted(_optimizer_enum())),
    ("surfaces: gdsim.surfaces, the schema's enum", sorted(SURFACES),
     sorted(SIM["properties"]["surface"]["properties"]["name"]["enum"])),
    ("curves: gdsim.curves, the schema's enum", sorted(CURVES),
     sorted(SIM["properties"]["curve"]["properties"]["name"]["enum"])),
    ("batch modes: the regression kind, the schema's single enum", sorted(BATCH_MODES),
     sorted(SIM["properties"]["regression"]["properties"]["batch"]["properties"]["mode"]["anyOf"][0]["enum"])),
    ("batch modes: the regression kind, the schema's list enum", sorted(BATCH_MODES),
     sorted(SIM["properties"]["regression"]["properties"]["batch"]["properties"]["mode"]["anyOf"][1]["items"]["enum"])),
]


@pytest.mark.parametrize("what, owner, other", LISTS, ids=[row[0] for row in LISTS])
def test_a_list_kept_in_two_places_agrees_with_its_owner(what, owner, other):
    assert owner == other, f"{what}: the owner has {owner}, the other place {other}"


@pytest.mark.parametrize("description, names", [
    (MEDIUM["figure"]["description"], sorted(registry.figures(ROOT))),
    (MEDIUM["scene"]["description"], sorted(registry.scenes(ROOT))),
], ids=["figures", "scenes"])
def test_the_schemas_words_name_every_script(description, names):
    assert not [name for name in names if name not in description], description


def test_every_sweep_axis_is_said_where_a_sweep_is_asked_for():
    said = sweep_axes()
    for path, _ in AXES:
        assert ".".join(path) in said
    assert "start.subsample" in said  # the axis the old hand-written message had dropped
