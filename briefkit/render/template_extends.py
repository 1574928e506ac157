"""A theme's templates that build on others (`{% extends %}`), checked before anything renders: the template each
extends exists, none extends itself (directly or in a loop), and each block a child overrides is a block of the
templates it extends (Jinja would silently leave an unknown one out)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from briefkit.errors import Location, Problem
from briefkit.manifest.themes import DEFAULT_PREFIX, ThemeSpec
from briefkit.render.template_mistakes import did_you_mean


@dataclass(frozen=True)
class _Parsed:
    """One template file as the check needs it: its name as written where it was found, its file, the parent it
    names (with its line), the names of all its blocks, and its blocks not inside another block (with their lines).
    What a file's parse gives is kept in the compiled templates' folder, keyed by the file's bytes, so a render
    parses only the templates edited since the last one."""

    name: str
    path: Path
    parent: tuple[str, int] | None  # `{% extends "..." %}` with a name written out (a computed one is not followed)
    all_blocks: frozenset[str]
    top_blocks: tuple[tuple[str, int], ...]  # the blocks that override a parent's


def template_names(folders: tuple[Path, ...] | list[Path], prefix: str = "") -> list[str]:
    """Every template name the folders offer, each once, with ``prefix:`` before it when given."""
    names: dict[str, None] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and "__pycache__" not in name:
                names.setdefault(f"{prefix}:{name}" if prefix else name)
    return list(names)


def no_such_template(name: str, spec: ThemeSpec) -> str:
    """The message for a template name no folder has, with the closest name that is there: a `default:` (or any
    theme's) prefix is kept, so following the suggestion loads from the same place."""
    prefix, _, _ = name.rpartition(":")
    prefixes = spec.prefixes()
    if prefix in prefixes:
        hint = did_you_mean(name, template_names(prefixes[prefix], prefix))
    else:
        hint = did_you_mean(name, list(spec.templates()))
    return f"template error: there is no template '{name}' in the theme's folders{hint or '; add it or fix the name'}"


def _column(path: Path, line: int, word: str) -> int:
    """Where ``word`` (quoted or as a name) first stands on ``line`` of ``path``, from 1; 1 when it does not."""
    try:
        text = path.read_text("utf-8").split("\n")[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return 1
    found = re.search(rf"(?<![\w:.-]){re.escape(word)}(?![\w.-])", text)
    return found.start() + 1 if found else 1


def _summary(tree: nodes.Template) -> dict[str, object]:
    """What the check reads of a template's syntax tree, as JSON can keep it."""
    found = next(tree.find_all(nodes.Extends), None)
    parent = (
        [str(found.template.value), found.lineno]
        if found is not None and isinstance(found.template, nodes.Const)
        else None
    )
    return {
        "parent": parent,
        "blocks": sorted({block.name for block in tree.find_all(nodes.Block)}),
        "top": [[block.name, block.lineno] for block in _top_blocks(tree)],
    }


def _cache_file(environment: jinja2.Environment, path: Path) -> Path | None:
    """Where the summary of the template at ``path`` is kept: beside the environment's compiled templates (whose
    folder is keyed on briefkit's code, Jinja's version and options), one file a template, as Jinja keeps its own."""
    cache = environment.bytecode_cache
    if not isinstance(cache, jinja2.FileSystemBytecodeCache):
        return None
    named = hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return Path(cache.directory) / f"extends-{named}.json"


def _kept(cache_file: Path | None, digest: str) -> dict[str, object] | None:
    """The summary kept for a template whose bytes have ``digest``; None when there is none for those bytes."""
    if cache_file is None:
        return None
    try:
        kept = json.loads(cache_file.read_bytes())
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) and kept.get("source") == digest else None


def _keep(cache_file: Path | None, digest: str, summary: dict[str, object]) -> None:
    """Keep ``summary`` for the next render, written whole or not at all (a read-only project only parses again)."""
    if cache_file is None:
        return
    partial = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps({"source": digest, **summary}, sort_keys=True), "utf-8")
        os.replace(partial, cache_file)
    except OSError:
        partial.unlink(missing_ok=True)


def _parse(environment: jinja2.Environment, name: str, path: Path, data: bytes | None = None) -> _Parsed | None:
    """The template at ``path`` (its bytes ``data`` when read already) parsed, or its summary kept from an earlier
    render of the same bytes; None when it cannot be read or parsed (a render reports that)."""
    try:
        data = path.read_bytes() if data is None else data
        source = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "extends" not in source and "block" not in source:
        return _Parsed(name, path, None, frozenset(), ())
    cache_file = _cache_file(environment, path)
    digest = hashlib.sha256(data).hexdigest()
    kept = _kept(cache_file, digest)
    if kept is not None:
        try:
            return _from_summary(name, path, kept)
        except (KeyError, IndexError, TypeError, ValueError):  # a damaged file: parsed again, and kept anew
            pass
    try:
        summary = _summary(environment.parse(source, name, str(path)))
    except jinja2.TemplateSyntaxError:
        return None
    _keep(cache_file, digest, summary)
    return _from_summary(name, path, summary)


def _from_summary(name: str, path: Path, summary: dict[str, object]) -> _Parsed:
    """The template as the check reads it, from its summary; KeyError, IndexError, TypeError or ValueError when the
    summary is not one _summary made."""
    parent, blocks, top = summary["parent"], summary["blocks"], summary["top"]
    if not (parent is None or isinstance(parent, list)) or not isinstance(blocks, list) or not isinstance(top, list):
        raise ValueError("not a template's summary")
    return _Parsed(
        name,
        path,
        (str(parent[0]), int(parent[1])) if parent is not None else None,
        frozenset(str(block) for block in blocks),
        tuple((str(block), int(line)) for block, line in top),
    )


def _resolve(environment: jinja2.Environment, name: str) -> tuple[str, Path] | None:
    """The file the loader gives for ``name`` (the search path's first, or the prefixed theme's); None when none."""
    assert environment.loader is not None
    try:
        _, filename, _ = environment.loader.get_source(environment, name)
    except jinja2.TemplateNotFound:
        return None
    return name, Path(filename or name)


def _top_blocks(node: nodes.Node) -> Iterator[nodes.Block]:
    """The blocks of a template not inside another block: the ones that override a parent's."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            yield child
        else:
            yield from _top_blocks(child)


def _circle(child: _Parsed, spec: ThemeSpec, environment: jinja2.Environment, chain: list[_Parsed]) -> str:
    """The message for a template that comes back to itself along `{% extends %}`."""
    names = [parsed.name for parsed in chain]
    path = f" ({' -> '.join([*names, child.name])})" if len(chain) > 1 else ""
    built_in = _resolve(environment, f"{DEFAULT_PREFIX}:{child.name}") is not None
    fix = (
        f'to build on briefkit\'s own write {{% extends "{DEFAULT_PREFIX}:{child.name}" %}}'
        if built_in
        else "extend another template, or none"
    )
    return f"template error: a template cannot extend itself{path}; {fix}"


def _check_one(child: _Parsed, spec: ThemeSpec, environment: jinja2.Environment) -> Problem | None:
    """The first problem of ``child``'s chain of `{% extends %}`, located in ``child``; None when it has none."""
    chain = [child]
    seen = {child.path.resolve()}
    current = child
    while (extends := current.parent) is not None:
        target, lineno = extends
        found = _resolve(environment, target)
        if found is None:
            if current is not child:  # reported at the template that names it
                return None
            where = Location(child.path, lineno, _column(child.path, lineno, target))
            return Problem(where, "", no_such_template(target, spec))
        if found[1].resolve() in seen:
            if found[1].resolve() != child.path.resolve():  # a loop further on: reported at a template in it
                return None
            line = child.parent
            assert line is not None
            where = Location(child.path, line[1], _column(child.path, line[1], "extends"))
            return Problem(where, "", _circle(child, spec, environment, chain))
        parsed = _parse(environment, *found)
        if parsed is None:
            return None
        chain.append(parsed)
        seen.add(found[1].resolve())
        current = parsed
    if len(chain) == 1:
        return None
    inherited: set[str] = set().union(*(parsed.all_blocks for parsed in chain[1:]))
    for block, lineno in child.top_blocks:
        if block not in inherited:
            where = Location(child.path, lineno, _column(child.path, lineno, block))
            known = sorted(inherited)
            hint = did_you_mean(block, known) or "; its blocks are: " + ", ".join(known)
            parent = chain[1].name
            return Problem(
                where,
                "",
                f"template error: there is no block '{block}' in '{parent}', which this template extends, so "
                f"Jinja would leave it out{hint}",
            )
    return None


def extends_problems(spec: ThemeSpec, environment: jinja2.Environment) -> list[Problem]:
    """A located problem for each template in the project's folders of the theme whose `{% extends %}` cannot
    work: a template it names that is not there, one that comes back to itself, a block the parent lacks."""
    problems: list[Problem] = []
    for layer in spec.layers:
        if layer.packaged:
            continue
        for name in template_names([layer.folder]):
            path = layer.folder / name
            if path.suffix not in (".mjml", ".txt", ".html", ".xml", ".css"):
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue  # left to the render to report
            if b"extends" not in data:  # only a template that may name a parent is parsed (most of a theme's not)
                continue
            parsed = _parse(environment, name, path, data)
            if parsed is None or parsed.parent is None:
                continue
            problem = _check_one(parsed, spec, environment)
            if problem is not None:
                problems.append(problem)
    return problems
