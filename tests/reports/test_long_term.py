"""PAdES B-LT: a signature made while the authority's services answer (a CRL repository, an
OCSP responder and a timestamp service, run by certomancer's Animator on loopback from the
test PKI of tests/reports/pki.py) carries its validation data and a timestamp, and pyHanko
validates it for the long term with the services gone; pdfsig agrees it is valid."""

from __future__ import annotations

import io
import shutil
import subprocess
import threading

import pytest
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import CertLabel
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature
from werkzeug.serving import make_server

from reports import signing, verification
from tests.fixtures.reports import issue
from tests.reports import pki

PASSWORD = "mat-khau-chung-thu-lau-dai"
PDFSIG = shutil.which("pdfsig")


class _Deferred:
    """The server's application, given once the authority knows the server's address."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


class Authority:
    """The test authority's services on 127.0.0.1 (a free port), from a thread."""

    def __init__(self, directory):
        deferred = _Deferred()
        self.server = make_server("127.0.0.1", 0, deferred, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.port}"
        self.arch = pki.architecture(directory, self.url)
        deferred.app = Animator(AnimatorArchStore({self.arch.arch_label: self.arch}))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{pki.ARCH}/tsa/tsa"

    def root(self):
        return self.arch.get_cert(CertLabel("root"))

    def stop(self):
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join(10)


@pytest.fixture
def authority(tmp_path):
    running = Authority(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def certificate(world, authority):
    """Agency A, head of the world's year, holds the signer's certificate of the authority."""
    return signing.certificate_install(
        agency=world.agencies["A"],
        pkcs12_file=pki.pkcs12(authority.arch, "signer", PASSWORD),
        password=PASSWORD,
        by=None,
    )


def _sign(world):
    document = issue(world.cluster)
    return signing.document_sign_organisation(document=document, by=world.secretariat_user)


def _embedded(content: bytes):
    [signature] = PdfFileReader(io.BytesIO(content)).embedded_signatures
    return signature


def _long_term(content: bytes, root):
    """pyHanko's validation from what the file holds only, as years later: the certificates
    and revocation data of its DSS, nothing fetched, and a certificate whose revocation status
    cannot be established there fails it (hard-fail)."""
    signature = _embedded(content)
    context = DocumentSecurityStore.read_dss(signature.reader).as_validation_context(
        {"trust_roots": [root], "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    return validate_pdf_signature(
        signature, signer_validation_context=context, ts_validation_context=context
    )


@pytest.fixture
def long_term(settings, authority):
    settings.SIGNING_FETCH_REVOCATION = True
    settings.SIGNING_TSA_URL = authority.tsa_url


def test_the_signature_carries_revocation_data_and_a_timestamp(world, certificate, long_term):
    content = bytes(_sign(world).pdf)
    dss = _embedded(content).reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 3  # the signer's, the timestamp service's, the root
    assert len(dss.get("/OCSPs", [])) + len(dss.get("/CRLs", [])) >= 1
    unsigned = _embedded(content).signer_info["unsigned_attrs"].native or []
    assert any(a["type"] == "signature_time_stamp_token" for a in unsigned)


def test_pyhanko_validates_it_for_the_long_term_once_the_services_are_gone(
    world, authority, certificate, long_term
):
    content = bytes(_sign(world).pdf)
    authority.stop()  # what follows reads only the file
    status = _long_term(content, authority.root())
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.valid and status.timestamp_validity.trusted
    verdict = verification.verify(content)
    [check] = verdict.signatures
    assert check.ok and verdict.document is not None


def test_without_the_services_data_the_long_term_validation_fails(world, authority, certificate):
    """The same signature made without fetching or a timestamp: no revocation data, which the
    validation from the file alone refuses (what the tests above prove is not given for
    free)."""
    content = bytes(_sign(world).pdf)
    authority.stop()
    dss = _embedded(content).reader.root["/DSS"]
    assert "/OCSPs" not in dss and "/CRLs" not in dss
    status = _long_term(content, authority.root())
    assert not status.bottom_line and status.timestamp_validity is None


@pytest.mark.skipif(PDFSIG is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_agrees_on_the_long_term_signature(world, certificate, long_term, tmp_path):
    path = tmp_path / "lau-dai.pdf"
    path.write_bytes(bytes(_sign(world).pdf))
    report = subprocess.run(  # noqa: S603
        [PDFSIG, str(path)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert "ETSI.CAdES.detached" in report
