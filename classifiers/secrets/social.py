"""Social, media and content APIs: Facebook, X/Twitter, LinkedIn, Twitch, Mapbox, Spotify, Etsy..."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets._build import HEX32, keyed, prefixed
from dlp.classifiers.secrets.validators import not_filler, random_token


def _bearer_body_ok(value: str) -> bool:
    # The 22 leading 'A's are the format itself (zero bytes in base64), not filler.
    return not_filler(value.lstrip("A"))


RULES: tuple[PatternRule, ...] = (
    prefixed(
        "facebook_access_token",
        r"EAA[B-Z0-9a-z][A-Za-z0-9]{80,500}",
        0.85,
        context=("facebook", "fb_", "graph", "access_token", "instagram", "meta"),
        source="Meta Graph API user/page access token: EAA + app-type letter + base62",
    ),
    prefixed(
        "facebook_app_access_token",
        r"[0-9]{15,16}\|[A-Za-z0-9_-]{27}",
        0.85,
        source="Meta app access token: <app id>|<27-char app secret proof>",
    ),
    keyed("facebook_app_secret", HEX32, ("facebook", "fb_app_secret", "fb_secret", "app_secret"), 0.75),
    prefixed(
        "twitter_bearer_token",
        r"A{22}[A-Za-z0-9%]{80,130}",
        0.9,
        validator=_bearer_body_ok,
        source="X/Twitter app-only bearer token: 22 'A' then URL-encoded base64",
    ),
    keyed(
        "twitter_access_token",
        r"[0-9]{10,25}-[A-Za-z0-9]{20,40}",
        ("twitter", "x_access_token"),
        0.8,
        source="X/Twitter user access token: <user id>-<secret>",
    ),
    keyed(
        "twitter_api_key",
        r"[A-Za-z0-9]{25}",
        ("twitter", "consumer_key"),
        0.7,
        validator=random_token(3.5, 25),
        source="X/Twitter API (consumer) key: 25 alphanumerics",
    ),
    keyed(
        "twitter_api_secret",
        r"[A-Za-z0-9]{45,50}",
        ("twitter", "consumer_secret", "access_token_secret"),
        0.75,
        validator=random_token(3.8, 45),
        source="X/Twitter API secret (50) and access token secret (45)",
    ),
    keyed(
        "linkedin_client_id",
        r"[a-z0-9]{14}",
        ("linkedin", "linked_in", "linked-in"),
        0.6,
        validator=random_token(3.2, 14),
    ),
    keyed(
        "linkedin_client_secret",
        r"[A-Za-z0-9]{16}",
        ("linkedin", "linked_in", "linked-in"),
        0.7,
        validator=random_token(3.2, 16),
    ),
    keyed("twitch_api_token", r"[a-z0-9]{30}", ("twitch",), 0.7, validator=random_token(3.5, 30)),
    prefixed(
        "mapbox_secret_token",
        r"sk\.eyJ[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{20,30}",
        0.95,
        source="Mapbox secret access token: sk.eyJ<payload>.<signature>",
    ),
    keyed("spotify_client_secret", HEX32, ("spotify",), 0.75),
    keyed("etsy_api_key", r"[a-z0-9]{24}", ("etsy",), 0.7, validator=random_token(3.5, 24)),
    keyed("flickr_api_key", HEX32 + r"|[a-z0-9]{32}", ("flickr",), 0.7, validator=random_token(3.5, 32)),
    keyed(
        "nytimes_api_key",
        r"[A-Za-z0-9=_-]{32}",
        ("nytimes", "new-york-times", "newyorktimes"),
        0.7,
        validator=random_token(3.5, 32),
    ),
    keyed("finnhub_api_key", r"[a-z0-9]{20}", ("finnhub",), 0.7, validator=random_token(3.5, 20)),
    keyed(
        "rapidapi_key",
        r"[A-Za-z0-9_-]{50}",
        ("rapidapi", "x-rapidapi-key"),
        0.75,
        validator=random_token(3.5, 50),
    ),
    keyed("beamer_api_key", r"b_[A-Za-z0-9=_-]{44}", ("beamer",), 0.85, source="Beamer API key: b_ + 44"),
    keyed(
        "youtube_oauth_client_secret",
        r"[A-Za-z0-9_-]{24}",
        ("youtube",),
        0.6,
        validator=random_token(3.5, 24),
    ),
    keyed("zoom_client_secret", r"[A-Za-z0-9]{32}", ("zoom",), 0.7, validator=random_token(3.5, 32)),
    keyed(
        "box_client_secret",
        r"[A-Za-z0-9]{32}",
        ("box_client", "box_developer", "box.com"),
        0.7,
        validator=random_token(3.5, 32),
    ),
    keyed("mapquest_api_key", r"[A-Za-z0-9]{32}", ("mapquest",), 0.7, validator=random_token(3.5, 32)),
    keyed("openweather_api_key", HEX32, ("openweather", "owm_api", "weather_api"), 0.65),
    keyed("giphy_api_key", r"[A-Za-z0-9]{32}", ("giphy",), 0.65, validator=random_token(3.5, 32)),
    keyed("unsplash_access_key", r"[A-Za-z0-9_-]{43}", ("unsplash",), 0.7, validator=random_token(3.5, 43)),
    keyed("shodan_api_key", r"[A-Za-z0-9]{32}", ("shodan",), 0.75, validator=random_token(3.5, 32)),
    keyed("virustotal_api_key", r"[a-f0-9]{64}", ("virustotal", "x-apikey"), 0.75),
    keyed("ipinfo_token", r"[a-f0-9]{14}", ("ipinfo",), 0.6),
)
