"""Blind indexes: an HMAC of a normalised value, so an encrypted column can be matched
exactly (search by name) without decrypting every row or storing the value in the clear."""
import hashlib
import hmac
import unicodedata

from flask import current_app


def normalise(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(folded.split())


def blind_index(value: str | None) -> str | None:
    if value is None or not normalise(value):
        return None
    key = current_app.config["BLIND_INDEX_KEY"].encode("utf-8")
    return hmac.new(key, normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()
