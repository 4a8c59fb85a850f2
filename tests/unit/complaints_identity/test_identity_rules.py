"""The identity seal, without a framework (R-COMP-4)."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from complaints.identity.rules import DEV_KEY, Seal, SealKeyError


def test_r_comp_4_a_sealed_identity_opens_only_with_the_key_and_rotation_keeps_old_seals():
    old = Seal(DEV_KEY)
    token = old.seal({"name": "王小明", "phone": "13912345678"})
    assert "13912345678" not in token
    assert Seal(f"{Fernet.generate_key().decode()},{DEV_KEY}").open(token)["name"] == "王小明"
    with pytest.raises(SealKeyError):
        Seal(Fernet.generate_key().decode()).open(token)


def test_r_comp_4_the_pseudonym_is_stable_per_complaint_and_keyed():
    seal, other = Seal(DEV_KEY), Seal(Fernet.generate_key().decode())
    ref = seal.pseudonym("CMP-20261201-ABCDEFGH")
    assert ref == seal.pseudonym("CMP-20261201-ABCDEFGH") and ref.startswith("P-") and len(ref) == 10
    assert ref != seal.pseudonym("CMP-20261201-ABCDEFGJ") and ref != other.pseudonym("CMP-20261201-ABCDEFGH")


@pytest.mark.parametrize("setting", [None, "", "not-a-key"])
def test_r_comp_4_no_usable_key_no_seal(setting):
    with pytest.raises(SealKeyError, match="COMPLAINANT_KEY"):
        Seal(setting)
