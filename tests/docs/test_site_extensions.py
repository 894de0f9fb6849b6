"""The documentation site's own extensions (docs/_ext): the API pages list every public name,
and plain-text formulas reach the page as written."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))

import glassnet_api  # noqa: E402
from plain_math import make_plain_math_safe  # noqa: E402


@pytest.fixture(scope="module")
def reference():
    return glassnet_api.collect()


def test_every_name_in_every_all_is_in_the_reference(reference):
    sections, pages, _ = reference
    for module_name, page in pages.items():
        module = importlib.import_module(module_name)
        listed = set(page.names) | {alias for alias, _ in page.aliases} | {s.rsplit(".", 1)[1] for s in page.submodules}
        missing = set(getattr(module, "__all__", [])) - listed
        assert not missing, f"{module_name}: {sorted(missing)} are public but not in the reference"


def test_every_top_level_module_has_a_page_in_a_section(reference):
    sections, pages, top_names = reference
    import glassnet
    in_sections = {module for modules in sections.values() for module in modules}
    for module, attribute in glassnet._LAZY.values():
        top = ".".join(module.split(".")[:2])
        assert top in in_sections and top in pages, top
    assert top_names["Sequential"] == "glassnet.models.Sequential"
    assert "glassnet.cli" not in pages


def test_an_alias_is_documented_once_and_pointed_to(reference):
    _, pages, _ = reference
    layers = pages["glassnet.layers"]
    documented = {"MaxPooling2D", "MaxPool2D"} & set(layers.names)
    assert len(documented) == 1
    aliases = dict(layers.aliases)
    other = ({"MaxPooling2D", "MaxPool2D"} - documented).pop()
    assert aliases[other] == f"glassnet.layers.{documented.pop()}"


def test_a_module_that_cannot_be_imported_stops_the_build_with_its_reason(monkeypatch):
    def broken(name):
        raise ModuleNotFoundError("No module named 'sqlalchemy'", name="sqlalchemy")
    monkeypatch.setattr(glassnet_api.importlib, "import_module", broken)
    with pytest.raises(glassnet_api.ApiImportError, match="glassnet.challenge.*sqlalchemy.*docs extra"):
        glassnet_api._import("glassnet.challenge")


def test_plain_math_is_escaped_outside_literals():
    lines = make_plain_math_safe(["The norm |z| and coef_ and ``|a| b_``.", "x_1 stays"])
    assert lines == [r"The norm \|z\| and coef\_ and ``|a| b_``.", "x_1 stays"]


def test_an_indented_block_after_a_colon_becomes_a_literal_block():
    lines = make_plain_math_safe(["The rule:", "", "    W ← W − η·|g|", "", "Then coef_."])
    assert lines == ["The rule::", "", "    W ← W − η·|g|", "", r"Then coef\_."]
    # without the blank line a literal block needs, one is added
    assert make_plain_math_safe(["Rule:", "    a_ = |b|"]) == ["Rule::", "", "    a_ = |b|"]


def test_lists_directives_examples_and_literal_blocks_are_left_alone():
    assert make_plain_math_safe(["Steps:", "", "    - one_", "    - two"]) == ["Steps:", "", r"    - one\_", "    - two"]
    assert make_plain_math_safe(["Note:", "", "    .. note:: x"]) == ["Note:", "", "    .. note:: x"]
    assert make_plain_math_safe([">>> a_ = |1|", "... b_"]) == [">>> a_ = |1|", "... b_"]
    assert make_plain_math_safe(["Code::", "", "    x_ = |y|"]) == ["Code::", "", "    x_ = |y|"]


def test_importing_every_module_has_no_side_effects(tmp_path, monkeypatch):
    """autodoc imports every module: none may start a thread or write a file when imported."""
    import pkgutil
    import threading

    import glassnet
    monkeypatch.chdir(tmp_path)
    threads = threading.active_count()
    names = [info.name for info in pkgutil.walk_packages(glassnet.__path__, "glassnet.")]
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as error:        # an optional extra this environment lacks
            if not (error.name or "").startswith("glassnet"):
                continue
            raise
    assert len(names) > 50
    assert threading.active_count() == threads
    assert list(tmp_path.iterdir()) == []
