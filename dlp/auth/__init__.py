"""Service security: who the caller is (API keys, OAuth JWTs), rate limits, kill switch, TLS."""
