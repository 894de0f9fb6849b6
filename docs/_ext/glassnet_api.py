"""Writes the API reference's pages from glassnet itself, at every build.

Every public module of glassnet gets a page listing its public names (its ``__all__``, or the
names defined there that do not start with ``_``): a table of them, then each one's entry from
its docstring, all on the module's page. Nothing is listed by hand: a new module, a new ``_LAZY``
entry or a new name in an ``__all__`` appears in the reference at the next build. Only the
grouping into the two wings is written here; a module it does not know lands in "More modules".

A public submodule gets a page of its own when its package lists it in ``__all__`` (as
``glassnet.datasets`` does ``mnist``) or names it in its docstring (as ``glassnet.utils`` does
``glassnet.utils.gradcheck``); implementation files such as ``layers/core.py``, whose classes
the package re-exports, do not. ``glassnet.cli`` is the ``glassnet`` command, documented on
the getting-started page rather than as functions.

Run it alone to see what it would document: ``python docs/_ext/glassnet_api.py``.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path

from plain_math import escape_plain_text as plain_text_for_rst

# The house's wings, in the order the reference shows them (see docs/architecture.rst).
SECTIONS = {
    "Networks, the Keras way": ["autodiff", "ops", "layers", "models", "activations", "losses", "optimizers",
                                "initializers", "regularizers", "constraints", "callbacks", "backend"],
    "Classic models, the scikit-learn way": ["base", "linear_model", "preprocessing", "pipeline", "tree",
                                             "ensemble", "neighbors", "naive_bayes", "svm", "cluster",
                                             "mixture", "decomposition", "neural_network", "model_selection"],
    "Shared by both": ["metrics", "datasets", "viz", "inspection", "optimize", "utils", "config", "random",
                       "exceptions"],
    "Applications": ["playground", "challenge"],
}
MORE = "More modules"
NOT_AN_API = {"cli"}


@dataclass
class ModulePage:
    """One page of the reference: a module and the public names it documents."""
    name: str
    names: list[str] = field(default_factory=list)
    submodules: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)    # (name here, where it is documented)


class ApiImportError(RuntimeError):
    """A public module could not be imported, so its names would silently vanish from the reference."""


def _import(name: str):
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ApiImportError(
            f"the API reference documents {name}, which could not be imported: {error}. "
            "Install the documentation's dependencies (pip install \".[docs]\"), and give the docs "
            "extra any extra that this module needs.") from error


def _defined_in(value, module_name: str) -> bool:
    home = getattr(value, "__module__", None) or ""
    return (home == module_name or home.startswith(module_name + ".")) and not inspect.ismodule(value)


def public_names(module) -> list[str]:
    """The names a user is meant to import from ``module``: ``__all__``, or what glassnet defines there."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name, value in vars(module).items()
                 if not name.startswith("_") and _defined_in(value, module.__name__)]
    return list(dict.fromkeys(names))


def _top_level_modules(glassnet) -> list[str]:
    found = [info.name for info in pkgutil.iter_modules(glassnet.__path__)
             if not info.name.startswith("_") and info.name not in NOT_AN_API]
    lazy = [module.split(".")[1] for module, attribute in glassnet._LAZY.values() if module.count(".") >= 1]
    return list(dict.fromkeys(found + lazy))


def _page(module_name: str, pages: dict[str, ModulePage], homes: dict[int, str]) -> None:
    """Add the page of ``module_name`` (and of the submodules it shows) to ``pages``.

    A class or function is documented once, on the first page that lists it; ``homes`` maps it to
    that full name, and later pages list it as an alias (``MaxPool2D`` is ``MaxPooling2D``).
    """
    module = _import(module_name)
    page = pages.setdefault(module_name, ModulePage(module_name))
    for name in public_names(module):
        value = getattr(module, name, None)
        if value is None and not hasattr(module, name):
            raise ApiImportError(f"{module_name}.__all__ names {name!r}, which the module does not define")
        if inspect.ismodule(value):
            if value.__name__.startswith("glassnet."):
                page.submodules.append(value.__name__)
                _page(value.__name__, pages, homes)
        elif (inspect.isclass(value) or inspect.isfunction(value)) and id(value) in homes:
            page.aliases.append((name, homes[id(value)]))
        else:
            if inspect.isclass(value) or inspect.isfunction(value):
                homes[id(value)] = f"{module_name}.{name}"
            page.names.append(name)
    if hasattr(module, "__path__"):                      # a package: the submodules its docstring names
        docstring = module.__doc__ or ""
        for info in pkgutil.iter_modules(module.__path__):
            full = f"{module_name}.{info.name}"
            if info.name.startswith("_") or full in pages or not re.search(rf"\b{re.escape(full)}\b", docstring):
                continue
            page.submodules.append(full)
            _page(full, pages, homes)


def collect() -> tuple[dict[str, list[str]], dict[str, ModulePage], dict[str, str]]:
    """Import glassnet's public modules.

    Returns (section title → its top modules, module → its page, top-level name → where documented).
    """
    glassnet = _import("glassnet")
    modules = _top_level_modules(glassnet)
    sections: dict[str, list[str]] = {title: [] for title in SECTIONS}
    sections[MORE] = []
    known = {short: title for title, shorts in SECTIONS.items() for short in shorts}
    pages: dict[str, ModulePage] = {}
    homes: dict[int, str] = {}
    for short in sorted(modules, key=lambda s: (known.get(s) is None, _order(s))):
        full = f"glassnet.{short}"
        sections[known.get(short, MORE)].append(full)
        _page(full, pages, homes)
    top_names = {}
    for name, (module, attribute) in glassnet._LAZY.items():
        if attribute is not None:
            value = getattr(glassnet, name)
            top_names[name] = homes.get(id(value), f"{module}.{attribute}")
    return {title: mods for title, mods in sections.items() if mods}, pages, top_names


def _order(short: str) -> int:
    flat = [name for shorts in SECTIONS.values() for name in shorts]
    return flat.index(short) if short in flat else len(flat)


def _summary_line(module) -> str:
    doc = inspect.getdoc(module) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ").strip()
    return first


def _autosummary(current: str, names: list[str]) -> list[str]:
    """A table of the names (first line of each docstring), linking to their entries below it."""
    if not names:
        return []
    return ([f".. currentmodule:: {current}", "", ".. autosummary::", "   :nosignatures:", ""]
            + [f"   {name}" for name in names] + [""])


def _entries(module, names: list[str]) -> list[str]:
    """Each name's full entry, on the module's own page (one page per module keeps the site fast to build)."""
    lines = []
    for name in names:
        value = getattr(module, name)
        if inspect.isclass(value):
            lines += [f".. autoclass:: {name}", "   :members:", "   :show-inheritance:", ""]
        elif callable(value):
            lines += [f".. autofunction:: {name}", ""]
        else:
            lines += [f".. autodata:: {name}", "   :no-value:", ""]
    return lines


def _title(text: str, underline: str) -> list[str]:
    return [text, underline * len(text), ""]


def write_pages(out: Path) -> list[Path]:
    """Write ``out/index.rst`` and one page per module; return the paths written."""
    sections, pages, top_names = collect()
    out.mkdir(parents=True, exist_ok=True)
    written = []

    index = _title("API reference", "=") + [
        "Every public name of glassnet, from its docstring (the formula is there, beside the code).",
        "This reference is generated from the package at each build, so it lists what the code has today.",
        "",
        "The names at the top, for ``import glassnet as keras``:",
        "",
    ] + [f"- ``keras.{name}``: :py:obj:`{home}`" for name, home in top_names.items()] + [""]
    for title, modules in sections.items():
        index += _title(title, "-")
        index += [".. toctree::", "   :hidden:", ""] + [f"   {name}" for name in modules] + [""]
        for name in modules:
            summary = plain_text_for_rst(_summary_line(importlib.import_module(name)).replace("*", "\\*"))
            index.append(f"- :doc:`{name}`: {summary}" if summary else f"- :doc:`{name}`")
        index.append("")
    written.append(_write(out / "index.rst", index))

    for name, page in pages.items():
        module = importlib.import_module(name)
        lines = _title(f"``{name}``", "=") + [f".. automodule:: {name}", "   :no-members:", ""]
        if page.submodules:
            lines += [".. toctree::", "   :maxdepth: 1", ""] + [f"   {sub}" for sub in page.submodules] + [""]
        lines += _autosummary(name, page.names) + _entries(module, page.names)
        if page.aliases:
            lines += _title("Other names for the same objects", "-")
            lines += [f"- ``{alias}``: :py:obj:`{home}`" for alias, home in page.aliases] + [""]
        if not page.names and not page.submodules:
            lines += [f"``{name}`` defines no public names of its own."]
        written.append(_write(out / f"{name}.rst", lines))
        del module
    return written


def write_rooms(package_dir: Path, out: Path) -> Path:
    """Write ``out`` (included by the architecture page): every module, its lines, its docstring's first line."""
    lines = [".. list-table::", "   :header-rows: 1", "   :widths: 30 8 62", "",
             "   * - file", "     - lines", "     - what it is"]
    for path in sorted(package_dir.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        doc = (ast.get_docstring(ast.parse(source)) or "").strip()
        first = doc.split("\n\n")[0].replace("\n", " ").strip()
        first = plain_text_for_rst(first.replace("*", "\\*"))
        lines += [f"   * - ``{path.relative_to(package_dir.parent).as_posix()}``",
                  f"     - {source.count(chr(10))}", f"     - {first}"]
    return _write(out, lines)


def _write(path: Path, lines: list[str]) -> Path:
    text = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text() != text:    # unchanged pages keep Sphinx's cache valid
        path.write_text(text)
    return path


def _on_config_inited(app, config) -> None:
    write_pages(Path(app.srcdir) / "api")
    write_rooms(Path(_import("glassnet").__file__).parent, Path(app.srcdir) / "api" / "rooms.inc")


def setup(app):
    app.connect("config-inited", _on_config_inited)   # before Sphinx lists the source files
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    found_sections, found_pages, found_top = collect()
    print("top level:", found_top)
    for section_title, section_modules in found_sections.items():
        print(f"\n## {section_title}")
        for section_module in section_modules:
            print(f"  {section_module}")
    print()
    for page_name, found_page in found_pages.items():
        print(f"{page_name}: {len(found_page.names)} names; submodules {found_page.submodules}; "
              f"aliases {found_page.aliases}")
