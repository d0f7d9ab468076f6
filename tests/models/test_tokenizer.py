"""The tool-output tokenizer: separators glued to names are split, numbers, URLs and addresses stay whole,
and the shipped pipeline tokenises exactly as the training data was tokenised."""

from __future__ import annotations

import pytest
import spacy

from dlp.models.loader import SHIPPED_PATH
from dlp.models.train.tokenizer import customize

SPLIT = [
    ("DATA-7575,Hugues Dijoux", ["DATA-7575", ",", "Hugues", "Dijoux"]),
    ('"Baker","Myeni"', ['"', "Baker", '"', ",", '"', "Myeni", '"']),
    ('user="Jane Doe"', ["user", "=", '"', "Jane", "Doe", '"']),
    ("OPS-12;Smith;John", ["OPS-12", ";", "Smith", ";", "John"]),
    ("ip=10.0.0.1", ["ip", "=", "10.0.0.1"]),
    ("Smith,2024", ["Smith", ",", "2024"]),
    ("a|b|c", ["a", "|", "b", "|", "c"]),
]
WHOLE = ["1,000,000", "https://example.com/a?b=c", "jo@example.com", "@jsmith", "O'Brien", "3.14"]


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return customize(spacy.blank("en"))


@pytest.mark.parametrize(("text", "tokens"), SPLIT)
def test_glued_separators_are_split(blank: spacy.language.Language, text: str, tokens: list[str]) -> None:
    assert [t.text for t in blank(text)] == tokens


@pytest.mark.parametrize("text", WHOLE)
def test_numbers_urls_and_addresses_stay_whole(blank: spacy.language.Language, text: str) -> None:
    assert [t.text for t in blank(text)] == [text]


def test_shipped_pipeline_tokenises_like_the_training_data(blank: spacy.language.Language) -> None:
    shipped = spacy.load(SHIPPED_PATH, exclude=["tok2vec", "ner"])
    texts = [text for text, _ in SPLIT] + WHOLE + ["Assignee: Priya Raghunathan (OPS-12;P1)"]
    for text in texts:
        assert [t.text for t in shipped(text)] == [t.text for t in blank(text)], text
