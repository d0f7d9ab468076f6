"""PII pattern rules for continental European and US military postal addresses.

Written from each country's conventional address layout:

* Germany, Austria, Switzerland, the Netherlands, Belgium: the street type is part of the name
  (``Mansgasse 200``, ``Schwitalstr. 35``, ``Reimund-Löwer-Allee 5``, ``Carlijndreef 46``), then
  the house number and an optional postcode and town. The suffix must be attached to the name
  (or follow a hyphen), which keeps "Compose Ring 3" or "Spring 2024" out.
* France: number first, then the street type in lower case (``12, rue de la Paix``).
* Spain and Italy: street type first (``Calle``, ``Via``, ``Viale``...) and a postcode tail;
  the tail is required because "Via Slack, 3 people" is ordinary English.
* US military mail: ``USNS Name, FPO AP 12345``, ``Unit 1234 Box 5678, DPO AE 12345``,
  ``PSC 1234, Box 5678, APO AA 12345``.

Letters outside ASCII are written as Latin-1 ranges because the expressions run with re.ASCII.
"""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_LETTERS = f"{_UPPER}{_LOWER}"
_WORD = f"[{_UPPER}][{_LETTERS}'-]{{0,24}}"
_WORDS = f"{_WORD}(?:[ ](?:(?:de|del|la|las|los|di|da|van|der|den|von|le|du|des)[ ])?{_WORD}){{0,4}}"
_START = r"(?<![\w.,/-])"
_END = r"(?![\w-])"
_CONTEXT = (
    "address",
    "addr",
    "street",
    "shipping",
    "billing",
    "mailing",
    "adresse",
    "dirección",
    "indirizzo",
)

_GERMANIC_SUFFIX = (
    r"(?i:straße|strasse|str\.|gasse|weg|allee|platz|damm|chaussee|ufer|dreef|laan|straat|plein|"
    r"gracht|kade|singel|steeg|dijk)"
)
_FRENCH_TYPE = r"(?:rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|route|cours|passage|square)"
_SPANISH_TYPE = (
    r"(?:Calle|Avenida|Avda\.|Paseo|Plaza|Camino|Carrera|Cañada|Ronda|Urbanización|Pasaje|Vía|Via|"
    r"Rambla|Glorieta|Travesía|Callejón|Alameda|Acceso|Carretera|Cuesta|Partida|Sector)"
)
_ITALIAN_TYPE = (
    r"(?:Via|Viale|Vicolo|Piazza|Piazzale|Corso|Largo|Rotonda|Contrada|Borgo|Strada|Stretto|"
    r"Incrocio|Piazzetta|Canale|Rotonda|Lungomare)"
)
_TOWN = f"{_WORD}(?:[ -]{_WORD}){{0,3}}"

RULES: tuple[PatternRule, ...] = (
    PatternRule(
        name="pii.street_address_germanic",
        entity="STREET_ADDRESS",
        regex=(
            _START
            # Name parts join with hyphens ("Hans-Otto-"), or with spaces only around lower-case
            # particles ("van der "), so a capitalised word before the street never joins the span.
            + f"(?:[{_UPPER}][{_LETTERS}]{{0,24}}-|(?:van|der|von|den|de|zu|am|an|im|auf)[ ]){{0,5}}"
            + f"[{_UPPER}]?[{_LETTERS}]{{0,30}}?"
            + _GERMANIC_SUFFIX
            + r"[ ]\d{1,5}(?:[a-zA-Z]|/\d{1,4})?"
            + f"(?:,[ ]\\d{{4,5}}(?:[ ]?[A-Z]{{2}})?,?[ ]{_TOWN})?"
            + _END
        ),
        score=0.75,
        context=_CONTEXT,
        source="DE/AT/CH/NL/BE: street name with attached type, house number, optional postcode and town",
    ),
    PatternRule(
        name="pii.street_address_fr",
        entity="STREET_ADDRESS",
        regex=(
            _START
            + r"\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ]"
            + _FRENCH_TYPE
            + f"[ ](?:(?:de[ ]la|de|du|des|d')[ ]?)?{_WORDS}"
            + f"(?:,[ ]\\d{{5}}[ ]{_TOWN})?"
            + _END
        ),
        score=0.75,
        context=_CONTEXT,
        source="France: number, lower-case street type, name, optional postcode and town",
    ),
    PatternRule(
        name="pii.street_address_es",
        entity="STREET_ADDRESS",
        regex=(
            _START
            + _SPANISH_TYPE
            + f"[ ](?:(?:de[ ]la|de[ ]los|de[ ]las|de|del)[ ])?{_WORDS}[ ]\\d{{1,4}}"
            + r"(?:[ ](?:Puerta|Piso|Esc\.|Bajo)[ ]?\d{0,3})*[ ]?,[ ]"
            + f"{_TOWN},[ ]\\d{{5}}"
            + _END
        ),
        score=0.8,
        context=_CONTEXT,
        source="Spain: street type, name, number, floor/door, town and the five-digit postcode",
    ),
    PatternRule(
        name="pii.street_address_it",
        entity="STREET_ADDRESS",
        regex=(
            _START
            + _ITALIAN_TYPE
            + f"[ ]{_WORDS},?[ ]\\d{{1,4}}(?:[ ]Piano[ ]\\d{{1,2}})?,[ ]\\d{{5}},?[ ]{_TOWN}"
            + r"(?:[ ]\([A-Z]{2}\))?"
        ),
        score=0.8,
        context=_CONTEXT,
        source="Italy: street type, name, number, CAP (postcode), town and province",
    ),
    PatternRule(
        name="pii.military_address",
        entity="STREET_ADDRESS",
        regex=(
            r"(?<![\w-])(?:(?:USNS|USNV|USS|USCGC)[ ][A-Z][a-z]{1,20},[ ]FPO"
            r"|Unit[ ]\d{4}[ ]Box[ ]\d{4},?[ ]DPO"
            r"|PSC[ ]\d{4},[ ]Box[ ]\d{4},?[ ]APO)[ ](?:AA|AE|AP)[ ]\d{5}(?!\d)"
        ),
        score=0.85,
        context=_CONTEXT,
        source="USPS military mail: ship, unit or PSC with FPO/DPO/APO, region AA/AE/AP and ZIP",
    ),
)
