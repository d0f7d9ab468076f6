"""PII pattern rules for postal street addresses (US and UK).

A house number, one to four capitalised name words and a street suffix. The common suffixes
(Street, Avenue, Road...) are specific enough alone; the long tail of USPS suffixes (Run, View,
Point, Pass...) also ends ordinary phrases ("2 Data Pipeline Run"), so those addresses need a
unit, a city/state/ZIP tail or an address keyword.
"""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule

_COMMON_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|terrace|"
    r"parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|plaza|crescent|close|gardens|grove|"
    r"mews|way)"
)
# USPS Publication 28, appendix C1 (primary street suffixes), including plurals.
_USPS_SUFFIX = (
    r"(?:Alley|Annex|Arcade|Bayou|Beach|Bend|Bluffs?|Bottom|Branch|Bridge|Brooks?|Burgs?|Bypass|"
    r"Camp|Canyon|Cape|Causeway|Centers?|Circles?|Cliffs?|Club|Commons?|Corners?|Course|Courts?|"
    r"Coves?|Creek|Crest|Crossing|Crossroads?|Curve|Dale|Dam|Divide|Drives?|Estates?|Expressway|"
    r"Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Freeway|Gateway|"
    r"Glens?|Greens?|Groves?|Harbors?|Haven|Heights|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|"
    r"Keys?|Knolls?|Lakes?|Land|Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Meadows?|Mills?|"
    r"Mission|Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass|Parks?|Parkways?|Pass|Passage|"
    r"Path|Pike|Pines?|Plains?|Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|River|"
    r"Roads?|Route|Row|Rue|Run|Shoals?|Shores?|Skyway|Springs?|Spurs?|Squares?|Station|Stravenue|"
    r"Stream|Streets?|Summit|Throughway|Trace|Track|Trafficway|Tunnel|Turnpike|Underpass|Unions?|"
    r"Valleys?|Via|Viaduct|Views?|Villages?|Ville|Vista|Walks?|Wall|Ways?|Wells?)"
)
_NUMBER = r"(?<![\w.,/-])\d{1,6}[A-Z]?[ ]"
_NAME = (
    r"(?:(?:[NSEW]|North|South|East|West)\.?[ ])?"
    r"(?:[A-Z][A-Za-z'-]{0,20}[ ]|\d{1,3}(?:st|nd|rd|th)[ ]){1,4}"
)
# The long-tail suffixes take Title-case names only: a narrower class keeps the hyperscan
# prefilter for these rules small (compile time grows with overlapping bounded repeats).
_TITLE_NAME = r"(?:[A-Z][a-z'-]{0,16}[ ]){1,4}"
_END = r"\.?(?![\w-])"
_UNIT = r",?[ ](?:(?i:apt|apartment|suite|ste|unit|floor|fl|room|rm)\.?[ ]?#?|#)[A-Za-z0-9-]{1,6}"
_CITY_STATE_ZIP = r",[ ][A-Z][A-Za-z]{1,24}(?:[ ][A-Z][A-Za-z]{1,24}){0,2},?[ ][A-Z]{2}[ ]\d{5}(?:-\d{4})?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}"
_CONTEXT = (
    "address",
    "addr",
    "street",
    "ship to",
    "shipping",
    "billing",
    "mailing",
    "residence",
    "resides",
    "lives at",
    "home",
)

RULES: tuple[PatternRule, ...] = (
    PatternRule(
        name="pii.street_address",
        entity="STREET_ADDRESS",
        regex=_NUMBER + _NAME + _COMMON_SUFFIX + _END + f"(?:{_UNIT})?(?:{_CITY_STATE_ZIP})?",
        score=0.6,
        context_score=0.85,
        context=_CONTEXT,
        source="USPS Publication 28 common suffixes and secondary unit designators",
    ),
    PatternRule(
        name="pii.street_address_usps",
        entity="STREET_ADDRESS",
        regex=_NUMBER + _TITLE_NAME + _USPS_SUFFIX + _END + f"(?:{_UNIT})?(?:{_CITY_STATE_ZIP})?",
        score=0.4,
        context_score=0.8,
        context=_CONTEXT,
        source="USPS Publication 28 appendix C1 suffixes (needs context alone)",
    ),
    PatternRule(
        name="pii.street_address_unit",
        entity="STREET_ADDRESS",
        regex=_NUMBER
        + _TITLE_NAME
        + _USPS_SUFFIX
        + _END
        + f"(?:{_UNIT}(?:{_CITY_STATE_ZIP})?|{_CITY_STATE_ZIP})",
        score=0.6,
        context_score=0.85,
        context=_CONTEXT,
        source="USPS suffix followed by a unit designator or a city, state and ZIP",
    ),
    PatternRule(
        name="pii.uk_street_address",
        entity="STREET_ADDRESS",
        regex=(
            r"(?<![\w.,/-])\d{1,4}[A-Z]?,?[ ]"
            + _TITLE_NAME
            + _COMMON_SUFFIX
            + r"\.?(?:,?[ ][A-Z][a-z'-]{1,20}){0,3},?[ ]"
            + _UK_POSTCODE
            + r"(?![\w-])"
        ),
        score=0.8,
        context_score=0.95,
        context=_CONTEXT,
        source="Royal Mail address with postcode",
    ),
)
