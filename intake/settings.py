"""Safe, non-secret defaults. The environment's file in config/ and INTAKE_* variables override."""
from datetime import timedelta


class Defaults:
    ENV_NAME = "production"
    DATABASE_URL = None  # None: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Secrets have no defaults. Development and testing generate them into instance/.
    SECRET_KEY = None
    ENCRYPTION_KEYS = None
    AUDIT_KEY = None
    BLIND_INDEX_KEY = None

    # Staff sessions
    SESSION_COOKIE_NAME = "intake_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_MINUTES = 15
    SESSION_ABSOLUTE_HOURS = 12
    LOGIN_LOCK_THRESHOLD = 10
    LOGIN_LOCK_MINUTES = 15
    REQUIRE_MFA = True

    # Rate limits (Flask-Limiter reads the RATELIMIT_* keys)
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    REDIS_URL = None
    LOGIN_RATE_LIMIT = "20 per minute;200 per hour"
    # Requests actually stored per IP (mistakes that re-show the form do not count).
    CONSULTATION_RATE_LIMIT = "5 per hour"
    CONSULTATION_MIN_FILL_SECONDS = 3  # a person needs longer than this; a script does not
    CONFIRMATION_MINUTES = 30  # the confirmation page works this long, in the browser that sent it

    # Forms: a frightened person may take a long time; tokens stay valid for 8 hours.
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 512 * 1024

    # Web
    HSTS = True
    PROXY_FIX_X_FOR = 0  # how many trusted proxies set X-Forwarded-For

    # The practice (issue 6 moves these into the settings screen)
    PRACTICE_NAME = "Northlight Therapy"
    PRACTICE_TIMEZONE = "America/New_York"
    QUICK_EXIT_URL = "https://www.google.com/search?q=weather+today"
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    SMTP_URL = None
    MAIL_FROM = "no-reply@example.org"
