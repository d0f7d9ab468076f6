"""Sentences of the kind people write in tickets and chats, with values planted in them.

Each template returns a :class:`Rich` string: labelled pieces are gold, everything else,
including the deliberate look-alikes (order numbers, UUIDs, hashes, versions, prices), is not.
"""

from __future__ import annotations

import random
import unicodedata
import urllib.parse
from collections.abc import Callable

from faker import Faker

from tests.corpus.rich import Rich, Span, rich
from tests.corpus.values import Values


class Prose:
    """Writes labelled sentences for one record's locale."""

    def __init__(self, values: Values, locale: str) -> None:
        self.v = values
        self.rng: random.Random = values.rng
        self.locale = locale
        self.fake: Faker = values.fakers[locale]

    # --- labelled building blocks ---------------------------------------------------------------
    def name_value(self) -> str:
        """First and last name without titles (``Dr.``) that NER would not include."""
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def person(self, value: str | None = None) -> Span:
        """A person's name."""
        return Span(value or self.name_value(), "PERSON")

    def email(self, name: str | None = None) -> Span:
        """An e-mail address, derived from ``name`` when given."""
        if name is None:
            return Span(str(self.fake.email()), "EMAIL_ADDRESS")
        # People with accented names use the unaccented letters in addresses (Agustí -> agusti).
        folded = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
        local = ".".join(folded.replace("'", "").split())
        domain = self.fake.free_email_domain() if self.rng.random() < 0.5 else self.fake.domain_name()
        return Span(f"{local}@{domain}", "EMAIL_ADDRESS")

    def phone(self) -> Span:
        """A telephone number of this locale's country."""
        return Span(self.v.phone(self.locale), "PHONE_NUMBER")

    def address(self) -> Span:
        """A full postal address on one line."""
        return Span(", ".join(str(self.fake.address()).splitlines()), "STREET_ADDRESS")

    def city(self) -> Span:
        """A city name."""
        return Span(str(self.fake.city()), "LOCATION")

    def company(self) -> Span:
        """An organisation name."""
        return Span(str(self.fake.company()), "ORGANIZATION")

    def secret(self, value: str, kind: str) -> Span:
        """A credential of provider ``kind``."""
        return Span(value, "SECRET", kind)

    # --- sentences ------------------------------------------------------------------------------
    def sentence(self) -> Rich:
        """One random sentence (positive or negative-only)."""
        templates: list[Callable[[], Rich]] = [
            self._contact,
            self._callback,
            self._card,
            self._card,
            self._ssn,
            self._itin,
            self._bank,
            self._routing,
            self._login,
            self._shipping,
            self._dob,
            self._uk_ids,
            self._patient,
            self._location_org,
            self._secret_paste,
            self._secret_paste,
            self._negatives,
            self._negatives,
            self._negatives,
            self._negatives,
        ]
        return self.rng.choice(templates)()

    def paragraph(self, sentences: int) -> Rich:
        """Several sentences separated by spaces or newlines."""
        out = rich()
        for index in range(sentences):
            if index:
                out = out + self.rng.choice([" ", " ", "\n", "\n\n"])
            out = out + self.sentence()
        return out

    def _contact(self) -> Rich:
        name = self.name_value()
        return rich(
            self.rng.choice(["Customer ", "Requester ", "Spoke with ", "Escalated by "]),
            self.person(name), " (", self.email(name), ") says the invoice ",
            self.v.order_id(), " for ", self.v.price(), " is wrong.",
        )  # fmt: skip

    def _callback(self) -> Rich:
        return rich(
            "Hi ", self.person(self.fake.first_name()), ", please call me back on ", self.phone(),
            self.rng.choice([" after 3pm.", " — ref ", " today."]),
            *([self.v.order_id()] if self.rng.random() < 0.3 else []),
        )  # fmt: skip

    def _card(self) -> Rich:
        lead = self.rng.choice(
            ["The card ", "Charged to card number ", "cc: ", "They read me their Visa ", "Card on file "]
        )
        expiry = rich(" exp ", Span(self.v.card_expiry(), "CARD_EXPIRY"))
        tail = self.rng.choice(
            [expiry, rich(" was declined twice."), rich(", refund to the same card."), rich()]
        )
        return rich(lead, Span(self.v.card(), "CREDIT_CARD"), tail, " Order ", self.v.order_id(), ".")

    def _ssn(self) -> Rich:
        lead = self.rng.choice(["SSN: ", "Her social security number is ", "ssn ", "SSN on the W-2 form: "])
        return rich(lead, Span(self.v.ssn(), "US_SSN"), " (case ", self.v.order_id(), ")")

    def _itin(self) -> Rich:
        return rich("Contractor has no SSN, ITIN is ", Span(self.v.itin(), "US_ITIN"), ".")

    def _bank(self) -> Rich:
        return rich(
            self.rng.choice(["Please wire the deposit to IBAN ", "New bank details: IBAN ", "IBAN: "]),
            Span(self.v.iban(self.locale), "IBAN_CODE"), ", BIC ",
            Span(str(self.v.fakers["en_GB"].swift(length=self.rng.choice([8, 11]))), "SWIFT_BIC"), ".",
        )  # fmt: skip

    def _routing(self) -> Rich:
        return rich(
            "Direct deposit: routing number ", Span(self.v.aba(), "ABA_ROUTING_NUMBER"),
            ", account number ", Span(str(self.rng.randint(10**7, 10**12)), "US_BANK_NUMBER"), ".",
        )  # fmt: skip

    def _login(self) -> Rich:
        ip = (
            self.v.fakers["en_US"].ipv4_public() if self.rng.random() < 0.8 else self.v.fakers["en_US"].ipv6()
        )
        return rich(
            "Suspicious login from ", Span(str(ip), "IP_ADDRESS"), " at ", self.v.timestamp(),
            ", device MAC ", Span(str(self.v.fakers["en_US"].mac_address()), "MAC_ADDRESS"),
            ", request id ", self.v.uuid(), ".",
        )  # fmt: skip

    def _shipping(self) -> Rich:
        lead = self.rng.choice(["Ship the replacement to ", "Moved house, new address: ", "Deliver to "])
        return rich(lead, self.address(), " — order ", self.v.order_id(), ".")

    def _dob(self) -> Rich:
        lead = self.rng.choice(["DOB: ", "Date of birth ", "born on ", "birthday is ", "D.O.B. "])
        return rich(self.person(), " ", lead, Span(self.v.dob(), "DATE_OF_BIRTH"), ".")

    def _uk_ids(self) -> Rich:
        return rich(
            "NI number ", Span(self.v.nino(), "UK_NINO"), ", NHS number ", Span(self.v.nhs(), "UK_NHS"),
            ", GP surgery in ", self.city(), ".",
        )  # fmt: skip

    def _patient(self) -> Rich:
        return rich(
            "Patient ", self.person(), ", MRN ", Span(self.v.mrn(), "MEDICAL_RECORD_NUMBER"),
            ", dx ", Span(self.v.icd10(), "ICD10_CODE"), ", referred by Dr. ", self.person(),
            " (NPI ", Span(self.v.npi(), "NPI"), ").",
        )  # fmt: skip

    def _location_org(self) -> Rich:
        return rich(
            self.rng.choice(["I'm working from ", "Our team in ", "Flying to "]), self.city(),
            self.rng.choice([" next week to meet ", " for the onsite with ", " — demo for "]),
            self.company(), ".",
        )  # fmt: skip

    def _secret_paste(self) -> Rich:
        v = self.v
        choice = self.rng.randrange(8)
        if choice == 0:
            return rich(
                "here are the staging creds: ", self.secret(v.aws_key_id(), "aws_access_key_id"),
                " / ", self.secret(v.aws_secret(), "aws_secret_access_key"),
            )  # fmt: skip
        if choice == 1:
            return rich(
                "use my token for now: ", self.secret(v.github_pat(), "github_pat"), " (revoke later)"
            )
        if choice == 2:
            return rich("STRIPE_SECRET_KEY=", self.secret(v.stripe_key(), "stripe_secret_key"))
        if choice == 3:
            return rich("bot token is ", self.secret(v.slack_token(), "slack_token"))
        if choice == 4:
            return rich("key below, please rotate\n", self.secret(v.pem_key(), "private_key"), "\n")
        if choice == 5:
            user = self.fake.user_name()
            # Reserved characters in a URL password are percent-encoded, as drivers require.
            password = urllib.parse.quote(v.password(), safe="")
            return rich(
                "DATABASE_URL=postgres://", user, ":", self.secret(password, "postgres_password"),
                "@db-", str(self.rng.randint(1, 9)), ".internal.example.com:5432/app",
            )  # fmt: skip
        if choice == 6:
            return rich("the admin password is ", self.secret(v.password(), "password"), " until Friday")
        return rich("gho token: ", self.secret(v.github_pat("gho_"), "github_oauth"))

    def _negatives(self) -> Rich:
        v = self.v
        choice = self.rng.randrange(6)
        if choice == 0:
            return rich("Deployed v", v.version(), " at ", v.timestamp(), ", build ", v.sha(), ".")
        if choice == 1:
            return rich(
                "Tracking number ", v.long_number(), ", order ", v.order_id(), ", total ", v.price(), "."
            )
        if choice == 2:
            return rich("Request ", v.uuid(), " failed with 502; see https://status.example.com/incidents/",
                        str(self.rng.randint(1000, 99999)), ".")  # fmt: skip
        if choice == 3:
            key = f"{self.rng.choice(['PROJ', 'OPS', 'SEC', 'WEB'])}-{self.rng.randint(1, 9999)}"
            return rich("Duplicate of ", key, ", fixed in ", v.version(), " (commit ", v.sha(12), ").")
        if choice == 4:
            return rich("Warehouse zip ", self.fake.postcode(), ", dock ", str(self.rng.randint(1, 40)),
                        ", pallet ", str(self.rng.randint(100000, 999999)), ".")  # fmt: skip
        return rich("sha256 ", v.sha(64), " matches the release artifact.")
