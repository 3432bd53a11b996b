"""Errors the OGC way: a JSON exception {"code", "description"} (OGC API – Common's
exception schema), with the offending parameter named in the description and in `parameter`."""

from django.http import JsonResponse
from rest_framework import exceptions, status

CODES = {
    status.HTTP_400_BAD_REQUEST: "InvalidParameterValue",
    status.HTTP_404_NOT_FOUND: "NotFound",
    status.HTTP_406_NOT_ACCEPTABLE: "NotAcceptable",
    status.HTTP_405_METHOD_NOT_ALLOWED: "MethodNotAllowed",
}


def _messages(detail):
    """DRF's nested details → [(parameter or None, message)]."""
    if isinstance(detail, dict):
        return [(name, msg) for name, value in detail.items() for _, msg in _messages(value)]
    if isinstance(detail, (list, tuple)):
        return [item for value in detail for item in _messages(value)]
    return [(None, str(detail))]


def exception_response(exc):
    """The OGC exception for a DRF APIException (anything else propagates: a bug is a bug)."""
    code = exc.status_code
    messages = _messages(exc.detail)
    body = {
        "code": CODES.get(code, exc.default_code if isinstance(exc.default_code, str) else "Error"),
        "description": " ".join(f"{name} : {msg}" if name else msg for name, msg in messages),
    }
    if names := [name for name, _ in messages if name]:
        body["parameter"] = names[0] if len(names) == 1 else names
    response = JsonResponse(body, status=code, json_dumps_params={"ensure_ascii": False})
    if isinstance(exc, exceptions.MethodNotAllowed):
        response["Allow"] = "GET, HEAD, OPTIONS"
    return response
