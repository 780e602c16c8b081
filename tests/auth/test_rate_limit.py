import pytest

from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config, request):
    return {**app_config, "LOGIN_RATE_LIMIT": "3 per minute", **getattr(request, "param", {})}


def attempt(client):
    return client.post("/login", data={"email": "someone@example.org", "password": "x" * 12,
                                       "csrf_token": csrf_token(client, "/login")})


def test_per_ip_limit_answers_429(client):
    assert [attempt(client).status_code for _ in range(3)] == [422, 422, 422]
    response = attempt(client)
    assert response.status_code == 429
    assert "try again later" in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": False}], indirect=True)
def test_limits_can_be_switched_off_for_load_tests(client):
    assert {attempt(client).status_code for _ in range(5)} == {422}
