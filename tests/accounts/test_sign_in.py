import pytest

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_served(client):
    response = client.get("/accounts/sign-in/")
    assert response.status_code == 200
    assert b"Sign in to ContactPoint" in response.content
    assert b'<label for="id_password">' in response.content


def test_pages_need_a_signed_in_user(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_a_wrong_password_gets_a_clear_error_and_no_session(client):
    UserFactory(username="amelia")
    response = client.post("/accounts/sign-in/", {"username": "amelia", "password": "wrong"})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_a_user_signs_in_and_sees_their_role(client):
    UserFactory(username="amelia")
    response = client.post(
        "/accounts/sign-in/", {"username": "amelia", "password": TEST_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert b"Practitioner" in response.content
