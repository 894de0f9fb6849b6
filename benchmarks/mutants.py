"""Small deliberate breaks of a Python source file (mutants), found with ``ast``.

Each mutant is one text edit of the source: an operator flipped, a constant changed, a
return value dropped, a statement removed. ``benchmarks/mutation.py`` applies them one at a
time to a copy of the package and runs the tests: a mutant that no test notices (a
*survivor*) is behaviour that the tests do not pin down.

The kinds of mutant, and what each one breaks:

==========  ==================================================================
compare     ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``is`` ↔ ``is not``,
            ``in`` ↔ ``not in``  (off-by-one and inverted conditions)
arith       ``+`` ↔ ``-``, ``*`` ↔ ``/``, ``//`` → ``/``, ``**`` → ``*``, ``@`` → ``*``,
            the same for ``+=``, ``-=``, ``*=``, ``/=``  (a wrong formula)
boolop      ``and`` ↔ ``or``
not         ``not x`` → ``x``; ``-x`` → ``x``
constant    0 → 1, 1 → 0, any other number n → n + 1; ``True`` ↔ ``False``
return      ``return value`` → ``return None``
remove      an expression statement (a call), ``x += …``, ``obj.attr = …``,
            ``a[i] = …``, ``raise``, ``break`` or ``continue`` replaced by ``pass``
==========  ==================================================================

Not mutated: docstrings and other strings, f-strings, annotations, lines marked
``# pragma: no mutate``.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

COMPARE_SWAP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
                ast.In: ast.NotIn, ast.NotIn: ast.In}
ARITH_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
              ast.FloorDiv: ast.Div, ast.Pow: ast.Mult, ast.MatMult: ast.Mult}
SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
          ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+",
          ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**",
          ast.MatMult: "@", ast.And: "and", ast.Or: "or"}
REMOVABLE = (ast.Expr, ast.AugAssign, ast.Raise, ast.Break, ast.Continue)


@dataclass(frozen=True)
class Mutant:
    """One edit: replace the source between two (line, byte column) positions by ``text``.

    ``line`` is the first line of the enclosing statement (the line that coverage records);
    ``at_definition`` says that the edit takes effect when the module is imported (a default
    argument, a class attribute), so that every test may see it, not only those running the line.
    """

    kind: str
    description: str
    line: int
    start: tuple[int, int]
    end: tuple[int, int]
    text: str
    at_definition: bool

    def apply(self, source: str) -> str:
        """The mutated source (offsets are UTF-8 byte columns, as ``ast`` gives them)."""
        lines = source.encode("utf-8").splitlines(keepends=True)
        (l0, c0), (l1, c1) = self.start, self.end
        head = b"".join(lines[:l0 - 1]) + lines[l0 - 1][:c0]
        tail = lines[l1 - 1][c1:] + b"".join(lines[l1:])
        return (head + self.text.encode("utf-8") + tail).decode("utf-8")


def find_mutants(source: str) -> list[Mutant]:
    """Every mutant of ``source``, in source order."""
    tree = ast.parse(source)
    skipped = {i + 1 for i, text in enumerate(source.splitlines()) if "pragma: no mutate" in text}
    finder = _Finder(source)
    finder.visit_block(tree.body, in_function=False)
    return [m for m in finder.found if m.line not in skipped]


def _swap(node: ast.AST, **changes) -> ast.AST:
    """A shallow copy of ``node`` with some fields changed (children shared, never modified)."""
    fields = {name: getattr(node, name) for name in node._fields}
    fields.update(changes)
    return type(node)(**fields)


class _Finder:
    def __init__(self, source: str):
        self.source = source
        self.found: list[Mutant] = []

    # --------------------------------------------------------------- walking
    def visit_block(self, body: list, in_function: bool) -> None:
        for index, stmt in enumerate(body):
            is_docstring = (index == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                            and isinstance(stmt.value.value, str))
            if is_docstring or _is_type_checking_block(stmt):
                continue
            self.visit_statement(stmt, in_function)

    def visit_statement(self, stmt: ast.stmt, in_function: bool) -> None:
        if self._removable(stmt):
            self.add("remove", f"remove `{_first_line(ast.unparse(stmt))}`", stmt, stmt, "pass", in_function)
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for expr in stmt.decorator_list + stmt.args.defaults + [d for d in stmt.args.kw_defaults if d]:
                self.visit_expr(expr, stmt, in_function)
            self.visit_block(stmt.body, in_function=True)
            return
        if isinstance(stmt, ast.ClassDef):
            for expr in stmt.decorator_list + stmt.bases + [k.value for k in stmt.keywords]:
                self.visit_expr(expr, stmt, in_function)
            self.visit_block(stmt.body, in_function)
            return
        if isinstance(stmt, ast.Return) and stmt.value is not None and not _is_none(stmt.value):
            self.add("return", f"`{_first_line(ast.unparse(stmt))}` → `return None`", stmt,
                     stmt.value, "None", in_function)
        if isinstance(stmt, ast.AugAssign) and type(stmt.op) in ARITH_SWAP:
            new_op = ARITH_SWAP[type(stmt.op)]
            self.add("arith", f"`{SYMBOL[type(stmt.op)]}=` → `{SYMBOL[new_op]}=`", stmt, stmt,
                     ast.unparse(_swap(stmt, op=new_op())), in_function)
        for name, value in ast.iter_fields(stmt):
            if name in ("annotation", "returns", "type_comment"):
                continue
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self.visit_block(value, in_function)
                else:
                    for item in value:
                        self._visit_child(item, stmt, in_function)
            else:
                self._visit_child(value, stmt, in_function)

    def _visit_child(self, child, stmt, in_function: bool) -> None:
        if isinstance(child, ast.expr):
            self.visit_expr(child, stmt, in_function)
        elif isinstance(child, ast.excepthandler):
            self.visit_block(child.body, in_function)
        elif isinstance(child, (ast.withitem, ast.keyword, ast.comprehension, ast.match_case)):
            for sub in ast.iter_child_nodes(child):
                self._visit_child(sub, stmt, in_function)

    def visit_expr(self, node: ast.expr, stmt, in_function: bool) -> None:
        if isinstance(node, ast.JoinedStr):
            return
        if isinstance(node, ast.Lambda):
            for expr in node.args.defaults:
                self.visit_expr(expr, stmt, in_function)
            self.visit_expr(node.body, stmt, in_function=True)
            return
        self._mutate_expr(node, stmt, in_function)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.visit_expr(child, stmt, in_function)
            elif isinstance(child, (ast.keyword, ast.comprehension)):
                for sub in ast.iter_child_nodes(child):
                    if isinstance(sub, ast.expr):
                        self.visit_expr(sub, stmt, in_function)

    # --------------------------------------------------------------- the mutants
    def _mutate_expr(self, node: ast.expr, stmt, in_function: bool) -> None:
        if isinstance(node, ast.BinOp) and type(node.op) in ARITH_SWAP:
            new_op = ARITH_SWAP[type(node.op)]
            self.add("arith", f"`{SYMBOL[type(node.op)]}` → `{SYMBOL[new_op]}`", stmt, node,
                     _paren(_swap(node, op=new_op())), in_function)
        elif isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAP:
                    new_op = COMPARE_SWAP[type(op)]
                    ops = list(node.ops)
                    ops[i] = new_op()
                    self.add("compare", f"`{SYMBOL[type(op)]}` → `{SYMBOL[new_op]}`", stmt, node,
                             _paren(_swap(node, ops=ops)), in_function)
        elif isinstance(node, ast.BoolOp):
            new_op = ast.Or if isinstance(node.op, ast.And) else ast.And
            self.add("boolop", f"`{SYMBOL[type(node.op)]}` → `{SYMBOL[new_op]}`", stmt, node,
                     _paren(_swap(node, op=new_op())), in_function)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            symbol = "not " if isinstance(node.op, ast.Not) else "-"
            self.add("not", f"drop `{symbol.strip()}` before `{_first_line(ast.unparse(node.operand))}`",
                     stmt, node, _paren(node.operand), in_function)
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            self.add("constant", f"`{node.value}` → `{not node.value}`", stmt, node,
                     str(not node.value), in_function)
        elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            value = node.value
            new = 1 if value == 0 else 0 if value == 1 else value + 1
            new = type(value)(new)
            self.add("constant", f"`{value!r}` → `{new!r}`", stmt, node, repr(new), in_function)

    def _removable(self, stmt: ast.stmt) -> bool:
        if isinstance(stmt, ast.Expr):
            return not isinstance(stmt.value, ast.Constant)  # `...` or a stray string
        if isinstance(stmt, ast.Assign):
            return all(isinstance(t, (ast.Attribute, ast.Subscript)) for t in stmt.targets)
        return isinstance(stmt, REMOVABLE)

    def add(self, kind, description, stmt, node, text, in_function) -> None:
        anchor = stmt if stmt is not None else node
        self.found.append(Mutant(kind=kind, description=description, line=anchor.lineno,
                                 start=(node.lineno, node.col_offset),
                                 end=(node.end_lineno, node.end_col_offset),
                                 text=text, at_definition=not in_function))


def _paren(node: ast.AST) -> str:
    return f"({ast.unparse(node)})"


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _first_line(text: str, width: int = 60) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= width else line[:width - 1] + "…"


def _is_type_checking_block(stmt: ast.stmt) -> bool:
    return (isinstance(stmt, ast.If) and isinstance(stmt.test, (ast.Name, ast.Attribute))
            and ast.unparse(stmt.test).endswith("TYPE_CHECKING"))
