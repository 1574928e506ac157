"""The house's shape: no import cycles among briefkit's modules (the order of the stages is import-linter's
contract in pyproject.toml, run by `make lint`)."""

from __future__ import annotations

import graphlib

import grimp


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("briefkit", cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as cycle:
        raise AssertionError(f"import cycle: {' -> '.join(cycle.args[1])}") from None


def test_every_stage_is_in_the_layers_contract() -> None:
    import tomllib

    from conftest import REPO

    contract = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"][0]
    graph = grimp.build_graph("briefkit", cache_dir=None)
    top = {module.split(".")[1] for module in graph.modules if module.count(".") >= 1}
    layered = {layer.split(".")[1] for layer in contract["layers"]}
    assert top - {"__main__", "themes"} <= layered, f"not in any layer: {sorted(top - layered)}"
