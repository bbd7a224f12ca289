"""build on small inline specs: each construct, and each way a spec can be unusable."""

from __future__ import annotations

from textwrap import dedent

import pytest

from generator.build import build_api, documented_scopes
from generator.config import Config
from generator.diagnostics import SpecError
from generator.ir import Api, Model, Operation, Usage
from generator.load import load_text
from generator.normalise import normalise

OK = {"200": {"description": "ok"}}


def build(text: str, config: Config | None = None) -> Api:
    document, _ = normalise(load_text(dedent(text), "spec.yaml"))
    return build_api(document, config or Config())


def spec(paths: str = "{}", schemas: str = "{}", extra: str = "") -> str:
    """A 3.1 document; ``paths`` and ``schemas`` are YAML indented by 2 and 4 spaces."""
    return (
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
        + extra
        + "paths:\n"
        + _indent(paths, 2)
        + "components:\n  schemas:\n"
        + _indent(schemas, 4)
    )


def _indent(text: str, spaces: int) -> str:
    body = dedent(text).strip("\n")
    if body.startswith("{"):
        return " " * spaces + body + "\n"
    return "".join(" " * spaces + line + "\n" for line in body.splitlines())


def model(api: Api, name: str) -> Model:
    return next(m for m in api.models if m.class_name == name)


def operation(api: Api, operation_id: str) -> Operation:
    return next(op for op in api.operations if op.operation_id == operation_id)


def errors(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        build(text)
    return [d.format() for d in caught.value.diagnostics]


GET_NODE = """
/nodes:
  get:
    operationId: getNode
    responses:
      '200':
        description: ok
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
"""


# -- schemas ---------------------------------------------------------------------------------


def test_a_recursive_schema_refers_to_itself() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node:
              type: object
              properties:
                children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                parent: {anyOf: [{$ref: '#/components/schemas/Node'}, {type: 'null'}]}
            """,
        )
    )
    fields = {f.name: f.type for f in model(api, "Node").fields}
    assert fields["children"].annotation == "list[Node]"
    assert fields["parent"].annotation == "Node | None" and fields["parent"].nullable
    assert model(api, "Node").module == "node" and api.model_modules == ("node",)


def test_mutually_recursive_models_share_a_module_named_after_the_first() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
            A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
            B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
            """,
        )
    )
    assert {m.class_name: m.module for m in api.models} == {"Node": "node", "A": "a", "B": "a"}
    assert api.model_modules == ("a", "node")
    assert [m.class_name for m in api.models] == ["B", "A", "Node"]  # cycle broken in order


def test_inline_objects_become_models_named_by_their_place_in_the_parent_module() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node:
              type: object
              properties:
                meta: {type: object, properties: {k: {type: integer}}}
                items:
                  type: array
                  items: {type: object, properties: {v: {type: string}}}
                kind: {type: string, enum: [a, b]}
            """,
        )
    )
    meta, item = model(api, "NodeMeta"), model(api, "NodeItemsItem")
    assert meta.is_inline and meta.module == "node" and item.module == "node"
    assert meta.pointer == "/components/schemas/Node/properties/meta"
    kind = next(e for e in api.enums if e.class_name == "NodeKind")
    assert kind.module == "node"
    assert [f.type.annotation for f in model(api, "Node").fields] == [
        "NodeMeta", "list[NodeItemsItem]", "NodeKind",
    ]


def test_allof_refs_become_bases_and_inline_parts_own_fields() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node:
              allOf:
                - {$ref: '#/components/schemas/Base'}
                - {$ref: '#/components/schemas/Named'}
                - type: object
                  required: [id]
                  properties: {extra: {type: boolean}}
            Base: {type: object, properties: {id: {type: string}}}
            Named: {type: object, properties: {name: {type: string}}}
            Alias: {allOf: [{$ref: '#/components/schemas/Base'}], description: same}
            """,
        )
    )
    node = model(api, "Node")
    assert node.bases == ("Base", "Named")
    assert [(f.name, f.required) for f in node.fields] == [("extra", False), ("id", True)]
    assert model(api, "Alias").bases == ("Base",)


def test_inline_names_that_are_taken_are_numbered() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node:
              type: object
              additionalProperties: {type: integer}
              properties:
                meta: {type: object, properties: {k: {type: integer}}}
            NodeMeta: {type: object, properties: {other: {type: string}}}
            """,
        )
    )
    node = model(api, "Node")
    assert [f.type.annotation for f in node.fields] == ["NodeMeta_2"]
    assert model(api, "NodeMeta_2").is_inline and not model(api, "NodeMeta").is_inline
    assert node.extra is not None and node.extra.annotation == "int"


def test_field_names_are_safe_and_unique_in_spec_order() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node:
              type: object
              properties:
                userId: {type: string}
                user_id: {type: string}
                from: {type: string}
                json: {type: string}
                type: {type: string}
                '123': {type: string}
                date: {type: string, format: date}
            """,
        )
    )
    assert [(f.name, f.py_name) for f in model(api, "Node").fields] == [
        ("userId", "user_id"),
        ("user_id", "user_id_2"),
        ("from", "from_"),
        ("json", "json_"),
        ("type", "type"),
        ("123", "field_123"),
        ("date", "date_"),
    ]


def test_defaults_are_python_literals() -> None:
    api = build(
        spec(
            GET_NODE,
            """
            Node:
              type: object
              properties:
                on: {type: boolean, default: true}
                size: {type: integer, default: 10}
                name: {type: string, default: "it's"}
                color: {type: string, enum: [red, dark-blue], default: dark-blue}
                tags: {type: array, items: {type: string}, default: [a]}
                when: {type: string, format: date-time, default: '2024-01-01T00:00:00Z'}
            """,
        )
    )
    assert [f.default for f in model(api, "Node").fields] == [
        "True", "10", '"it\'s"', "NodeColor.DARK_BLUE", "['a']", None,
    ]


def test_schemas_reached_twice_make_one_class() -> None:
    api = build(
        spec(
            dedent(
                """
                /a:
                  get:
                    operationId: getA
                    responses:
                      '200':
                        description: ok
                        content:
                          application/json:
                            schema: {$ref: '#/components/schemas/Node/properties/meta'}
                """
            )
            + GET_NODE,
            """
            Node:
              type: object
              properties:
                meta: {type: object, properties: {k: {type: integer}}}
                list: {$ref: '#/components/schemas/Rows'}
                again: {$ref: '#/components/schemas/Rows'}
            Rows: {type: array, items: {type: object, properties: {r: {type: string}}}}
            """,
        )
    )
    names = sorted(m.class_name for m in api.models)
    assert names == ["Node", "NodeMeta", "RowsItem"]
    assert [f.type.annotation for f in model(api, "Node").fields][1:] == ["list[RowsItem]"] * 2


# -- operations ------------------------------------------------------------------------------


PARAMS = """
/accounts/{account_id}/things/{thing_id}:
  parameters:
    - {$ref: '#/components/parameters/Account'}
  post:
    operationId: createThing
    tags: [Things]
    parameters:
      - {name: thing_id, in: path, required: true, schema: {type: string}}
      - {name: idempotency-key, in: header, schema: {type: string}}
      - {name: X-Trace, in: header, schema: {type: string}}
      - {name: type, in: query, schema: {type: string, enum: [a, b]}}
      - {name: tracking, in: cookie, schema: {type: string}}
    requestBody:
      required: true
      content:
        application/vnd.api+json:
          schema:
            type: object
            required: [name]
            properties:
              name: {type: string}
              thing_id: {type: string}
          examples:
            small: {value: {name: a}}
    responses:
      '201':
        description: made
        content:
          application/json:
            schema: {type: object, properties: {id: {type: string}}}
      '200': {description: existed}
      default:
        description: error
        headers: {X-Request-Id: {schema: {type: string}}}
        content:
          application/problem+json:
            schema: {type: object, properties: {detail: {type: string}}}
"""
PARAM_COMPONENTS = """
components:
  parameters:
    Account: {name: account_id, in: path, required: true, schema: {type: string}}
"""


def test_parameters_body_and_responses() -> None:
    text = spec(PARAMS).replace("components:\n", PARAM_COMPONENTS.lstrip("\n"), 1)
    api = build(text, Config(client_params={"account_id": "X_ACCOUNT"}))
    op = operation(api, "createThing")
    assert [p.name for p in op.path_params] == ["account_id", "thing_id"]
    assert op.account_scoped
    assert op.idempotent and op.idempotency_header == "idempotency-key"
    assert [p.name for p in op.header_params] == ["X-Trace"]
    assert [(p.name, p.py_name, p.type.annotation) for p in op.query_params] == [
        ("type", "type_", "CreateThingType"),
    ]
    assert op.body is not None and op.body.model == "CreateThingRequest"
    assert op.body.content_type == "application/vnd.api+json"
    assert [f.py_name for f in op.body.fields] == ["name", "thing_id"]
    assert op.path_params[1].py_name == "thing_id_2"  # the body field keeps its name
    assert op.examples == (("small", {"name": "a"}),)
    assert [(r.status, r.type and r.type.annotation) for r in op.responses] == [
        ("200", None),
        ("201", "CreateThing201Response"),
    ]
    (error,) = op.errors
    assert error.status == "default" and error.headers == ("X-Request-Id",)
    assert error.type is not None and error.type.annotation == "CreateThingDefaultResponse"
    assert model(api, "CreateThingRequest").usage is Usage.REQUEST
    assert model(api, "CreateThingRequest").module == "create_thing_request"
    assert model(api, "CreateThingDefaultResponse").usage is Usage.RESPONSE


def test_pagination_is_recognised_by_shape() -> None:
    api = build(
        spec(
            """
            /pets:
              get:
                operationId: listPets
                parameters:
                  - {name: cursor, in: query, schema: {type: string}}
                  - {name: limit, in: query, schema: {type: integer}}
                responses:
                  '200':
                    description: ok
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            results: {type: array, items: {$ref: '#/components/schemas/Pet'}}
                            next_cursor: {type: [string, 'null']}
              post:
                operationId: searchPets
                parameters: [{name: after, in: query, schema: {type: string}}]
                responses:
                  '200':
                    description: ok
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/PetPage'}
            """,
            """
            Pet: {type: object, properties: {name: {type: string}}}
            PetPage:
              type: object
              properties:
                data: {type: array, items: {$ref: '#/components/schemas/Pet'}}
                pagination: {type: object, properties: {next_cursor: {type: string}}}
            """,
        )
    )
    pages = operation(api, "listPets").pagination
    assert pages is not None and pages.page_model == "ListPetsResponse"
    assert (pages.items_field, pages.cursor_param, pages.limit_param) == (
        "results", "cursor", "limit",
    )
    assert pages.item.annotation == "Pet" and pages.next_cursor_path == ("next_cursor",)
    assert pages.before_param is None and pages.has_more_path is None
    assert operation(api, "searchPets").pagination is None  # not a GET
    assert [op.py_name for op in api.operations] == ["list_pets", "search_pets"]


def test_untagged_operations_form_the_default_resource_and_names_can_be_configured() -> None:
    paths = """
    /users:
      get: {operationId: getUsers, tags: [Users], responses: {'200': {description: ok}}}
    /user:
      get: {operationId: getUser, tags: [Users], responses: {'200': {description: ok}}}
    /things:
      get: {operationId: getThings, responses: {'200': {description: ok}}}
    /kinds:
      get: {operationId: getKinds, tags: [types], responses: {'200': {description: ok}}}
    """
    api = build(spec(paths))
    assert [(r.tag, r.py_name, r.class_name) for r in api.resources] == [
        ("Users", "users", "Users"),
        ("default", "default", "Default"),
        ("types", "types_resource", "TypesResource"),
    ]
    # getUsers and getUser both propose `get`: both fall back to their operationId
    assert [op.py_name for op in api.resources[0].operations] == ["get_users", "get_user"]
    assert [op.py_name for op in api.resources[1].operations] == ["get_things"]
    config = Config(operation_names={"getUsers": "all"}, resource_names={"types": "kinds"})
    api = build(spec(paths), config)
    assert [op.py_name for op in api.resources[0].operations] == ["all", "get"]
    assert api.resources[2].py_name == "kinds"


def test_security_scopes_and_servers() -> None:
    extra = dedent(
        """
        servers: [{url: 'https://{region}.example.com', variables: {region: {default: eu}}}]
        security: [{oauth: [read]}]
        """
    ).lstrip()
    paths = """
    /a:
      get: {operationId: getA, responses: {'200': {description: ok}}}
      post: {operationId: postA, security: [], responses: {'200': {description: ok}}}
    """
    text = spec(paths, extra=extra) + (
        "  securitySchemes:\n"
        "    oauth:\n"
        "      type: oauth2\n"
        "      flows:\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://example.com/token\n"
        "          scopes: {read: Read things, write: Write things}\n"
    )
    api = build(text)
    assert operation(api, "getA").scopes == ("read",)
    assert operation(api, "postA").security == ()
    assert [(s.value, s.description, s.operations) for s in api.scopes] == [
        ("read", "Read things", ("default.get_a",)),
        ("write", "Write things", ()),
    ]
    assert api.base_url == "https://eu.example.com"


def test_documented_scopes_are_read_from_scope_sections_only() -> None:
    text = dedent(
        """
        ## Scopes
        ### Message Scopes
        - `messages:send:all` - Send from any domain
        * `messages:read` — Read
        ## Pagination
        - `cursor` - not a scope
        """
    )
    assert documented_scopes(text) == {
        "messages:send:all": "Send from any domain",
        "messages:read": "Read",
    }


def test_unused_schemas_default_to_response_models() -> None:
    api = build(spec(schemas="Event: {type: object, properties: {id: {type: string}}}"))
    assert model(api, "Event").usage is Usage.RESPONSE
    assert api.resources == () and api.base_url == ""


# -- unusable specs --------------------------------------------------------------------------


def test_every_unusable_operation_is_reported_with_its_line() -> None:
    found = errors(
        spec(
            """
            /a/{id}:
              get: {operationId: getA, responses: {'200': {description: ok}}}
            /b:
              get: {operationId: getB, responses: {}}
            /c/{x}:
              get:
                operationId: getC
                parameters:
                  - {name: x, in: path, required: true, schema: {type: string}}
                  - {name: y, in: path, required: true, schema: {type: string}}
                responses: {'200': {description: ok}}
            """
        )
    )
    assert found == [
        "spec.yaml:5:5: error[B006] path template '/a/{id}' uses {id}, which no parameter "
        "declares (#/paths/~1a~1{id}/get); hint: add a parameter with name: id, in: path, "
        "required: true",
        "spec.yaml:7:5: error[B005] GET /b declares no responses (#/paths/~1b/get); hint: add "
        "at least one response, e.g. '200' with its schema",
        "spec.yaml:13:11: error[B006] path parameter 'y' is not in the path template '/c/{x}' "
        "(#/paths/~1c~1{x}/get/parameters/1)",
    ]


@pytest.mark.parametrize(
    ("paths", "schemas", "code", "text"),
    [
        (GET_NODE, "Node: {$ref: '#/components/schemas/Gone'}", "B001", "points to nothing"),
        (GET_NODE, "Node: {$ref: 'other.yaml#/Node'}", "B001", "external reference"),
        (
            GET_NODE,
            """
            Node: {allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {}}}]}
            B: {allOf: [{$ref: '#/components/schemas/Node'}, {properties: {b: {}}}]}
            """,
            "B003",
            "extend each other",
        ),
        (
            """
            /a:
              post:
                operationId: postA
                requestBody: {content: {text/plain: {schema: {type: string}}}}
                responses: {'200': {description: ok}}
            """,
            "{}",
            "B004",
            "no JSON content",
        ),
        (
            """
            /a:
              get:
                operationId: getA
                parameters: [{name: s, in: cookie, required: true, schema: {type: string}}]
                responses: {'200': {description: ok}}
            """,
            "{}",
            "B007",
            "cookie parameter 's' is not supported",
        ),
        (
            """
            /a:
              get: {operationId: same, responses: {'200': {description: ok}}}
            /b:
              get: {operationId: same, responses: {'200': {description: ok}}}
            """,
            "{}",
            "B008",
            "also used by GET /a",
        ),
    ],
)
def test_unusable_constructs_are_spec_errors(
    paths: str, schemas: str, code: str, text: str
) -> None:
    (found,) = errors(spec(paths, schemas))
    assert f"error[{code}]" in found and text in found
    assert found.startswith("spec.yaml:") and "(#/" in found


def test_a_deep_allof_chain_is_an_error_or_a_result_never_a_traceback() -> None:
    schemas = "\n".join(
        f"M{i}: {{allOf: [{{$ref: '#/components/schemas/M{i + 1}'}}, "
        f"{{properties: {{f{i}: {{type: string}}}}}}]}}"
        for i in range(2000)
    ) + "\nM2000: {type: object, properties: {last: {type: string}}}"
    try:
        api = build(spec(schemas=schemas))
    except SpecError as error:
        assert "B009" in str(error)
    else:
        assert len(api.models) == 2001
