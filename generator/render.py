"""Plan/render: the IR laid out through the Jinja templates as `{path: text}`.

Paths are relative to `generated/`. Every Python file is formatted with black
and compiled (in one batch, cached, on both cores: `format.py`); a template
that produces invalid Python is a RenderError naming the output file and the
template. Runtime modules (`templates/runtime/*.py`) are copied verbatim: they
are committed black-clean.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from . import escape, layout
from .config import Config
from .doc_pages import docs_context, docs_plan
from .format import BLACK_MODE, Formatter, Source, format_python
from .ir import Api
from .model_views import enum_values, type_modules
from .package_views import (
    RUNTIME_EXPORTS,
    client_view,
    operation_consts,
    operation_imports,
    package_version,
    readme_view,
    scope_views,
    scopes_by_method,
)
from .resource_views import resource_views
from .views import VARIANTS, RenderError
from .webhook_views import webhook_events_view

__all__ = ["BLACK_MODE", "RenderError", "format_python", "make_environment", "render_api"]

_FILTERS: Mapping[str, Callable[..., str]] = {
    "docstring": escape.docstring,
    "py_str": escape.py_str,
    "py_literal": escape.py_literal,
    "comment": escape.comment,
    "identifier": escape.identifier,
    "toml_str": escape.toml_str,
    # Python laid out as black would (see layout.py): black's first pass then
    # changes nothing and its second, the stability check, is skipped.
    "expr": layout.expression,
    "declaration": layout.annotation,
    "from_import": layout.from_import,
    "py_list": lambda names: "[" + ", ".join(escape.py_str(n) for n in names) + "]",
    "as_itself": lambda name: f"{name} as {name}",  # an explicit re-export
}


def make_environment(templates_dir: Path, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The templates' environment; with `bytecode_dir`, compiled templates are kept there
    (by name and source checksum: an edited template is compiled again), which saves
    compiling the templates on every run. The directory must be specific to these
    options and this Jinja: give one per generator fingerprint."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=_bytecode_cache(bytecode_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_FILTERS)
    return env


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written is only a slower run
    return jinja2.FileSystemBytecodeCache(str(folder))


def render_api(api: Api, templates_dir: Path, *, config: Config | None = None,
               formatter: Formatter | None = None,
               bytecode_dir: Path | None = None) -> dict[str, str]:
    """Every file of the client distribution, keyed by its path under `generated/`.

    `config` supplies what the IR does not carry (retry and timeout defaults,
    the package revision); the defaults of `Config()` otherwise. `formatter`
    formats the rendered Python (give one with a cache to reuse earlier runs);
    `bytecode_dir` keeps the compiled templates (see `make_environment`).
    """
    config = config or Config()
    env = make_environment(templates_dir, bytecode_dir)
    resources = resource_views(api, enum_values(api))
    modules = type_modules(api)
    operations = operation_consts(api)
    context: dict[str, Any] = {
        "api": api,
        "version": package_version(api, config),
        "client": client_view(api, config, resources),
        "resources": resources,
        "type_modules": modules,
        "operations": operations,
        "operation_imports": operation_imports(operations),
        "scopes": scope_views(api),
        "scopes_by_method": scopes_by_method(api),
        "runtime_exports": RUNTIME_EXPORTS,
        "readme": readme_view(api),
        "variants": VARIANTS,
        "events": webhook_events_view(api),
    }
    context.update(docs_context(api, config, resources, context["version"]))
    package = f"src/{escape.identifier(api.package)}"
    plan: list[tuple[str, str, dict[str, Any]]] = [
        ("pyproject.toml", "pyproject.toml.jinja", {}),
        ("README.md", "README.md.jinja", {}),
        (f"{package}/__init__.py", "package/__init__.py.jinja", {}),
        (f"{package}/_version.py", "package/_version.py.jinja", {}),
        (f"{package}/_client.py", "package/_client.py.jinja", {}),
        (f"{package}/_operations.py", "package/_operations.py.jinja", {}),
        (f"{package}/scopes.py", "package/scopes.py.jinja", {}),
        (f"{package}/resources/__init__.py", "package/resources/__init__.py.jinja", {}),
        (f"{package}/types/__init__.py", "package/types/__init__.py.jinja", {}),
        (f"{package}/webhook_events.py", "package/webhook_events.py.jinja", {}),
    ]
    plan += [(f"{package}/resources/{r.module}.py", "package/resources/resource.py.jinja",
              {"resource": r}) for r in resources]
    plan += [(f"{package}/types/{m.name}.py", "package/types/module.py.jinja", {"module": m})
             for m in modules]
    plan += docs_plan(context)
    header = escape.comment(
        f"Generated by ahasend-codegen from spec sha256 {api.spec_sha256[:12]}. Do not edit."
    )
    files: dict[str, str] = {}
    python: dict[str, Source] = {}  # formatted together, after every template rendered
    for path, name, extra in plan:
        if path in files or path in python:
            raise RenderError(f"two files would be written to {path}; rename a resource or "
                              "a model module")
        text = _render_template(env, name, path, {**context, **extra})
        if path.endswith(".py"):
            python[path] = (f"# {header}\n{text}", name)
        else:
            files[path] = _finish(path, name, text, header)
    # The spec hash in every header must not make every module a cache miss.
    files.update((formatter or Formatter()).format_all(python, volatile=api.spec_sha256[:12]))
    files.update(_runtime_files(templates_dir / "runtime", package))
    files[f"{package}/py.typed"] = ""  # PEP 561 marker: empty means "fully typed"
    return dict(sorted(files.items()))


def _render_template(env: jinja2.Environment, name: str, path: str,
                     context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"templates/{error.name or name}:{error.lineno}: {error.message}"
                          ) from None
    except jinja2.TemplateError as error:
        raise RenderError(f"{path}: rendering templates/{name} failed: {error}") from None


def _finish(path: str, template: str, text: str, header: str) -> str:
    """Add the header; parse TOML. (Python is formatted in one batch, after rendering.)"""
    if path.endswith(".toml"):
        text = f"# {header}\n{text}"
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise RenderError(f"{path} (from templates/{template}) is not valid TOML: "
                              f"{error}") from None
        return text
    if path.endswith(".md"):
        return f"<!-- {header} -->\n{text}"
    return text


def _runtime_files(runtime_dir: Path, package: str) -> dict[str, str]:
    if not runtime_dir.is_dir():
        raise RenderError(f"{runtime_dir}: the runtime modules are missing")
    return {f"{package}/{path.name}": path.read_text(encoding="utf-8")
            for path in sorted(runtime_dir.glob("*.py"))}

