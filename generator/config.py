"""spec/codegen.toml: what the generator needs that the OpenAPI document lacks.

Every key is checked; an unknown key, a wrong type or a bad value is a
Diagnostic with the file, the line of the key, and what to write instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Severity, SpecError

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class RateLimit:
    name: str
    per_second: float
    burst: int
    path_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overlay:
    """A fact about a schema that the API documents outside the OpenAPI document."""

    pointer: str  # JSON pointer of the schema in the spec
    keywords: dict[str, Any]  # JSON Schema constraint keywords to add
    source: str  # where the fact is documented
    file: str  # codegen.toml, and the line of this entry's pointer, for messages
    line: int


# Keyword -> the JSON types its value may have. Only constraints: an overlay may
# narrow what the client accepts, never change a type or a name.
OVERLAY_KEYWORDS: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("maxItems", "minItems", "maxLength", "minLength", "maxProperties",
                     "minProperties"), (int,)),
    **dict.fromkeys(("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
                     "multipleOf"), (int, float)),
    "pattern": (str,),
    "uniqueItems": (bool,),
}


@dataclass(frozen=True)
class Config:
    distribution: str = "ahasend"
    import_name: str = "ahasend"
    client_class: str = "AhaSend"
    env_prefix: str = "AHASEND"
    revision: int = 0
    # Project URLs of the distribution (`Homepage = "https://..."`), [package.urls].
    urls: dict[str, str] = field(default_factory=dict)
    client_params: dict[str, str] = field(default_factory=dict)  # wire name -> env var
    rate_limits: tuple[RateLimit, ...] = ()
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    timeout: float = 60.0
    operation_names: dict[str, str] = field(default_factory=dict)  # operationId -> method
    resource_names: dict[str, str] = field(default_factory=dict)  # tag -> attribute
    # A second OpenAPI document whose `webhooks:` describe the events the API
    # sends ([webhooks] spec, relative to codegen.toml); None: the main one only.
    webhooks_spec: Path | None = None
    # [[overlays]]: constraints merged into the spec's schemas before building.
    overlays: tuple[Overlay, ...] = ()

    def rate_class(self, path: str) -> str:
        for limit in self.rate_limits:
            if any(path.startswith(prefix) for prefix in limit.path_prefixes):
                return limit.name
        return "general"


class _Reader:
    """Reads the TOML tables, recording a Diagnostic per problem."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[Diagnostic] = []

    def line_of(self, key: str) -> int:
        pattern = re.compile(rf"^\s*(\[.*\b{re.escape(key)}\b.*\]|\"?{re.escape(key)}\"?\s*=)")
        for number, line in enumerate(self.lines, 1):
            if pattern.search(line):
                return number
        return 1

    def entry_line(self, array: str, number: int) -> int:
        """The line of the ``number``-th (1-based) ``[[array]]`` header (1 if none)."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
        found = [n for n, line in enumerate(self.lines, 1) if header.match(line)]
        return found[number - 1] if number <= len(found) else 1

    def problem(self, where: str, message: str, hint: str) -> None:
        # `overlays[2].set.maxItems`: the entry's header line; `retry.max_delay`: the key's.
        entry = re.match(r"^(\w+)\[(\d+)\]", where)
        if entry:
            line = self.entry_line(entry.group(1), int(entry.group(2)))
        else:
            line = self.line_of(where.rsplit(".", 1)[-1])
        self.problems.append(
            Diagnostic(Severity.ERROR, "C001", f"{where}: {message}", str(self.path), line, 1,
                       "", hint)
        )

    def table(self, data: dict[str, Any], name: str, allowed: set[str]) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.problem(name, "must be a table", f"write it as [{name}]")
            return {}
        for key in sorted(set(value) - allowed):
            known = ", ".join(sorted(allowed))
            self.problem(f"{name}.{key}", "unknown key", f"known keys: {known}")
        return value

    def get(self, table: dict[str, Any], where: str, key: str, kind: type, default: Any) -> Any:
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.problem(f"{where}.{key}", f"must be a {kind.__name__}, not {value!r}",
                         f"for example {key} = {default!r}")
            return default
        return value


def load_config(path: Path) -> Config:
    """Read and check codegen.toml; a missing file means the defaults."""
    if not path.exists():
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else exc.strerror or exc
        raise SpecError([Diagnostic(Severity.ERROR, "C000", f"cannot read the file: {reason}",
                                    str(path), 0, 0, "", "pass a UTF-8 TOML file")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
        raise SpecError([Diagnostic(Severity.ERROR, "C000", f"not valid TOML: {exc}",
                                    str(path), line, 1, "", "fix the syntax")]) from None
    reader = _Reader(path, text)
    for key in sorted(set(data) - {"package", "client_params", "rate_limits", "retry",
                                   "timeout", "naming", "webhooks", "overlays"}):
        reader.problem(key, "unknown table", "see the comments in spec/codegen.toml")
    config = _read(reader, data)
    if reader.problems:
        raise SpecError(reader.problems)
    return config


def _read(reader: _Reader, data: dict[str, Any]) -> Config:
    base = Config()
    package = reader.table(data, "package", {"distribution", "import_name", "client_class",
                                            "env_prefix", "revision", "urls"})
    names = {k: reader.get(package, "package", k, str, getattr(base, k))
             for k in ("distribution", "import_name", "client_class", "env_prefix")}
    for key in ("import_name", "client_class", "env_prefix"):
        if not IDENTIFIER.match(names[key]):
            reader.problem(f"package.{key}", f"{names[key]!r} is not a Python identifier",
                           "use letters, digits and underscores")
    revision = reader.get(package, "package", "revision", int, 0)
    if revision < 0:
        reader.problem("package.revision", "must be 0 or more", "revision = 0")
    params = reader.table(data, "client_params", set(reader_keys(data, "client_params")))
    client_params: dict[str, str] = {}
    for wire in params:
        entry = reader.table(params, wire, {"env_var"})
        client_params[wire] = reader.get(entry, f"client_params.{wire}", "env_var", str,
                                         f"{names['env_prefix']}_{wire.upper()}")
    limits_table = reader.table(data, "rate_limits", set(reader_keys(data, "rate_limits")))
    limits = []
    for name in limits_table:
        entry = reader.table(limits_table, name, {"per_second", "burst", "path_prefixes"})
        where = f"rate_limits.{name}"
        per_second = reader.get(entry, where, "per_second", float, 100.0)
        burst = reader.get(entry, where, "burst", int, 1)
        prefixes = reader.get(entry, where, "path_prefixes", list, [])
        if per_second <= 0 or burst < 1:
            reader.problem(where, "per_second must be > 0 and burst >= 1", "per_second = 1.0")
        limits.append(RateLimit(name, per_second, burst, tuple(str(p) for p in prefixes)))
    retry = reader.table(data, "retry", {"max_retries", "initial_delay", "max_delay",
                                         "max_retry_after"})
    timeout = reader.table(data, "timeout", {"seconds"})
    naming = reader.table(data, "naming", {"operations", "resources"})
    operations = reader.table(naming, "operations", set(reader_keys(naming, "operations")))
    resources = reader.table(naming, "resources", set(reader_keys(naming, "resources")))
    for where, table in (("naming.operations", operations), ("naming.resources", resources)):
        for key, value in table.items():
            if not isinstance(value, str) or not IDENTIFIER.match(value):
                reader.problem(f"{where}.{key}", f"{value!r} is not a Python identifier",
                               "use snake_case letters, digits and underscores")
    return Config(
        revision=revision,
        urls=_urls(reader, package),
        client_params=client_params,
        rate_limits=tuple(limits),
        max_retries=reader.get(retry, "retry", "max_retries", int, base.max_retries),
        initial_delay=reader.get(retry, "retry", "initial_delay", float, base.initial_delay),
        max_delay=reader.get(retry, "retry", "max_delay", float, base.max_delay),
        max_retry_after=reader.get(retry, "retry", "max_retry_after", float,
                                   base.max_retry_after),
        timeout=reader.get(timeout, "timeout", "seconds", float, base.timeout),
        operation_names={str(k): str(v) for k, v in operations.items()},
        resource_names={str(k): str(v) for k, v in resources.items()},
        webhooks_spec=_webhooks_spec(reader, reader.table(data, "webhooks", {"spec"})),
        overlays=_overlays(reader, data.get("overlays", [])),
        **names,
    )


def _webhooks_spec(reader: _Reader, table: dict[str, Any]) -> Path | None:
    """`[webhooks] spec`, resolved against the config's directory; it must exist."""
    name: str = reader.get(table, "webhooks", "spec", str, "")
    if not name:
        return None
    path: Path = reader.path.parent / name
    if not path.is_file():
        reader.problem("webhooks.spec", f"no file at {path.as_posix()}",
                       "give the webhooks document's path relative to this file")
        return None
    return path


def _overlays(reader: _Reader, entries: Any) -> tuple[Overlay, ...]:
    """[[overlays]] entries: pointer, a table of constraint keywords, and their source."""
    if not isinstance(entries, list):
        reader.problem("overlays", "must be an array of tables", "write each entry as [[overlays]]")
        return ()
    found = []
    for number, entry in enumerate(entries, 1):
        where = f"overlays[{number}]"
        if not isinstance(entry, dict):
            reader.problem("overlays", f"{where} must be a table", "write it as [[overlays]]")
            continue
        entry = reader.table({where: entry}, where, {"pointer", "set", "source"})
        pointer = reader.get(entry, where, "pointer", str, "")
        source = reader.get(entry, where, "source", str, "")
        keywords = reader.get(entry, where, "set", dict, {})
        line = reader.entry_line("overlays", number)
        if not pointer.startswith("/"):
            reader.problem(f"{where}.pointer", f"{pointer!r} is not a JSON pointer into the spec",
                           'for example pointer = "/components/schemas/Name/properties/field"')
        if not source.strip():
            reader.problem(f"{where}.source", "is missing",
                           "say where the API documents this fact, so it can be checked later")
        if not keywords:
            reader.problem(f"{where}.set", "is missing or empty",
                           "for example set = { maxItems = 100 }")
        for key, value in keywords.items():
            kinds = OVERLAY_KEYWORDS.get(key)
            if kinds is None:
                reader.problem(f"{where}.set.{key}", "is not a constraint an overlay may add",
                               f"use one of: {', '.join(sorted(OVERLAY_KEYWORDS))}")
            elif not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
                names = " or ".join(kind.__name__ for kind in kinds)
                reader.problem(f"{where}.set.{key}", f"must be a {names}, not {value!r}",
                               f"for example {key} = {kinds[0]()!r}")
        found.append(Overlay(pointer, dict(keywords), source, reader.path.as_posix(), line))
    return tuple(found)


def _urls(reader: _Reader, package: dict[str, Any]) -> dict[str, str]:
    """[package.urls]: label -> https URL, listed on PyPI in this order."""
    table = reader.table(package, "urls", set(reader_keys(package, "urls")))
    urls = {}
    for label, url in table.items():
        if not isinstance(url, str) or not url.startswith("https://"):
            reader.problem(f"package.urls.{label}", f"{url!r} is not an https URL",
                           f'{label} = "https://example.com"')
        else:
            urls[str(label)] = url
    return urls


def reader_keys(data: dict[str, Any], name: str) -> list[str]:
    """Tables whose keys are names chosen by the user accept any key."""
    value = data.get(name, {})
    return list(value) if isinstance(value, dict) else []
