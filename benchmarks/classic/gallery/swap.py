"""Rewrite `from sklearn.X import a, b` so that the names glassnet provides come from glassnet.X.

A name glassnet lacks stays imported from scikit-learn (the evaluator's rule: only the imports of
names glassnet provides are switched). `from sklearn import svm` switches the whole module when
glassnet has a module of that name.
"""
import ast
import importlib
import re
import sys


def provides(module: str, name: str) -> bool:
    try:
        mod = importlib.import_module(module)
    except Exception:
        return False
    if hasattr(mod, name):
        return True
    try:
        importlib.import_module(module + "." + name)
        return True
    except Exception:
        return False


def swap(src: str):
    """Return (new source, names switched to glassnet, names left to scikit-learn)."""
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    edits, swapped, kept = [], [], []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                and node.module.split(".")[0] == "sklearn"):
            continue
        gmod = "glassnet" + node.module[len("sklearn"):]
        ours, theirs = [], []
        for alias in node.names:
            (ours if provides(gmod, alias.name) else theirs).append(alias)

        def fmt(aliases):
            return ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in aliases)

        new = []
        if theirs:
            new.append(f"from {node.module} import {fmt(theirs)}")
            kept += [f"{node.module}.{a.name}" for a in theirs]
        if ours:
            new.append(f"from {gmod} import {fmt(ours)}")
            swapped += [f"{gmod}.{a.name}" for a in ours]
        indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)
        edits.append((node.lineno, node.end_lineno, "".join(indent + line + "\n" for line in new)))
    for start, end, text in sorted(edits, reverse=True):
        lines[start - 1:end] = [text]
    return "".join(lines), swapped, kept


if __name__ == "__main__":
    out, swapped, kept = swap(open(sys.argv[1]).read())
    open(sys.argv[2], "w").write(out)
    print("swapped:", ", ".join(swapped), "| kept:", ", ".join(kept), file=sys.stderr)
