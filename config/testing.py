# The test suite: CSRF stays on (tests fetch tokens like a browser), MFA optional.
ENV_NAME = "testing"
TESTING = True
SESSION_COOKIE_SECURE = False
HSTS = False
REQUIRE_MFA = False
RATELIMIT_STORAGE_URI = "memory://"
