"""Tamper-evident audit trail: one values-free event per inspected message, hash-chained."""
