"""The generator reads the `webhooks:` of any OpenAPI 3.1 document, the main one or
another named in codegen.toml, and renders typed events that import and type-check."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from generator.build import build_api
from generator.cli import main
from generator.config import Config
from generator.diagnostics import SpecError
from generator.ir import Api
from generator.load import load_text
from generator.normalise import normalise
from tests.webhooks.conftest import generate, imported

PACKAGE = "shop_events_test"

# Not AhaSend's: webhooks in the main document, payloads inline or by $ref, an
# enum alias, a `type` without values, and a webhook without a JSON body.
SHOP = """\
openapi: 3.1.0
info: {title: Shop API, version: 1.0.0}
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: The orders.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Order'}}
webhooks:
  order.paid:
    post:
      summary: An order was paid
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [type, data]
              properties:
                type: {type: string, const: order.paid}
                data:
                  type: object
                  required: [order_id, amount]
                  properties:
                    order_id: {type: string}
                    amount: {type: integer}
      responses:
        '200': {description: Received.}
  thing.done:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ThingDone'}
      responses:
        '200': {description: Received.}
  plain.event:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                type: {type: string}
                count: {type: integer}
      responses:
        '200': {description: Received.}
  text.only:
    post:
      requestBody:
        content:
          text/plain:
            schema: {type: string}
      responses:
        '200': {description: Received.}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: string}
    ThingDone:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [thing.done, thing.finished]}
        order: {$ref: '#/components/schemas/Order'}
"""

# A second document, named in codegen.toml; its `Order` is not the main spec's.
SHIPPING = """\
openapi: 3.1.0
info: {title: Shop shipping events, version: 1.0.0}
webhooks:
  order.shipped:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderShipped'}
      responses:
        '200': {description: Received.}
components:
  schemas:
    Order:
      type: object
      required: [tracking]
      properties:
        tracking: {type: string}
    OrderShipped:
      type: object
      required: [type, data]
      properties:
        type: {const: order.shipped}
        data: {$ref: '#/components/schemas/Order'}
"""

# Code a user writes against the generated events: mypy --strict must accept it.
USER_CODE = f"""\
from typing import Literal

from {PACKAGE}.types import Order, WebhookOrder
from {PACKAGE}.webhook_events import (
    OrderPaidEvent, OrderShipped, ThingDone, UnknownWebhookEvent, WebhookEvent, parse_event,
)


def describe(body: bytes) -> str:
    event: WebhookEvent = parse_event(body)
    if isinstance(event, OrderPaidEvent):
        amount: int = event.data.amount
        return f"paid {{amount}}"
    if isinstance(event, ThingDone):
        kind: Literal["thing.done", "thing.finished"] = event.type
        order: Order | None = event.order
        return f"{{kind}} {{order}}"
    if isinstance(event, OrderShipped):
        shipped: WebhookOrder = event.data
        return shipped.tracking
    if isinstance(event, UnknownWebhookEvent):
        return f"new type {{event.type}}"
    return event.type
"""


@pytest.fixture(scope="module")
def shop_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("shop"), SHOP, package=PACKAGE,
                    webhooks="shipping.yaml", extra_files={"shipping.yaml": SHIPPING})


@pytest.fixture(scope="module")
def shop(shop_src: Path) -> Iterator[ModuleType]:
    with imported(shop_src, PACKAGE) as package:
        yield import_module(f"{package.__name__}.webhook_events")


def build(text: str) -> Api:
    document, _ = normalise(load_text(text, "hooks.yaml"))
    return build_api(document, Config())


def test_each_type_value_selects_its_payload_model(shop: ModuleType) -> None:
    assert {kind: model.__name__ for kind, model in shop.EVENT_TYPES.items()} == {
        "order.paid": "OrderPaidEvent",  # an inline payload, named from its webhook
        "thing.done": "ThingDone",
        "thing.finished": "ThingDone",  # an alias: the enum's other value
        "plain.event": "PlainEvent",  # no values on `type`: the webhook's key
        "order.shipped": "OrderShipped",  # from the document in codegen.toml
    }


def test_events_parse_into_their_models_and_unknown_ones_into_the_fallback(
    shop: ModuleType,
) -> None:
    paid = shop.parse_event(b'{"type": "order.paid", "data": {"order_id": "o1", "amount": 5}}')
    assert (type(paid).__name__, paid.data.amount) == ("OrderPaidEvent", 5)
    finished = shop.parse_event({"type": "thing.finished", "order": {"id": "o1"}})
    assert (type(finished).__name__, finished.order.id) == ("ThingDone", "o1")
    shipped = shop.parse_event('{"type": "order.shipped", "data": {"tracking": "T1"}}')
    assert shipped.data.tracking == "T1"
    other = shop.parse_event({"type": "text.only", "data": "hi"})
    assert (type(other).__name__, other.data) == ("UnknownWebhookEvent", "hi")


def test_a_name_the_main_document_took_gets_the_webhook_prefix(shop_src: Path) -> None:
    types = (shop_src / PACKAGE / "types")
    assert "id: str | None" in (types / "order.py").read_text()
    assert "class WebhookOrder(ResponseModel)" in (types / "webhook_order.py").read_text()


def test_the_rendered_events_and_code_using_them_pass_mypy_strict(shop_src: Path) -> None:
    (shop_src / "user_code.py").write_text(USER_CODE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE, "user_code.py"],
        cwd=shop_src, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_shared_enum_of_every_type_falls_back_to_the_webhook_keys() -> None:
    api = build("""\
openapi: 3.1.0
info: {title: T, version: 1.0.0}
webhooks:
  a.happened:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
      responses: {'200': {description: ok}}
  b.happened:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Kind: {type: string, enum: [a.happened, b.happened]}
    A: {type: object, properties: {type: {$ref: '#/components/schemas/Kind'}, a: {type: string}}}
    B: {type: object, properties: {type: {$ref: '#/components/schemas/Kind'}, b: {type: string}}}
""")
    assert [(e.name, e.model, e.types) for e in api.webhooks] == [
        ("a.happened", "A", ("a.happened",)), ("b.happened", "B", ("b.happened",))]
    assert "Kind" in {e.class_name for e in api.enums}  # a component enum is kept


def test_a_type_that_would_select_two_payloads_is_an_error_naming_the_webhook() -> None:
    with pytest.raises(SpecError) as caught:
        build("""\
openapi: 3.1.0
info: {title: T, version: 1.0.0}
webhooks:
  first:
    post:
      requestBody:
        content: {application/json: {schema: {properties: {type: {const: second}}}}}
      responses: {'200': {description: ok}}
  second:
    post:
      requestBody:
        content: {application/json: {schema: {properties: {type: {type: string}}}}}
      responses: {'200': {description: ok}}
""")
    [problem] = caught.value.diagnostics
    assert (problem.code, problem.file, problem.line) == ("B031", "hooks.yaml", 10)
    assert problem.message == (
        "webhook 'second': event type 'second' would select both FirstEvent and SecondEvent")


def run_generate(root: Path, config: str, files: dict[str, str]) -> tuple[int, str]:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "codegen.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, [
        "generate", "--spec", str(root / "openapi.yaml"), "--config", str(root / "codegen.toml"),
        "--out", str(root / "out"),
    ])
    return result.exit_code, result.output


def test_a_missing_webhooks_document_is_a_config_error(tmp_path: Path) -> None:
    code, output = run_generate(tmp_path, '[webhooks]\nspec = "nowhere.yaml"\n',
                                {"openapi.yaml": SHOP})
    assert code == 2
    assert f"codegen.toml:2:1: error[C001] webhooks.spec: no file at {tmp_path.as_posix()}" \
        f"/nowhere.yaml" in output
    assert not (tmp_path / "out").exists()


def test_problems_in_the_webhooks_document_are_reported_with_its_file(tmp_path: Path) -> None:
    broken = SHIPPING.replace("#/components/schemas/OrderShipped", "#/components/schemas/Nope")
    code, output = run_generate(tmp_path, '[webhooks]\nspec = "shipping.yaml"\n',
                                {"openapi.yaml": SHOP, "shipping.yaml": broken})
    assert code == 2
    assert f"{(tmp_path / 'shipping.yaml').as_posix()}:9:" in output
    assert "nothing was written" in output and not (tmp_path / "out").exists()


def test_a_payload_another_payload_extends_keeps_its_wider_type() -> None:
    api = build("""\
openapi: 3.1.0
info: {title: T, version: 1.0.0}
webhooks:
  base.event:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Base'}}}}
      responses: {'200': {description: ok}}
  child.event:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Child'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Base: {type: object, required: [type], properties: {type: {type: string}}}
    Child:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {extra: {type: string}}}
""")
    kinds = {m.class_name: [f.type.annotation for f in m.fields if f.name == "type"]
             for m in api.models}
    # Literal["child.event"] fits inside str; inside Literal["base.event"] it would not.
    assert kinds == {"Base": ["str"], "Child": ["Literal['child.event']"]}
    assert {e.name: e.types for e in api.webhooks} == {"base.event": ("base.event",),
                                                       "child.event": ("child.event",)}


HOSTILE_TYPE = 'odd "quotes" \'too\' \\ """ {{ x }}\nnext line'


def test_hostile_type_values_render_as_safe_python(tmp_path: Path) -> None:
    spec = SHIPPING.replace("type: {const: order.shipped}",
                            f"type: {{const: {json.dumps(HOSTILE_TYPE)}}}")
    src = generate(tmp_path, SHOP, package="hostile_events_test", webhooks="shipping.yaml",
                   extra_files={"shipping.yaml": spec})
    with imported(src, "hostile_events_test") as package:
        events = import_module(f"{package.__name__}.webhook_events")
        event = events.parse_event({"type": HOSTILE_TYPE, "data": {"tracking": "T"}})
        assert type(event).__name__ == "OrderShipped" and event.type == HOSTILE_TYPE
        assert HOSTILE_TYPE in events.EVENT_TYPES


def test_the_main_document_named_again_as_the_webhooks_document_is_read_once() -> None:
    document, _ = normalise(load_text(SHOP, "shop.yaml"))
    api = build_api(document, Config(), [document])
    assert [e.name for e in api.webhooks] == ["order.paid", "thing.done", "plain.event"]
    assert not any(m.class_name.startswith("Webhook") for m in api.models)
