"""Every identifier the generated code prints is decided here, once.

Wire names (JSON keys, parameter names, tags, operationIds, scopes) are turned
into Python names by a few rules: split into words (camelCase, acronyms,
separators, non-ASCII folded to ASCII), join in the target case, then make the
result safe for *where* it is used (a `Role`), then unique among its siblings
(`user_id`, `user_id_2`, in spec order). The reserved-name lists are written
out rather than read from the running interpreter, so the output does not
depend on the Python version that runs the generator.
"""

from __future__ import annotations

import enum
import keyword
import re
import unicodedata
from collections.abc import Collection, Iterable, MutableSet, Sequence

__all__ = [
    "RESERVED_MODULES",
    "Role",
    "class_identifier",
    "constant_identifier",
    "method_name",
    "method_names",
    "pascal_case",
    "plural",
    "resource_class_forms",
    "resource_class_identifier",
    "safe_identifier",
    "singular",
    "snake_case",
    "unique",
    "upper_snake",
    "words",
]

# An acronym before a capitalised word (API|Keys), a word (with digits), an acronym.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")


class Role(enum.Enum):
    """Where a name is used; each place has its own reserved names."""

    PARAMETER = "parameter"  # method argument
    FIELD = "field"  # pydantic model attribute
    MODULE = "module"  # module file and module-level names
    METHOD = "method"  # method on a resource class
    ATTRIBUTE = "attribute"  # resource attribute on the client


_KEYWORDS = frozenset(keyword.kwlist)
# Soft keywords of 3.10-3.12, listed so 3.11 and 3.12 generate the same code.
_SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})
_BUILTINS = frozenset(
    """abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr
    classmethod compile complex delattr dict dir divmod enumerate eval exec filter float
    format frozenset getattr globals hasattr hash hex id input int isinstance issubclass
    iter len list locals map max memoryview min next object oct open ord pow print property
    range repr reversed round set setattr slice sorted staticmethod str sum super tuple type
    vars zip""".split()
)
# Names the generated type modules spell in annotations or class bodies: a field
# with one of these names would shadow it inside the class (`date: date`).
_ANNOTATION_NAMES = frozenset(
    "str int float bool list dict date datetime builtins typing pydantic enum".split()
)
# Attributes of pydantic.BaseModel (v2, v1-compatible API included); `model_*` too.
_PYDANTIC_ATTRIBUTES = frozenset(
    """construct copy dict from_orm json parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate""".split()
)
# Keyword arguments every generated method may take besides the API's own.
_METHOD_OPTIONS = frozenset(
    {"self", "cls", "timeout", "max_retries", "extra_headers", "extra_query", "extra_body",
     "idempotency_key"}
)
# Attributes of a resource class and of the client besides the generated ones.
_RESOURCE_MEMBERS = frozenset({"with_raw_response", "with_streaming_response", "with_options"})
_CLIENT_MEMBERS = frozenset(
    """api_key base_url timeout max_retries close copy with_options with_raw_response
    with_streaming_response request get post put patch delete""".split()
)
# Modules the client class body uses: an attribute with their name would hide them.
_CLIENT_BODY_NAMES = frozenset({"functools", "httpx"})
# Names the lazy `types/__init__.py` and `resources/__init__.py` bind: a submodule
# with one of them would replace it in the package's namespace on first import.
_PACKAGE_INIT_NAMES = frozenset({"importlib", "annotations", "getattr", "globals", "sorted", "set"})
# Names a resource attribute must not take: they read as the package's own
# subpackages (`client.types` would look like `ahasend.types`). Names of other
# top-level modules (`webhooks`, `scopes`) are fine: resources live under
# `resources/`, and `client.webhooks` is what users of the Webhooks tag expect.
RESERVED_MODULES = frozenset({"types", "resources", "client"})
# Class names the generated type and resource modules import, or Python reserves.
_RESERVED_CLASSES = frozenset(
    """None True False Any Annotated Enum IntEnum StrEnum Field ConfigDict BaseModel
    RequestModel ResponseModel OpenEnum Literal Optional Union TypeVar Mapping Sequence
    NotGiven RequestOptions SyncAPIClient AsyncAPIClient SyncCursorPage AsyncCursorPage
    ClientSettings APIResponse Omittable WebhookEvent UnknownWebhookEvent""".split()
)

_RESERVED: dict[Role, frozenset[str]] = {
    Role.PARAMETER: _KEYWORDS | _SOFT_KEYWORDS | _BUILTINS | _METHOD_OPTIONS,
    Role.FIELD: _KEYWORDS
    | _ANNOTATION_NAMES
    | _PYDANTIC_ATTRIBUTES
    | _METHOD_OPTIONS,  # body fields are also keyword arguments
    Role.MODULE: _KEYWORDS | _SOFT_KEYWORDS | _BUILTINS | _PACKAGE_INIT_NAMES,
    # `list` is allowed (and wanted); annotations in its class spell `builtins.list`.
    Role.METHOD: _KEYWORDS | (_ANNOTATION_NAMES - {"list"}) | _RESOURCE_MEMBERS,
    Role.ATTRIBUTE: _KEYWORDS
    | RESERVED_MODULES
    | _CLIENT_MEMBERS
    | _CLIENT_BODY_NAMES
    | _PACKAGE_INIT_NAMES,
}
# What goes before a name that starts with a digit: `_123` where a leading
# underscore is harmless; pydantic ignores `_x` fields, and `_x` attributes
# look private, so those get a word.
_DIGIT_PREFIX = {Role.FIELD: "field_", Role.ATTRIBUTE: "resource_"}
# What goes after a reserved name.
_RESERVED_SUFFIX = {Role.ATTRIBUTE: "_resource"}


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased: ``getAPIKeys`` -> get, api, keys."""
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    return [w.lower() for w in _WORD.findall(ascii_text)]


def snake_case(text: str) -> str:
    """``checkDomainDNS`` -> ``check_domain_dns``; ``SMTP Credentials`` -> ``smtp_credentials``.

    May return "" (no ASCII letters or digits) or start with a digit; callers
    that need an identifier use :func:`safe_identifier`.
    """
    return "_".join(words(text))


def pascal_case(text: str) -> str:
    """``api keys`` -> ``ApiKeys``; digits stay (``v2 messages`` -> ``V2Messages``)."""
    return "".join(w[:1].upper() + w[1:] for w in words(text))


def upper_snake(text: str) -> str:
    """``messages:send:{domain}`` -> ``MESSAGES_SEND_DOMAIN``."""
    return snake_case(text).upper()


def unique(base: str, taken: MutableSet[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is free; records the result."""
    name, number = base, 2
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    taken.add(name)
    return name


def safe_identifier(
    name: str, taken: MutableSet[str], role: Role = Role.PARAMETER, fallback: str = "value"
) -> str:
    """A snake_case identifier for ``name``, safe for ``role`` and not in ``taken``.

    Keywords, builtins (for parameters and module-level names), pydantic
    attributes (for fields) get a trailing ``_``; a leading digit gets a prefix;
    a name with no usable characters becomes ``fallback``. The result is added
    to ``taken``, so calling this in spec order numbers collisions in spec order.
    """
    base = snake_case(name) or fallback
    if base[0].isdigit():
        base = _DIGIT_PREFIX.get(role, "_") + base
    if base in _RESERVED[role] or (role is Role.FIELD and base.startswith("model_")):
        base += _RESERVED_SUFFIX.get(role, "_")
    return unique(base, taken)


def class_identifier(name: str, taken: MutableSet[str], fallback: str = "Model") -> str:
    """A class name: kept when already PascalCase ASCII (``APIKey``), else PascalCased.

    Names Python or the type modules reserve get a trailing ``_`` (``None_``).
    """
    base = name if _PASCAL.match(name) else pascal_case(name)
    if not base:
        base = fallback
    elif base[0].isdigit():
        base = "Schema" + base
    if base in _RESERVED_CLASSES:
        base += "_"
    return unique(base, taken)


def resource_class_forms(name: str) -> tuple[str, ...]:
    """The classes generated for a resource class `name`: sync, async, and their raw forms."""
    return (name, f"{name}WithRawResponse", f"Async{name}", f"Async{name}WithRawResponse")


def resource_class_identifier(name: str, taken: MutableSet[str], reserved: Collection[str]) -> str:
    """A resource class name none of whose forms is in ``taken`` or ``reserved`` (the
    model, enum and client classes a module may import beside it): ``Things``, else
    ``ThingsResource``, ``ThingsResource3``..."""
    base = class_identifier(name, set(), fallback="Resource")
    candidate, number = base, 1
    while any(form in taken or form in reserved for form in resource_class_forms(candidate)):
        number += 1
        candidate = f"{base}Resource" + (str(number) if number > 2 else "")
    taken |= set(resource_class_forms(candidate))
    return candidate


def constant_identifier(text: str, taken: MutableSet[str], prefix: str = "VALUE") -> str:
    """An UPPER_SNAKE constant or enum member: ``Billing Manager`` -> ``BILLING_MANAGER``."""
    base = upper_snake(text)
    if not base:
        base = "EMPTY"
    elif base[0].isdigit():
        base = f"{prefix}_{base}"
    return unique(base, taken)


def singular(word: str) -> str:
    """A plain English singular, good enough for resource nouns."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def _tag_forms(tag: str) -> list[list[str]]:
    """The tag's words as written, with the last one singular, and plural; longest first."""
    base = words(tag)
    if not base:
        return []
    last = base[-1]
    variants = {last, singular(last), plural(singular(last))}
    forms = [base[:-1] + [v] for v in sorted(variants)]
    return sorted(forms, key=len, reverse=True)


def _without(sequence: Sequence[str], part: Sequence[str]) -> list[str] | None:
    for start in range(len(sequence) - len(part) + 1):
        if list(sequence[start : start + len(part)]) == list(part):
            return [*sequence[:start], *sequence[start + len(part) :]]
    return None


def method_name(operation_id: str, tag: str, collection: bool) -> str:
    """The method for ``operation_id`` on the resource of ``tag`` (before safety/collisions).

    The resource's own words go (``createConversationMessage`` in ``Messages`` ->
    ``create_conversation``); ``get`` of a collection becomes ``list``
    (``getAccountMembers`` in ``Accounts`` -> ``list_members``).
    """
    parts = words(operation_id)
    for form in _tag_forms(tag):
        rest = _without(parts, form)
        if rest:  # never strip the whole name away
            parts = rest
            break
    if collection and parts[:1] == ["get"]:
        parts = ["list", *parts[1:]]
    return "_".join(parts)


def method_names(
    proposals: Sequence[tuple[str, str, bool]], fixed: Iterable[str] = ()
) -> list[str]:
    """Final method names for one resource, from (proposal, full snake name, overridden).

    Proposals that collide fall back to the operation's full snake_case name
    (unless set by configuration); anything still colliding is numbered.
    """
    counts: dict[str, int] = {}
    for proposal, _, _ in proposals:
        counts[proposal] = counts.get(proposal, 0) + 1
    taken: set[str] = set(fixed)
    names = []
    for proposal, full, overridden in proposals:
        chosen = proposal if counts[proposal] == 1 or overridden else full
        names.append(safe_identifier(chosen, taken, Role.METHOD, fallback="call"))
    return names
