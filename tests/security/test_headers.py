from intake.auth.models import Role


def test_security_headers_on_every_response(client):
    for path in ("/login", "/healthz", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in headers  # testing runs over plain HTTP


def test_authenticated_pages_are_never_cached(client, login):
    login(Role.CLINICIAN)
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    with client.get("/static/intake.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"


def test_session_cookie_flags(client, login):
    response = client.post("/login")  # sets no cookie yet; sign in for real below
    assert response.status_code in (400, 422)
    from tests.conftest import TEST_PASSWORD, csrf_token, make_user

    user = make_user(Role.CLINICIAN)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_adds_hsts_and_secure_cookies(database, tmp_path):
    from cryptography.fernet import Fernet

    from intake import create_app
    from intake.extensions import db

    app = create_app({"ENV_NAME": "production", "DATABASE_URL": database.fresh_url(tmp_path),
                      "SECRET_KEY": "p" * 40, "ENCRYPTION_KEYS": Fernet.generate_key().decode()})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.app_context():
        response = app.test_client().get("/healthz")
        assert "max-age=" in response.headers["Strict-Transport-Security"]
        db.engine.dispose()
    database.reset()
