"""Test certificates for the demo, made when the demo is seeded: a certification authority
and an agency certificate whose names say “CHỈ DÙNG THỬ” (for trial only). No key is ever
committed; these are made anew on each machine and are worthless outside the demo."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TRIAL = "CHỈ DÙNG THỬ"


@dataclass(frozen=True)
class TestAuthority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(subject, issuer, public_key, not_before, not_after) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )


def authority(now: datetime.datetime | None = None, *, years: int = 10) -> TestAuthority:
    """A self-signed certification authority named as a trial one."""
    now = now or datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"CA {TRIAL} - Thi đua khen thưởng", TRIAL)
    certificate = (
        _builder(
            name,
            name,
            key.public_key(),
            now - datetime.timedelta(days=1),
            now + datetime.timedelta(days=365 * years),
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return TestAuthority(key, certificate)


def agency_pkcs12(
    ca: TestAuthority,
    organisation: str,
    *,
    password: str,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    key: ec.EllipticCurvePrivateKey | None = None,
) -> bytes:
    """A PKCS#12 file (key, certificate, the authority) for `organisation`, its name marked
    as a trial certificate. `key` lets a test pack a key that does not match."""
    now = datetime.datetime.now(datetime.UTC)
    subject_key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        _builder(
            _name(f"{organisation} ({TRIAL})", organisation),
            ca.certificate.subject,
            subject_key.public_key(),
            not_before or now - datetime.timedelta(days=1),
            not_after or now + datetime.timedelta(days=3 * 365),
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=organisation.encode(),
        key=key or subject_key,
        cert=certificate,
        cas=[ca.certificate],
        encryption_algorithm=BestAvailableEncryption(password.encode()),
    )


def new_password() -> str:
    return secrets.token_urlsafe(16)
