"""A test PKI made by certomancer in the tests, from keys generated on the spot: a root named
as a trial authority and end-entity certificates for the signing tests (valid now, expired,
not valid yet). Nothing of it is committed; it lives in the test's temporary directory."""

from __future__ import annotations

import datetime
from pathlib import Path

from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig, PKIArchitecture
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12 as _pkcs12  # noqa: F401

ARCH = "thidua-test"
AGENCY = "Sở Ngoại vụ Hải Phòng"
KEYS = ("root", "signer", "person")


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _validity(start: datetime.datetime, end: datetime.datetime) -> dict:
    return {"valid-from": _stamp(start), "valid-to": _stamp(end)}


def _key_usage(*usages: str) -> dict:
    return {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": list(usages)},
    }


def config(directory: Path) -> dict:
    """certomancer's configuration, with new keys written into `directory`."""
    for label in KEYS:
        key = ec.generate_private_key(ec.SECP256R1())
        (directory / f"{label}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    day, year = datetime.timedelta(days=1), datetime.timedelta(days=365)
    end_entity = [_key_usage("digital_signature", "non_repudiation")]
    return {
        "keysets": {
            ARCH: {
                "path-prefix": str(directory),
                "keys": {label: {"path": f"{label}.key.pem"} for label in KEYS},
            }
        },
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "VN", "organization-name": "CHỈ DÙNG THỬ"},
                "entities": {
                    "root": {"common-name": "CA CHỈ DÙNG THỬ"},
                    "signer": {"common-name": f"{AGENCY} (CHỈ DÙNG THỬ)"},
                    "person": {"common-name": "Nguyễn Văn Định (CHỈ DÙNG THỬ)"},
                },
                "certs": {
                    "root": {
                        "subject": "root",
                        "issuer": "root",
                        "validity": _validity(now - 10 * year, now + 10 * year),
                        "extensions": [
                            {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                            _key_usage("digital_signature", "key_cert_sign", "crl_sign"),
                        ],
                    },
                    "signer": {
                        "subject": "signer",
                        "issuer": "root",
                        "validity": _validity(now - day, now + 2 * year),
                        "extensions": end_entity,
                    },
                    "signer-expired": {
                        "subject": "signer",
                        "subject-key": "signer",
                        "issuer": "root",
                        "validity": _validity(now - 2 * year, now - day),
                        "extensions": end_entity,
                    },
                    "signer-not-yet": {
                        "subject": "signer",
                        "subject-key": "signer",
                        "issuer": "root",
                        "validity": _validity(now + 10 * day, now + 2 * year),
                        "extensions": end_entity,
                    },
                    "person": {
                        "subject": "person",
                        "issuer": "root",
                        "validity": _validity(now - day, now + 2 * year),
                        "extensions": end_entity,
                    },
                },
            }
        },
    }


def architecture(directory: Path) -> PKIArchitecture:
    return CertomancerConfig(config(directory), key_search_dir=str(directory)).get_pki_arch(
        ArchLabel(ARCH)
    )


def pkcs12(arch: PKIArchitecture, label: str, password: str) -> bytes:
    """The certificate `label` with its key and chain as PKCS#12."""
    return arch.package_pkcs12(CertLabel(label), password=password.encode())


def mismatched_pkcs12(arch: PKIArchitecture, directory: Path, password: str) -> bytes:
    """The signer's certificate packed with another key (the person's): no PKCS#12 writer
    pairs them, so the key goes in alone beside the certificates, as OpenSSL leaves it."""
    other = serialization.load_pem_private_key(
        (directory / "person.key.pem").read_bytes(), password=None
    )
    certificates = [
        x509.load_der_x509_certificate(arch.get_cert(CertLabel(label)).dump())
        for label in ("signer", "root")
    ]
    return serialization.pkcs12.serialize_key_and_certificates(
        name=b"mismatch",
        key=other,
        cert=None,
        cas=certificates,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
