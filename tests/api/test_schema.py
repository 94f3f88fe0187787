"""The OpenAPI schema at /api/v1/schema/ validates (openapi-spec-validator) and documents every
endpoint, its token and its filters."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_validates_and_lists_every_endpoint(client):
    from .test_access_probe import PUBLIC, api_routes

    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    documented = set(schema["paths"])
    for route, name in api_routes():
        if name in PUBLIC:
            continue
        path = "/" + route.replace("<id:pk>", "{pk}")
        assert path in documented, path
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    params = {p["name"] for p in schema["paths"]["/api/v1/submissions/"]["get"]["parameters"]}
    assert {"committee", "date_from", "date_to", "status", "duty", "plan", "page", "page_size"} <= params


def test_every_operation_describes_its_errors(client):
    """401 (no valid token), 404 (not the account's), 429 (rate limit) and 400 (malformed or unknown
    parameter) are documented on every operation, each with its {"detail": "…"} body."""
    schema = client.get("/api/v1/schema/").json()
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 15
    for path, method, op in operations:
        for code in ("400", "401", "404", "429"):
            assert code in op["responses"], (path, method, code)
            body = op["responses"][code]["content"]["application/json"]["schema"]
            assert body["$ref"].startswith("#/components/schemas/"), (path, method, code)
        assert op["responses"]["401"]["description"] and op["responses"]["429"]["description"]
    assert schema["components"]["schemas"]["DetailOut"]["required"] == ["detail"]


def test_the_validator_refuses_a_broken_schema(client):
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    schema = client.get("/api/v1/schema/").json()
    del schema["info"]
    with pytest.raises(OpenAPIValidationError):
        validate(schema)


def test_the_docs_page_is_served_with_the_sites_own_files(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "/static/js/api-docs.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
