"""Payments, commerce and finance APIs: Stripe, Square, PayPal/Braintree, Adyen, Shopify, Plaid..."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import UUID, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token


def _shopify(kind: str, prefix: str, what: str) -> PatternRule:
    return prefixed(kind, rf"{prefix}_[a-fA-F0-9]{{32}}", 0.95, source=f"Shopify {what}: {prefix}_ + 32 hex")


RULES: tuple[PatternRule, ...] = (
    prefixed(
        "stripe_secret_key",
        r"sk_(?:live|test)_[A-Za-z0-9]{24,247}",
        0.95,
        source="Stripe secret API key: sk_live_/sk_test_ prefix, up to 255 chars",
    ),
    prefixed(
        "stripe_restricted_key",
        r"rk_(?:live|test)_[A-Za-z0-9]{24,247}",
        0.95,
        source="Stripe restricted API key: rk_live_/rk_test_ prefix",
    ),
    prefixed(
        "stripe_webhook_secret",
        r"whsec_[A-Za-z0-9+/=]{32,88}",
        0.95,
        source="Stripe webhook signing secret: whsec_ prefix",
    ),
    prefixed(
        "square_access_token",
        r"EAAA[A-Za-z0-9_-]{40,100}",
        0.85,
        context=("square",),
        source="Square access token: EAAA prefix (production and sandbox)",
    ),
    prefixed(
        "square_access_token_legacy",
        r"sq0atp-[A-Za-z0-9_-]{22}",
        0.95,
        source="Square personal access token (legacy): sq0atp- prefix",
    ),
    prefixed(
        "square_oauth_secret",
        r"sq0csp-[A-Za-z0-9_-]{43}",
        0.95,
        source="Square OAuth application secret: sq0csp- prefix",
    ),
    prefixed(
        "braintree_access_token",
        r"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}",
        0.95,
        source="PayPal Braintree access token: access_token$<env>$<merchant 16>$<32 hex>",
    ),
    keyed(
        "paypal_client_secret",
        r"E[A-Za-z0-9_-]{79}",
        ("paypal",),
        0.75,
        validator=random_token(4.0, 80),
        source="PayPal REST client secret: 80 URL-safe characters",
    ),
    keyed(
        "adyen_api_key",
        r"AQE[A-Za-z0-9+/=._-]{60,400}",
        ("adyen", "x-api-key"),
        0.85,
        source="Adyen API key: AQE prefix, base64 with dots",
    ),
    prefixed(
        "razorpay_key_id",
        r"rzp_(?:live|test)_[A-Za-z0-9]{14}",
        0.8,
        source="Razorpay key id: rzp_live_/rzp_test_ + 14 alphanumerics (pairs with the key secret)",
    ),
    keyed(
        "razorpay_key_secret",
        r"[A-Za-z0-9]{24}",
        ("razorpay", "rzp"),
        0.7,
        validator=random_token(3.5, 24),
    ),
    keyed(
        "paystack_secret_key",
        r"sk_(?:live|test)_[a-f0-9]{40}",
        ("paystack",),
        0.9,
        source="Paystack secret key: sk_live_/sk_test_ + 40 hex",
    ),
    prefixed(
        "flutterwave_secret_key",
        r"FLWSECK(?:_TEST)?-[a-h0-9]{32}-X",
        0.95,
        source="Flutterwave secret key: FLWSECK[_TEST]-<32>-X",
    ),
    prefixed(
        "flutterwave_encryption_key",
        r"FLWSECK(?:_TEST)?-?[a-h0-9]{12}",
        0.9,
        source="Flutterwave encryption key: FLWSECK[_TEST] + 12 hex",
    ),
    prefixed(
        "checkout_secret_key",
        r"sk_sbox_[a-z0-9]{26}",
        0.9,
        source="Checkout.com sandbox secret key: sk_sbox_ prefix",
    ),
    keyed(
        "mollie_api_key",
        r"(?:live|test)_[A-Za-z0-9]{30}",
        ("mollie",),
        0.85,
        source="Mollie API key: live_/test_ + 30 alphanumerics",
    ),
    keyed(
        "gocardless_access_token",
        r"(?:live|sandbox)_[A-Za-z0-9_=-]{40}",
        ("gocardless",),
        0.85,
        source="GoCardless access token: live_/sandbox_ + 40 characters",
    ),
    prefixed(
        "shippo_api_token",
        r"shippo_(?:live|test)_[a-f0-9]{40}",
        0.95,
        source="Shippo API token: shippo_live_/shippo_test_ + 40 hex",
    ),
    prefixed(
        "easypost_api_key",
        r"EZ[AT]K[A-Za-z0-9]{54}",
        0.9,
        source="EasyPost production (EZAK) and test (EZTK) API keys",
    ),
    prefixed(
        "lob_api_key",
        r"(?:live|test)_[a-f0-9]{35}",
        0.75,
        context=("lob",),
        source="Lob secret API key: live_/test_ + 35 hex",
    ),
    prefixed(
        "duffel_api_token",
        r"duffel_(?:test|live)_[A-Za-z0-9_=-]{43}",
        0.95,
        source="Duffel access token: duffel_live_/duffel_test_ + 43 characters",
    ),
    _shopify("shopify_access_token", "shpat", "Admin API access token"),
    _shopify("shopify_custom_app_token", "shpca", "custom app access token"),
    _shopify("shopify_private_app_token", "shppa", "private app access token"),
    _shopify("shopify_shared_secret", "shpss", "app shared secret"),
    prefixed(
        "plaid_access_token",
        rf"access-(?:sandbox|development|production)-{UUID}",
        0.95,
        source="Plaid access token: access-<environment>-<UUID>",
    ),
    keyed("plaid_client_id", r"[a-f0-9]{24}", ("plaid",), 0.7, source="Plaid client_id: 24 hex"),
    keyed("plaid_secret", r"[a-f0-9]{30}", ("plaid",), 0.75, source="Plaid secret: 30 hex"),
    keyed(
        "coinbase_access_token",
        r"[A-Za-z0-9_-]{64}",
        ("coinbase",),
        0.7,
        validator=random_token(3.5, 64),
    ),
    keyed(
        "kraken_api_secret",
        r"[A-Za-z0-9/+=_-]{80,90}",
        ("kraken",),
        0.75,
        validator=random_token(4.0, 80),
        source="Kraken private key: 64 bytes base64 (88 chars)",
    ),
    keyed("kucoin_api_key", r"[a-f0-9]{24}", ("kucoin",), 0.7, source="KuCoin API key: 24 hex"),
    keyed("kucoin_api_secret", UUID, ("kucoin",), 0.75, source="KuCoin API secret: UUID"),
    keyed("bittrex_api_key", r"[a-z0-9]{32}", ("bittrex",), 0.7, validator=random_token(3.5, 32)),
    keyed(
        "binance_api_key",
        r"[A-Za-z0-9]{64}",
        ("binance",),
        0.75,
        validator=random_token(4.0, 64),
        source="Binance API key and secret: 64 alphanumerics",
    ),
    keyed("finicity_api_key", r"[a-f0-9]{32}", ("finicity",), 0.7),
    keyed("finicity_client_secret", r"[A-Za-z0-9]{20}", ("finicity",), 0.7, validator=random_token(3.5, 20)),
    keyed("squarespace_api_key", UUID, ("squarespace",), 0.7),
    keyed(
        "freshbooks_access_token",
        r"[a-z0-9]{64}",
        ("freshbooks",),
        0.7,
        validator=random_token(3.5, 64),
    ),
)
