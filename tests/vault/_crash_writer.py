"""A vault writer for the crash test: tokenizes values and prints each token the moment it has it."""

from __future__ import annotations

import sys

from dlp.decision import OperatorContext
from dlp.vault import VaultStore
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import EnvKeyProvider


def main(url: str, kek_b64: str, count: int) -> None:
    """Tokenize ``count`` values, writing ``value<TAB>token`` per line as each call returns."""
    store = VaultStore(create_vault_engine(url), EnvKeyProvider({"DLP_VAULT_KEK": kek_b64}))
    context = OperatorContext(tenant="crash", connector="jira")
    for index in range(count):
        value = f"crash-{index:05d}@example.com"
        token = store.tokenize(value, "EMAIL_ADDRESS", context)
        sys.stdout.write(f"{value}\t{token}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
