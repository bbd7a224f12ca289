"""Every operation of the API, called through the generated client against Prism.

Prism validates each request against the spec: a request it rejects (an error
status with an `sl-violations` header) fails the test with the violations. Its
answer, generated from the response schema, must parse into the method's
return type. Each operation runs through the sync and the async client.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import typing
from types import ModuleType
from typing import Any

import pytest

from tests.contract.conftest import ACCOUNT_ID, API_KEY, NORMALISED_SPEC
from tests.contract.samples import PlannedCall, Spec, plan_call

# Read at collection time only for the test ids; the fixtures load it again.
OPERATION_IDS = sorted(Spec(json.loads(NORMALISED_SPEC.read_text("utf-8"))).operations())


def submodule(ahasend: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{ahasend.__name__}.{name}")


@pytest.fixture(scope="session")
def plans(ahasend: ModuleType, spec: Spec) -> dict[str, PlannedCall]:
    """operationId -> the call that exercises it: the client method whose
    `_operations` constant (`MESSAGES_CREATE` for `messages.create`) names it."""
    operations = submodule(ahasend, "_operations")
    found: dict[str, PlannedCall] = {}
    with ahasend.AhaSend(api_key=API_KEY, account_id=ACCOUNT_ID) as inspected:  # sends nothing
        for key in submodule(ahasend, "scopes").SCOPES_BY_METHOD:
            resource, method = key.split(".")
            operation_id = getattr(operations, f"{resource}_{method}".upper()).operation_id
            assert operation_id not in found, f"{key} and {found[operation_id].name} both call it"
            bound = getattr(getattr(inspected, resource), method)
            names = list(inspect.signature(bound).parameters)
            found[operation_id] = plan_call(spec, operation_id, resource, method, names)
    return found


def return_type(resource: object, method: str) -> Any:
    return typing.get_type_hints(getattr(type(resource), method))["return"]


def check_result(ahasend: ModuleType, call: PlannedCall, resource: object, result: Any) -> None:
    """`result` is what the method promises: a model, or a page of models."""
    expected = return_type(resource, call.method)
    origin = typing.get_origin(expected)
    if origin in (ahasend.SyncCursorPage, ahasend.AsyncCursorPage):
        (item_type,) = typing.get_args(expected)
        assert isinstance(result, origin), f"{call.name} returned {type(result)}"
        assert all(isinstance(item, item_type) for item in result.data), call.name
    elif expected is type(None):
        assert result is None, call.name
    else:
        assert isinstance(result, expected), f"{call.name}: {type(result)} is not {expected}"


def rejection(ahasend: ModuleType, call: PlannedCall, error: Exception) -> str:
    """Why Prism refused the call, for the failure message."""
    if isinstance(error, ahasend.APIStatusError):
        violations = error.response.headers.get("sl-violations", "(no sl-violations header)")
        return (f"Prism rejected {call.name} ({call.operation_id}) with "
                f"{error.status_code}: {violations}\nargs={call.args} kwargs={call.kwargs}")
    return f"{call.name} ({call.operation_id}) failed: {error!r}"


def test_the_calls_cover_every_operation_exactly_once(
    ahasend: ModuleType, spec: Spec, plans: dict[str, PlannedCall]
) -> None:
    operations = submodule(ahasend, "_operations")
    in_client = {getattr(operations, name).operation_id for name in operations.__all__}
    assert set(plans) == set(spec.operations()) == set(OPERATION_IDS) == in_client
    assert len(plans) == len(operations.__all__) == 43  # the AhaSend API v2 as specified


def test_a_request_prism_rejects_is_reported_with_its_violations(
    ahasend: ModuleType, prism_url: str
) -> None:
    call = PlannedCall("getMessages", "messages", "list", kwargs={"limit": 1000})
    api = ahasend.AhaSend(api_key=API_KEY, account_id=ACCOUNT_ID, base_url=prism_url,
                          pacing=False, max_retries=0)
    with api, pytest.raises(ahasend.BadRequestError) as caught:
        api.messages.list(**call.kwargs)
    message = rejection(ahasend, call, caught.value)
    assert "Prism rejected messages.list (getMessages) with 400" in message
    assert "limit must be <= 100" in message


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_each_operation_passes_prism_with_the_sync_client(
    ahasend: ModuleType, plans: dict[str, PlannedCall], prism_url: str, operation_id: str
) -> None:
    call = plans[operation_id]
    with ahasend.AhaSend(api_key=API_KEY, account_id=ACCOUNT_ID, base_url=prism_url,
                         pacing=False, max_retries=0) as api:
        resource = getattr(api, call.resource)
        try:
            result = getattr(resource, call.method)(*call.args, **call.kwargs)
        except ahasend.APIError as error:
            pytest.fail(rejection(ahasend, call, error))
        check_result(ahasend, call, resource, result)


@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_each_operation_passes_prism_with_the_async_client(
    ahasend: ModuleType, plans: dict[str, PlannedCall], prism_url: str, operation_id: str
) -> None:
    call = plans[operation_id]

    async def scenario() -> tuple[object, Any]:
        async with ahasend.AsyncAhaSend(api_key=API_KEY, account_id=ACCOUNT_ID,
                                        base_url=prism_url, pacing=False,
                                        max_retries=0) as api:
            resource = getattr(api, call.resource)
            return resource, await getattr(resource, call.method)(*call.args, **call.kwargs)

    try:
        resource, result = asyncio.run(scenario())
    except ahasend.APIError as error:
        pytest.fail(rejection(ahasend, call, error))
    check_result(ahasend, call, resource, result)
