import pytest


@pytest.fixture
def client(client):
    """The journal's tests read the messages in English (people without a saved language get Kazakh)."""
    client.cookies["django_language"] = "en"
    return client
