"""Views of the package-level files: the clients, `_operations.py`, `scopes.py`,
`__init__.py`, `_version.py`, `pyproject.toml` and the README."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import escape
from .config import Config
from .ir import Api, Pagination
from .resource_views import ResourceView, op_constants
from .views import VARIANTS, RenderError, Variant

# Names `import ahasend` offers besides the two clients (see templates/runtime/).
RUNTIME_EXPORTS = {
    "_exceptions": (
        "AhaSendError", "APIError", "APIConnectionError", "APITimeoutError",
        "APIResponseValidationError", "APIStatusError", "BadRequestError",
        "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
        "IdempotencyInProgressError", "PreconditionFailedError", "UnprocessableEntityError",
        "IdempotencyKeyReusedError", "RateLimitError", "InternalServerError",
        "ServiceUnavailableError", "ResponseTooLargeError",
    ),
    "_types": ("NOT_GIVEN", "NotGiven"),
    "_response": ("APIResponse",),
    "pagination": ("AsyncCursorPage", "SyncCursorPage"),
}
# PEP 440 public version (what PyPI accepts).
_PEP440 = re.compile(r"^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*"
                     r"((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$")


@dataclass(frozen=True)
class ClientClass:
    variant: Variant
    class_name: str
    raw_class_name: str


@dataclass(frozen=True)
class ClientParamView:
    py_name: str
    wire: str  # string literal
    env_var: str  # raw text: templates escape it for where it goes


@dataclass(frozen=True)
class ClientView:
    doc: str
    classes: tuple[ClientClass, ...]
    params: tuple[ClientParamView, ...]
    settings: tuple[tuple[str, str], ...]  # ClientSettings keyword -> expression
    params_dict: str  # `{"account_id": account_id}`: client params by wire name
    timeout: str
    max_retries: str
    env_prefix: str  # raw text
    resources: tuple[ResourceView, ...]

    @property
    def exports(self) -> tuple[str, ...]:
        return tuple(n for c in self.classes for n in (c.class_name, c.raw_class_name))


@dataclass(frozen=True)
class OperationConst:
    name: str
    comment: str
    fields: tuple[tuple[str, str], ...]  # OperationSpec keyword -> expression


@dataclass(frozen=True)
class ScopeView:
    constant: str
    value: str  # string literal
    doc: str  # docstring literal ("" when the spec has no description)


def package_version(api: Api, config: Config) -> str:
    version = api.version + (f".post{config.revision}" if config.revision else "")
    if not _PEP440.match(version):
        raise RenderError(f"info.version {api.version!r} is not a PEP 440 version "
                          f"(the package would be {version!r}); use e.g. '2.0.0'",
                          "/info/version")
    return version


def client_view(api: Api, config: Config, resources: tuple[ResourceView, ...]) -> ClientView:
    name = escape.identifier(api.client_class)
    classes = tuple(ClientClass(v, f"{v.prefix}{name}", f"{v.prefix}{name}WithRawResponse")
                    for v in VARIANTS)
    params = tuple(ClientParamView(escape.identifier(p.py_name), escape.py_str(p.name), p.env_var)
                   for p in api.client_params)
    limits = ", ".join(f"{escape.py_str(n)}: ({escape.py_literal(float(rate))}, "
                       f"{escape.py_literal(int(burst))})" for n, rate, burst in api.rate_limits)
    envs = ", ".join(f"{escape.py_str(p.name)}: {escape.py_str(p.env_var)}"
                     for p in api.client_params)
    user_agent = f"{api.distribution}-python/"
    settings = (
        ("env_prefix", escape.py_str(api.env_prefix)),
        ("default_base_url", escape.py_str(api.base_url)),
        ("user_agent", f"{escape.py_str(user_agent)} + __version__"),
        ("client_param_envs", "{" + envs + "}"),
        ("rate_limits", "{" + limits + "}"),
        ("max_retries", escape.py_literal(config.max_retries)),
        ("initial_delay", escape.py_literal(config.initial_delay)),
        ("max_delay", escape.py_literal(config.max_delay)),
        ("max_retry_after", escape.py_literal(config.max_retry_after)),
        ("timeout", escape.py_literal(config.timeout)),
    )
    doc = f"The {api.title} clients: configuration, and each resource as a property."
    return ClientView(
        doc=escape.docstring_literal(doc), classes=classes, params=params, settings=settings,
        timeout=escape.py_literal(config.timeout),
        max_retries=escape.py_literal(config.max_retries),
        env_prefix=api.env_prefix, resources=resources,
        params_dict="{" + ", ".join(f"{p.wire}: {p.py_name}" for p in params) + "}",
    )


def operation_imports(consts: tuple[OperationConst, ...]) -> str:
    """What `_operations.py` imports from `_types`."""
    paginated = any(keyword == "page" for c in consts for keyword, _ in c.fields)
    return "OperationSpec, PageSpec" if paginated else "OperationSpec"


def operation_consts(api: Api) -> tuple[OperationConst, ...]:
    client_params = {p.name for p in api.client_params}
    constants = op_constants(api)
    consts = []
    for resource in api.resources:
        for op in resource.operations:
            fields = [
                ("operation_id", escape.py_str(op.operation_id)),
                ("method", escape.py_str(op.method.upper())),
                ("path", escape.py_str(op.path)),
                ("path_params", _tuple(p.name for p in op.path_params)),
                ("client_params", _tuple(p.name for p in op.path_params
                                         if p.name in client_params)),
                ("idempotency_header", escape.py_str(op.idempotency_header)
                 if op.idempotent and op.idempotency_header else "None"),
                ("rate_class", escape.py_str(op.rate_class)),
                ("scopes", _tuple(op.scopes)),
            ]
            if op.pagination:
                fields.append(("page", _page_spec(op.pagination)))
            comment = escape.comment(f"{op.method.upper()} {op.path}")
            name = escape.identifier(constants[op.operation_id])
            consts.append(OperationConst(name, comment, tuple(fields)))
    return tuple(consts)


def _page_spec(page: Pagination) -> str:
    has_more = _tuple(page.has_more_path) if page.has_more_path else "None"
    return (f"PageSpec(items_field={escape.py_str(page.items_field)}, "
            f"cursor_param={escape.py_str(page.cursor_param)}, "
            f"next_cursor_path={_tuple(page.next_cursor_path)}, has_more_path={has_more})")


def _tuple(values: Iterable[str]) -> str:
    items = [escape.py_str(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def scope_views(api: Api) -> tuple[ScopeView, ...]:
    return tuple(
        ScopeView(escape.identifier(s.constant), escape.py_str(s.value),
                  escape.docstring_literal(s.description) if s.description else "")
        for s in api.scopes
    )


def scopes_by_method(api: Api) -> tuple[tuple[str, str], ...]:
    """`("messages.create", "(MESSAGES_SEND_ALL, ...)")` for every method."""
    constant = {s.value: s.constant for s in api.scopes}
    pairs = []
    for resource in api.resources:
        for op in resource.operations:
            missing = [s for s in op.scopes if s not in constant]
            if missing:
                raise RenderError(f"{op.operation_id} needs scope(s) "
                                  f"{missing} that api.scopes does not list", op.pointer)
            names = [constant[s] for s in op.scopes]
            value = "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"
            pairs.append((escape.py_str(f"{resource.py_name}.{op.py_name}"), value))
    return tuple(pairs)


@dataclass(frozen=True)
class ReadmeView:
    """`resource.method` paths the README's examples call ("" when the API lacks one)."""

    send: str
    list: str
    ping: str


def readme_view(api: Api) -> ReadmeView:
    by_id = {op.operation_id: f"{r.py_name}.{op.py_name}"
             for r in api.resources for op in r.operations}
    no_arguments = [f"{r.py_name}.{op.py_name}" for r in api.resources for op in r.operations
                    if not op.path_params and not any(p.required for p in op.query_params)
                    and op.body is None and op.method == "get"]
    paginated = [f"{r.py_name}.{op.py_name}" for r in api.resources for op in r.operations
                 if op.pagination and not any(p.required for p in op.query_params)]
    return ReadmeView(
        send=by_id.get("createMessage", ""),
        list=by_id.get("getMessages", paginated[0] if paginated else ""),
        ping=by_id.get("ping", no_arguments[0] if no_arguments else ""),
    )
