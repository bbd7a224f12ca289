"""A small base spec and edits on it, for the diff tests.

An edit is (action, dotted path, value): `set` a key, `del` a key, `add` to a
list. Paths are dotted keys into the parsed document; a `/things` path key
contains no dot, so it can be one segment.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from textwrap import dedent
from typing import Any

import yaml

from generator.build import build_api
from generator.config import Config
from generator.ir import Api
from generator.load import load_text
from generator.normalise import normalise

Edit = tuple[str, str, Any]


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


BASE_TEXT = dedent("""
    openapi: 3.1.0
    info: {title: Things API, version: 1.0.0}
    servers: [{url: "https://api.example.com"}]
    components:
      securitySchemes:
        Bearer: {type: http, scheme: bearer}
      schemas:
        Thing:
          type: object
          required: [id, name]
          properties:
            id: {type: string}
            name: {type: string, description: The name}
            state: {$ref: '#/components/schemas/State'}
            size: {type: integer, maxLength: 5}
            place: {$ref: '#/components/schemas/Place'}
        NewThing:
          type: object
          required: [name]
          properties:
            name: {type: string, maxLength: 100}
            tags: {type: array, items: {type: string}, maxItems: 10}
            count: {type: integer, minimum: 1}
            weight: {type: integer}
            color: {$ref: '#/components/schemas/Color'}
            owner: {$ref: '#/components/schemas/Owner'}
            place: {$ref: '#/components/schemas/Place'}
        Owner:
          type: object
          required: [email]
          properties:
            email: {type: string}
            phone: {type: string}
        Place:
          type: object
          required: [city]
          properties:
            city: {type: string}
        State: {type: string, enum: [active, archived]}
        Color: {type: string, enum: [red, green]}
""")

_PATHS: dict[str, Any] = {
    "/ping": {"get": {"operationId": "ping", "tags": ["things"], "summary": "Ping",
                      "responses": {"200": {"description": "ok"}}}},
    "/things": {
        "get": {"operationId": "listThings", "tags": ["things"], "summary": "List things",
                "security": [{"Bearer": ["things:read", "things:all"]}],
                "parameters": [{"name": "status", "in": "query", "required": False,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": _json("Thing")}}},
        "post": {"operationId": "createThing", "tags": ["things"],
                 "requestBody": {"required": True, "content": _json("NewThing")},
                 "responses": {"201": {"description": "made", "content": _json("Thing")}}},
    },
    "/things/{thing_id}": {
        "get": {"operationId": "getThing", "tags": ["things"],
                "parameters": [{"name": "thing_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": _json("Thing")},
                              "404": {"description": "missing"}}},
    },
    "/things/{thing_id}/parts/{part_id}": {
        "get": {"operationId": "getPart", "tags": ["things"],
                "parameters": [{"name": name, "in": "path", "required": True,
                                "schema": {"type": "string"}} for name in ("thing_id", "part_id")],
                "responses": {"200": {"description": "ok"}}},
    },
}


def base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BASE_TEXT)
    data["paths"] = copy.deepcopy(_PATHS)
    return data


def edited(edits: list[Edit]) -> dict[str, Any]:
    data = base()
    for action, path, value in edits:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if action == "set":
            node[last] = value
        elif action == "del":
            del node[last]
        elif action == "add":
            node[last].append(value)
        else:
            raise ValueError(f"unknown edit {action!r}")
    return data


def build(data: dict[str, Any], name: str = "spec.yaml") -> Api:
    document, _ = normalise(load_text(json.dumps(data), name))
    return build_api(document, Config())


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def write_config(directory: Path) -> Path:
    """codegen.toml for the `things` package these specs generate (the defaults name
    schemas of AhaSend's spec)."""
    path = directory / "codegen.toml"
    path.write_text('[package]\ndistribution = "things"\nimport_name = "things"\n'
                    'client_class = "Things"\nenv_prefix = "THINGS"\n', encoding="utf-8")
    return path
