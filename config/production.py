# Production: HTTPS only, MFA required. Secrets come from INTAKE_* variables, never from here.
ENV_NAME = "production"
SESSION_COOKIE_SECURE = True
HSTS = True
REQUIRE_MFA = True
PREFERRED_URL_SCHEME = "https"
