from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import text

from intake.auth.models import Role
from intake.extensions import db as _db
from intake.security import crypto
from tests.conftest import make_user

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def raw_secret(db, user):
    return db.session.execute(text("SELECT totp_secret FROM users WHERE id = :id"),
                              {"id": user.id}).scalar_one()


def test_encrypted_column_is_unreadable_in_the_database(app, db):
    user = make_user(Role.CLINICIAN, totp_secret=SECRET)
    stored = raw_secret(db, user)
    assert SECRET not in stored and stored.startswith("gAAAA")
    db.session.expire_all()
    assert db.session.get(type(user), user.id).totp_secret == SECRET


def test_database_file_holds_no_plaintext(app, db, database):
    if database.is_postgres:
        return  # the raw-column check above covers PostgreSQL; this one reads the file
    make_user(Role.CLINICIAN, totp_secret=SECRET)
    _db.engine.dispose()
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    data = Path(path).read_bytes()
    assert b"SQLite format 3" in data[:16]
    assert SECRET.encode() not in data


def test_key_rotation_keeps_old_values_readable_then_rewraps_them(app, db):
    user = make_user(Role.CLINICIAN, totp_secret=SECRET)
    old_key = app.config["ENCRYPTION_KEYS"]
    new_key = Fernet.generate_key().decode()
    before = raw_secret(db, user)
    app.extensions[crypto.EXTENSION_KEY] = crypto.build_cipher(f"{new_key},{old_key}")
    db.session.expire_all()
    assert db.session.get(type(user), user.id).totp_secret == SECRET  # old key still decrypts
    assert crypto.rotate_all(db.session, db.metadata) == 1
    db.session.commit()
    after = raw_secret(db, user)
    assert after != before
    Fernet(new_key.encode()).decrypt(after.encode())  # now under the new key alone


def test_rotate_command(app, db, runner):
    make_user(Role.CLINICIAN, totp_secret=SECRET)
    app.extensions[crypto.EXTENSION_KEY] = crypto.build_cipher(
        f"{Fernet.generate_key().decode()},{app.config['ENCRYPTION_KEYS']}")
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "Re-encrypted 1 values" in result.output


def test_malformed_keys_are_refused():
    import pytest

    with pytest.raises(crypto.KeyConfigError):
        crypto.build_cipher("not-a-fernet-key")
    with pytest.raises(crypto.KeyConfigError):
        crypto.build_cipher(" , ")
