"""Envelope encryption for what people write.

Each person has a random 256-bit data key. Their words are sealed with it (AES-256-GCM); the
data key itself is stored only wrapped (sealed) by the master key, which comes from the
environment or a key file and never enters the database. Destroying a person's wrapped key
makes everything they wrote unreadable.

Blob layout: one version byte, a 12-byte nonce, then the ciphertext with its 16-byte tag.
The version names the rule for the associated data the caller binds the blob to. Version 2
(the only one sealed or opened here) binds the blob to its place: the model, field, row and
owner of sealed words, the person of a wrapped data key (`nearer/accounts/sealing.py`).
Version 1 bound only the model and owner; `nearer/accounts/resealing.py` alone still reads it,
to move old rows to version 2 and back (docs/decisions/0002).
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = b"\x02"
NONCE_BYTES = 12
KEY_BYTES = 32


class MasterKeyError(ValueError):
    """The master key is missing or malformed."""


class UnsealError(ValueError):
    """A blob does not open: another key, another place (associated data), another version,
    or tampered with."""


def parse_master_key(encoded: str) -> bytes:
    """Decode a base64 (standard or URL-safe) master key of 32 bytes."""
    if not encoded:
        raise MasterKeyError(
            "No master key is configured (NEARER_MASTER_KEY or NEARER_MASTER_KEY_FILE)."
        )
    try:
        raw = base64.b64decode(encoded.strip() + "==", altchars=b"-_")
    except (binascii.Error, ValueError) as exc:
        raise MasterKeyError("The master key is not valid base64.") from exc
    if len(raw) != KEY_BYTES:
        raise MasterKeyError(f"The master key must be {KEY_BYTES} bytes; it is {len(raw)}.")
    return raw


def generate_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def seal(plaintext: bytes, key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(blob: bytes | memoryview, key: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    if blob[:1] != VERSION:
        raise UnsealError(
            f"Sealed-blob version {blob[:1].hex() or 'missing'}, not {VERSION.hex()}: "
            "are the migrations applied?"
        )
    nonce = blob[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[1 + NONCE_BYTES :], aad)
    except InvalidTag as exc:
        raise UnsealError("The sealed blob does not open with this key and place.") from exc


def seal_text(text: str, key: bytes, aad: bytes) -> bytes:
    return seal(text.encode("utf-8"), key, aad)


def unseal_text(blob: bytes | memoryview, key: bytes, aad: bytes) -> str:
    return unseal(blob, key, aad).decode("utf-8")
