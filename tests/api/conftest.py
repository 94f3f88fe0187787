import pytest
from django.test import Client


@pytest.fixture
def token_for():
    """token_for(user) -> a new API token (the string) of that account."""
    from api.services import api_token_create

    def make(user, name="Thử"):
        return api_token_create(user=user, name=name)[1]

    return make


@pytest.fixture
def api_client(token_for):
    """api_client(user) -> a test client sending that account's new token (None: no token)."""

    def make(user):
        if user is None:
            return Client()
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"})

    return make
