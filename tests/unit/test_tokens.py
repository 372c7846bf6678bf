"""Tokens in links and cookies, and the digests stored in their place."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from assessment.services.campaign_links import parse_addresses
from assessment.tokens import digest, new_token


def test_a_token_is_43_url_safe_characters_and_never_repeats() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) == 43 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


@given(st.text(min_size=1, max_size=60))
def test_each_purpose_gives_a_different_digest_of_one_token(token: str) -> None:
    assert digest(token) == hashlib.sha256(token.encode()).hexdigest()
    assert len({digest(token), digest(token, "invitation"), digest(token, "response")}) == 3


def test_addresses_are_split_lowered_and_kept_once_and_the_rest_reported() -> None:
    found = parse_addresses("Ana@Acme.com, ben@acme.com;\n ana@acme.com  not-one\tcy@acme.com")
    assert found.valid == ["ana@acme.com", "ben@acme.com", "cy@acme.com"]
    assert found.invalid == ["not-one"]
    assert parse_addresses("  \n ").valid == []
