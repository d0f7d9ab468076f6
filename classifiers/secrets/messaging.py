"""Messaging, e-mail and collaboration: Slack, Discord, Telegram, Twilio, SendGrid, Mailgun, Teams..."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX32, UUID, custom, keyed, prefixed
from dlp.classifiers.secrets.validators import random_token

RULES: tuple[PatternRule, ...] = (
    prefixed(
        "slack_bot_token",
        r"xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,34}",
        0.95,
        source="Slack bot token: xoxb-<team>-[<bot>-]<secret>",
    ),
    prefixed(
        "slack_user_token",
        r"xox[pe]-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{26,34}",
        0.95,
        source="Slack user token: xoxp-/xoxe- + team, user, token ids + 32 hex",
    ),
    prefixed(
        "slack_app_token",
        r"xapp-\d-[A-Z0-9]{9,12}-\d{10,16}-[a-f0-9]{64}",
        0.95,
        source="Slack app-level token: xapp-<n>-<app id>-<n>-<64 hex>",
    ),
    prefixed(
        "slack_config_access_token",
        r"xoxe\.xox[bp]-\d-[A-Za-z0-9]{150,180}",
        0.95,
        source="Slack app configuration access token: xoxe.xoxp-/xoxe.xoxb- prefix",
    ),
    prefixed(
        "slack_config_refresh_token",
        r"xoxe-\d-[A-Za-z0-9]{140,150}",
        0.95,
        source="Slack app configuration refresh token: xoxe-<n>- prefix",
    ),
    prefixed(
        "slack_legacy_token",
        r"xox[osar]-(?:\d-)?[0-9]{8,14}(?:-[A-Za-z0-9]{8,64}){0,3}",
        0.85,
        source="Slack legacy, workspace and refresh tokens: xoxo-/xoxs-/xoxa-/xoxr-",
    ),
    custom(
        "slack_webhook_url",
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/(?P<value>[A-Za-z0-9+/_-]{30,140})",
        0.95,
        source="Slack incoming webhook / workflow trigger URL; the path is the secret",
    ),
    prefixed(
        "discord_bot_token",
        r"[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}",
        0.85,
        context=("discord", "bot"),
        source="Discord bot token: base64(user id).timestamp.HMAC",
    ),
    custom(
        "discord_webhook_url",
        r"discord(?:app)?\.com/api/webhooks/\d{17,20}/(?P<value>[A-Za-z0-9_-]{60,72})",
        0.95,
        source="Discord webhook URL: /api/webhooks/<id>/<token>",
    ),
    keyed("discord_client_secret", r"[A-Za-z0-9_-]{32}", ("discord",), 0.7, validator=random_token(3.0, 32)),
    keyed("discord_api_key", r"[a-f0-9]{64}", ("discord",), 0.7),
    custom(
        "telegram_bot_token",
        # Bot API URLs put the token straight after "/bot".
        r"(?P<value>\d(?:(?<=/bot\d)|(?<![A-Za-z0-9_:-]\d))\d{4,11}:[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])",
        0.8,
        context=("telegram", "bot", "tg_"),
        source="Telegram Bot API token: <bot id>:<35-char secret>",
    ),
    prefixed(
        "twilio_api_key",
        r"SK[0-9a-fA-F]{32}",
        0.8,
        context=("twilio",),
        source="Twilio API key SID: SK + 32 hex (secret pairs with it)",
    ),
    keyed(
        "twilio_auth_token",
        HEX32,
        ("twilio", "auth_token", "authtoken"),
        0.75,
        source="Twilio account auth token / API key secret: 32 hex",
    ),
    prefixed(
        "sendgrid_api_key",
        r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
        0.97,
        source="SendGrid API key: SG.<22>.<43>",
    ),
    prefixed(
        "brevo_api_key",
        r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        0.97,
        source="Brevo (Sendinblue) API key: xkeysib- prefix",
    ),
    prefixed(
        "brevo_smtp_key",
        r"xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        0.97,
        source="Brevo (Sendinblue) SMTP key: xsmtpsib- prefix",
    ),
    prefixed(
        "mailgun_api_key",
        r"key-[a-f0-9]{32}",
        0.85,
        context=("mailgun",),
        source="Mailgun private API key: key- + 32 hex",
    ),
    prefixed(
        "mailgun_public_key",
        r"pubkey-[a-f0-9]{32}",
        0.7,
        context=("mailgun",),
        source="Mailgun public validation key: pubkey- + 32 hex",
    ),
    keyed(
        "mailgun_webhook_signing_key",
        r"[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}",
        ("mailgun",),
        0.8,
    ),
    prefixed(
        "mailchimp_api_key",
        r"[0-9a-f]{32}-us[0-9]{1,2}",
        0.9,
        source="Mailchimp API key: 32 hex + -us<datacenter>",
    ),
    keyed("mandrill_api_key", r"[A-Za-z0-9_-]{22}", ("mandrill",), 0.75, validator=random_token(3.5, 22)),
    keyed("postmark_server_token", UUID, ("postmark", "x-postmark"), 0.8),
    keyed("mailjet_api_key", HEX32, ("mailjet", "mj_apikey"), 0.7),
    keyed(
        "messagebird_api_key",
        r"[A-Za-z0-9]{25}",
        ("messagebird", "message_bird", "message-bird"),
        0.7,
        validator=random_token(3.5, 25),
    ),
    keyed("messagebird_client_id", UUID, ("messagebird", "message_bird", "message-bird"), 0.6),
    keyed("vonage_api_secret", r"[A-Za-z0-9]{16}", ("vonage", "nexmo"), 0.7, validator=random_token(3.0, 16)),
    keyed(
        "plivo_auth_token",
        r"[A-Za-z0-9]{40}",
        ("plivo",),
        0.7,
        validator=random_token(3.5, 40),
    ),
    custom(
        "microsoft_teams_webhook_url",
        r"(?P<value>https://[A-Za-z0-9-]{1,60}\.webhook\.office\.com/webhookb2/"
        rf"{UUID}@{UUID}/IncomingWebhook/[a-f0-9]{{32}}/{UUID}(?:/[A-Za-z0-9_-]{{20,60}})?)",
        0.95,
        source="Microsoft Teams incoming webhook URL (webhook.office.com/webhookb2/...)",
    ),
    keyed(
        "mattermost_access_token",
        r"[a-z0-9]{26}",
        ("mattermost",),
        0.7,
        validator=random_token(3.5, 26),
    ),
    keyed(
        "intercom_access_token",
        r"[A-Za-z0-9_=-]{59,60}",
        ("intercom",),
        0.7,
        validator=random_token(3.5, 59),
    ),
    keyed("zendesk_api_token", r"[A-Za-z0-9]{40}", ("zendesk",), 0.7, validator=random_token(3.5, 40)),
    keyed("sendbird_api_token", rf"[a-f0-9]{{40}}|{UUID}", ("sendbird",), 0.7),
    keyed("pusher_app_secret", r"[a-f0-9]{20}", ("pusher",), 0.7),
    keyed("line_channel_secret", HEX32, ("line_channel", "line channel", "channel_secret"), 0.7),
)
