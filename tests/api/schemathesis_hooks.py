"""Loaded by the schemathesis CLI (SCHEMATHESIS_HOOKS) in tests/api/test_schemathesis.py.

positive_data_acceptance with one allowance: a 400 to schema-valid data may name only a rule
the schema cannot state (api/schema.py) — a bbox whose minimum is not below its maximum, an
updated_since that is no calendar date, a `since` that is no cursor of this feed, and on writes the domain's rules on data (known
themes and networks, http(s) links, codes that exist), which depend on the database, and a
webhook receiver's address, which must resolve to a public address (DNS)."""

import schemathesis
from schemathesis.core.failures import Failure

CROSS_FIELD = {"bbox", "updated_since", "since"}
DOMAIN_RULES = {"themes", "networks", "links", "website", "contact_email", "postal_code", "insee_code",
                "department_code", "region_code", "location", "commune", "name", "non_field_errors",
                "url", "departments", "regions"}  # fmt: skip
WRITES = {"POST", "PUT", "PATCH"}


class SchemaValidDataRefused(Failure):
    pass


@schemathesis.check
def positive_data_accepted_but_for_unstatable_rules(ctx, response, case):
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code < 400:
        return None
    if response.status_code in (401, 403, 404, 409, 412, 428, 429) or response.status_code >= 500:
        return None  # not about the data's shape (and 5xx has a check of its own)
    named = set(response.json()) if response.status_code == 400 else {f"HTTP {response.status_code}"}
    allowed = DOMAIN_RULES if case.method.upper() in WRITES else CROSS_FIELD
    if not named <= allowed:
        raise SchemaValidDataRefused(
            operation=case.operation.label, title="Schema-valid data refused",
            message=f"{response.status_code} naming {sorted(named - allowed)}: {response.text[:300]}",
        )  # fmt: skip
    return None


@schemathesis.deserializer("text/csv")
def csv_as_text(ctx, response):
    """The schema says a CSV body is a string: check that much."""
    return response.content.decode("utf-8")
