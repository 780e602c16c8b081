# Local development: plain HTTP, MFA optional, keys generated into instance/.
ENV_NAME = "development"
SESSION_COOKIE_SECURE = False
HSTS = False
REQUIRE_MFA = False
