"""A test PKI made by certomancer in the tests, from keys generated on the spot: a root named
as a trial authority and end-entity certificates for the signing tests (valid now, expired,
not valid yet). Nothing of it is committed; it lives in the test's temporary directory.

With `url_prefix` (a loopback address: tests/reports/test_long_term.py serves the authority
there) the authority also runs its services, as a real one does: a CRL repository and an
OCSP responder that the signer's certificate names (CRL distribution point, AIA), and a
timestamp service with its own certificate."""

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
KEYS = ("root", "signer", "person", "tsa")


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


def _revocation_pointers() -> list[dict]:
    """Where the root's CRL and OCSP answers are (certomancer fills in the URLs)."""
    return [
        {
            "id": "crl_distribution_points",
            "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["root"]}},
        },
        {
            "id": "authority_information_access",
            "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": ["root"]}},
        },
    ]


def config(directory: Path, url_prefix: str | None = None) -> dict:
    """certomancer's configuration, with new keys written into `directory`; with
    `url_prefix`, the authority's services there (CRL, OCSP, timestamps)."""
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
    if url_prefix:
        end_entity += _revocation_pointers()
    result = {
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
    if url_prefix:
        result["external-url-prefix"] = url_prefix
        architecture = result["pki-architectures"][ARCH]
        architecture["entities"]["tsa"] = {"common-name": "Dịch vụ cấp dấu thời gian THỬ"}
        architecture["certs"]["tsa"] = {
            "subject": "tsa",
            "issuer": "root",
            "validity": _validity(now - day, now + 2 * year),
            "extensions": [
                _key_usage("digital_signature"),
                {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                *_revocation_pointers(),
            ],
        }
        architecture["services"] = {
            "crl-repo": {
                "root": {
                    "for-issuer": "root",
                    "signing-key": "root",
                    "simulated-update-schedule": "P7D",
                }
            },
            "ocsp": {"root": {"for-issuer": "root", "responder-cert": "root"}},
            "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
        }
    return result


def architecture(directory: Path, url_prefix: str | None = None) -> PKIArchitecture:
    return CertomancerConfig(
        config(directory, url_prefix), key_search_dir=str(directory)
    ).get_pki_arch(ArchLabel(ARCH))


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
