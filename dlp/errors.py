"""The one exception tree of mcp-dlp.

Every error the project raises on purpose derives from :class:`DLPError`::

    DLPError
    ├── ConfigError            a setting is missing or invalid (names the setting, never its value)
    ├── PolicyError            a policy or access YAML is invalid (names file, line and key)
    ├── InputError             a payload cannot be inspected as given; the pipeline fails closed
    │   ├── MalformedMessage   not JSON, not JSON-RPC, or not valid UTF-8
    │   ├── PayloadTooLarge    over the configured size limit
    │   ├── PayloadTooDeep     nested deeper than the configured depth limit
    │   ├── MediaLimitExceeded an image, PDF or archive is over a media limit (size, pixels, pages...)
    │   └── MediaUnreadable    an image or PDF cannot be decoded (corrupt, truncated, encrypted)
    ├── InspectionError        a detector, extractor or operator failed or timed out
    ├── VaultError             sealing, opening or looking up a vaulted value failed
    │   ├── TamperedCiphertext authentication failed: a byte, key id or bound data was changed
    │   ├── KeyUnavailable     the key needed is missing, destroyed (shredded) or unreadable
    │   └── AccessDenied       the caller's role does not allow re-identification
    ├── ProxyError             an MCP transport or upstream server failed
    ├── AuthenticationFailed   no credential, or one that is unknown, expired, revoked or forged
    └── AuditError             the audit trail could not be written or read
        └── SinkUnavailable    an off-host sink (syslog, webhook) did not accept events

Messages carry entity names, JSON paths, offsets and fingerprints: never a payload value. Code
that raises one of these from user data leaves the data out of the message.
"""

from __future__ import annotations


class DLPError(Exception):
    """Root of every error mcp-dlp raises on purpose."""

    #: Stable machine-readable code used in JSON-RPC errors, HTTP problem bodies and audit events.
    code: str = "dlp_error"


class ConfigError(DLPError):
    """A configuration setting is missing or invalid."""

    code = "config_error"


class PolicyError(DLPError):
    """A policy (or access-rules) document is invalid.

    ``file``, ``line`` and ``key`` locate the problem so compliance staff can fix it without
    reading a traceback.
    """

    code = "policy_error"

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, key: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.key = key
        where = ":".join(str(part) for part in (file, line) if part is not None)
        prefix = f"{where}: " if where else ""
        suffix = f" (key: {key})" if key else ""
        super().__init__(f"{prefix}{message}{suffix}")


class InputError(DLPError):
    """A payload cannot be inspected as given."""

    code = "invalid_input"


class MalformedMessage(InputError):
    """Not JSON, not a JSON-RPC 2.0 message, or not valid UTF-8."""

    code = "malformed_message"


class PayloadTooLarge(InputError):
    """The payload exceeds the configured byte limit."""

    code = "payload_too_large"


class PayloadTooDeep(InputError):
    """The payload nests deeper than the configured depth limit."""

    code = "payload_too_deep"


class MediaLimitExceeded(InputError):
    """An attachment is over a configured media limit (bytes, pixels, pages, archive depth or ratio)."""

    code = "media_limit_exceeded"


class MediaUnreadable(InputError):
    """An attachment that claims to be an image, PDF or archive cannot be decoded."""

    code = "media_unreadable"


class InspectionError(DLPError):
    """A detector, extractor or operator failed or ran out of time."""

    code = "inspection_failed"


class VaultError(DLPError):
    """The vault could not seal, open or look up a value."""

    code = "vault_error"


class TamperedCiphertext(VaultError):
    """Authenticated decryption failed: ciphertext, key id or associated data was altered."""

    code = "vault_tampered"


class KeyUnavailable(VaultError):
    """The key a value needs is missing, destroyed or unreadable."""

    code = "vault_key_unavailable"


class AccessDenied(VaultError):
    """The caller may not re-identify this value."""

    code = "access_denied"


class ProxyError(DLPError):
    """An MCP transport or upstream server failed."""

    code = "proxy_error"


class AuthenticationFailed(DLPError):
    """The caller could not be authenticated (the reason is generic on purpose)."""

    code = "unauthenticated"


class AuditError(DLPError):
    """The audit trail could not be written, shipped or read."""

    code = "audit_error"


class SinkUnavailable(AuditError):
    """An off-host sink did not accept events; they stay spooled for a later attempt."""

    code = "audit_sink_unavailable"
