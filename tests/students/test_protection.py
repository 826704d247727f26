"""The batch encryption makes the same tokens the platform's crypto module reads back."""

from ptp.lib import crypto
from ptp.students.protection import encrypt_many, lookup_hashes, seal, unseal

CODES = ["RCCMNL83S18D969H", "DLLLTT09C47Z999X", "FBBGMM09A01Z99VQ"]


def test_batch_tokens_decrypt_with_the_platform_key():
    tokens = encrypt_many(CODES)
    assert [crypto.decrypt(t) for t in tokens] == CODES
    assert len(set(tokens)) == 3
    assert all(code not in token for code, token in zip(CODES, tokens, strict=True))


def test_the_same_value_encrypts_differently_each_time():
    first, second = encrypt_many([CODES[0], CODES[0]])
    assert first != second
    assert crypto.decrypt(first) == crypto.decrypt(second) == CODES[0]


def test_values_of_other_lengths_take_the_ordinary_path():
    values = ["breve", "RCCMNL83S18D969H", "àccentata-di-16!"]
    assert [crypto.decrypt(t) for t in encrypt_many(values)] == values
    assert encrypt_many([]) == []


def test_lookup_hashes_match_the_platform_hash():
    assert lookup_hashes(CODES) == [crypto.lookup_hash(c) for c in CODES]


def test_sealed_files_open_again():
    content = b"CF;COGNOME\nRCCMNL83S18D969H;Rossi\n"
    token = seal(content)
    assert b"RCCMNL83S18D969H" not in token
    assert unseal(token) == content
