"""Personal remote signing through the CSC API, end to end against certomancer-csc-dummy on
loopback with the test PKI of tests/reports/pki.py; a service that refuses, times out or
answers garbage leaves the document unsigned with a clear message."""

from __future__ import annotations

import asyncio
import base64
import threading
from unittest import mock

import aiohttp
import pytest
from aiohttp import web
from asn1crypto import pem
from certomancer.registry import CertLabel, CertomancerConfig
from csc_dummy.csc_dummy_server import CSCWithCertomancer, DummyServiceParams
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from clusters.models import Notification
from reports import remote, signing, tasks, verification
from reports.models import DocumentSignature
from tests.fixtures.reports import blank_pdf, issue
from tests.reports import pki

pytestmark = pytest.mark.usefixtures("english_messages")


class Server:
    """An aiohttp application served on 127.0.0.1 (a free port) from its own thread."""

    def __init__(self, app: web.Application):
        self.loop = asyncio.new_event_loop()
        self.runner = web.AppRunner(app)
        started = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.runner.setup())
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            self.loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            started.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()
        started.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def csc(tmp_path, settings):
    """The dummy CSC service, whose authority the application trusts (SIGNING_TRUST_ROOTS)."""
    config = CertomancerConfig(pki.config(tmp_path), key_search_dir=str(tmp_path))
    root = config.get_pki_arch(pki.ARCH).get_cert(CertLabel("root"))
    (tmp_path / "roots.pem").write_bytes(pem.armor("CERTIFICATE", root.dump()))
    settings.SIGNING_TRUST_ROOTS = str(tmp_path / "roots.pem")
    service = CSCWithCertomancer(config, service_params=DummyServiceParams())
    service.register_routes()
    server = Server(service.app)
    yield server
    server.stop()


@pytest.fixture
def garbage():
    """A “service” that answers every call with something that is not the CSC API."""

    async def nonsense(request):
        return web.json_response({"cert": {"certificates": ["not base64 DER"]}, "key": {}})

    app = web.Application()
    app.router.add_post("/csc/v1/{tail:.*}", nonsense)
    server = Server(app)
    yield server
    server.stop()


@pytest.fixture
def slow():
    async def wait(request):
        await asyncio.sleep(5)
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/csc/v1/{tail:.*}", wait)
    server = Server(app)
    yield server
    server.stop()


def _service(server, credential=f"{pki.ARCH}/person", **fields):
    return remote.RemoteService(url=server.url, credential_id=credential, **fields)


def test_a_personal_signature_comes_back_from_the_csc_service(world, csc):
    document = issue(world.cluster)
    signature = remote.document_sign_remote(
        document=document, service=_service(csc), by=world.secretariat_user
    )
    assert signature.method == DocumentSignature.Method.REMOTE
    assert signature.signed_as == "Nguyễn Văn Định (CHỈ DÙNG THỬ)"
    assert bytes(signature.pdf).startswith(blank_pdf())
    verdict = verification.verify(bytes(signature.pdf))
    assert verdict.document == document
    [check] = verdict.signatures
    assert check.ok, check
    assert "Nguyễn Văn Định" in check.signer


def test_a_credential_the_service_does_not_know_is_refused(world, csc):
    document = issue(world.cluster)
    with pytest.raises(ValidationError, match="refused"):
        remote.document_sign_remote(
            document=document, service=_service(csc, f"{pki.ARCH}/nobody"), by=None
        )
    assert not DocumentSignature.objects.exists()


def test_a_signer_whose_authority_is_not_trusted_signs_nothing(world, csc, settings):
    settings.SIGNING_TRUST_ROOTS = ""
    document = issue(world.cluster)
    with pytest.raises(ValidationError, match="trusts"):
        remote.document_sign_remote(document=document, service=_service(csc), by=None)
    assert not DocumentSignature.objects.exists()


def test_a_service_that_answers_garbage_signs_nothing(world, garbage):
    document = issue(world.cluster)
    with pytest.raises(ValidationError, match="cannot be used"):
        remote.document_sign_remote(document=document, service=_service(garbage), by=None)
    assert not DocumentSignature.objects.exists()


def test_a_service_that_does_not_answer_in_time_signs_nothing(world, slow):
    document = issue(world.cluster)
    with pytest.raises(ValidationError, match="in time"):
        remote.document_sign_remote(document=document, service=_service(slow, timeout=1), by=None)
    assert not DocumentSignature.objects.exists()


def test_a_service_that_cannot_be_reached_signs_nothing(world):
    document = issue(world.cluster)
    service = remote.RemoteService(url="http://127.0.0.1:9", credential_id="x", timeout=2)
    with pytest.raises(ValidationError, match="cannot be reached"):
        remote.document_sign_remote(document=document, service=service, by=None)
    assert not DocumentSignature.objects.exists()


def test_the_secretariat_signs_personally_from_the_sign_page(client, world, csc, settings):
    settings.CSC_SERVICE_URL = csc.url
    document = issue(world.cluster)
    client.force_login(world.secretariat_user)
    page = client.get(reverse("reports:issued_sign", args=[document.pk])).content.decode()
    assert reverse("reports:issued_sign_remote", args=[document.pk]) in page
    response = client.post(
        reverse("reports:issued_sign_remote", args=[document.pk]),
        {"credential_id": f"{pki.ARCH}/person", "pin": ""},
    )
    assert response.status_code == 302
    signature = document.signatures.get()
    assert signature.method == DocumentSignature.Method.REMOTE
    assert signature.signed_by == world.secretariat_user


def test_without_a_remote_service_there_is_no_personal_signing(client, world, settings):
    settings.CSC_SERVICE_URL = ""
    document = issue(world.cluster)
    client.force_login(world.secretariat_user)
    url = reverse("reports:issued_sign_remote", args=[document.pk])
    assert client.post(url, {"credential_id": "x"}).status_code == 404


@pytest.fixture
def forger(csc):
    """A service that speaks the CSC API (the dummy behind it) but signs something else: its
    signHash answers a signature that is not one of the hash it was sent."""

    async def forward(request):
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"{csc.url}{request.path}", data=await request.read(), headers=request.headers
            ) as answer,
        ):
            return web.Response(
                body=await answer.read(), status=answer.status, content_type="application/json"
            )

    async def forged(request):
        return web.json_response({"signatures": [base64.b64encode(b"\x30" * 72).decode()]})

    app = web.Application()
    app.router.add_post("/csc/v1/signatures/signHash", forged)
    app.router.add_post("/csc/v1/{tail:.*}", forward)
    server = Server(app)
    yield server
    server.stop()


def test_a_signature_that_is_not_of_the_document_is_refused_and_nothing_kept(world, forger):
    document = issue(world.cluster)
    with pytest.raises(ValidationError, match="cannot be used"):
        remote.document_sign_remote(document=document, service=_service(forger), by=None)
    assert not DocumentSignature.objects.exists()
    document.refresh_from_db()
    assert bytes(document.pdf) == blank_pdf()  # the register's entry unchanged


def _request(document, server, user, **fields):
    return {
        "document_id": document.pk,
        "url": server.url,
        "credential_id": fields.pop("credential_id", f"{pki.ARCH}/person"),
        "token": signing.encrypt_password("").decode(),
        "pin": signing.encrypt_password("").decode(),
        "user_id": user.pk,
        "requested_at": fields.pop("requested_at", timezone.now().isoformat()),
    }


def test_the_task_completes_a_request_once_however_often_it_runs(world, csc):
    document = issue(world.cluster)
    request = _request(document, csc, world.secretariat_user)
    first = tasks.remote_sign_complete.apply(kwargs=request).get()
    again = tasks.remote_sign_complete.apply(kwargs=request).get()  # delivered again
    assert first is not None and again is None
    assert DocumentSignature.objects.get().pk == first
    [notice] = Notification.objects.filter(user=world.secretariat_user)
    assert document.number_symbol in notice.subject
    assert notice.url == reverse("reports:issued_pdf", args=[document.pk])


def test_a_failed_request_tells_the_signer_why_in_vietnamese_and_signs_nothing(world, garbage):
    document = issue(world.cluster)
    assert (
        tasks.remote_sign_complete.apply(
            kwargs=_request(document, garbage, world.secretariat_user)
        ).get()
        is None
    )
    assert not DocumentSignature.objects.exists()
    [notice] = Notification.objects.filter(user=world.secretariat_user)
    assert notice.subject == f"{document.number_symbol} chưa được ký"
    assert "Dịch vụ ký số từ xa" in notice.body


def test_the_pin_does_not_travel_in_clear(world, csc, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.remote_sign_complete, "delay", lambda **kw: sent.append(kw))
    document = issue(world.cluster)
    service = remote.RemoteService(url=csc.url, credential_id="x", pin="123456", token="tok")
    remote.remote_sign_request(document=document, service=service, by=world.secretariat_user)
    [request] = sent
    assert "123456" not in str(request) and "tok" not in request["token"]
    assert signing.decrypt_password(request["pin"].encode()) == "123456"


def test_a_queue_that_does_not_answer_says_so_and_signs_nothing(client, world, settings):
    settings.CSC_SERVICE_URL = "http://127.0.0.1:9"
    document = issue(world.cluster)
    client.force_login(world.secretariat_user)
    with mock.patch.object(
        tasks.remote_sign_complete, "delay", side_effect=OperationalError("Redis is down")
    ):
        response = client.post(
            reverse("reports:issued_sign_remote", args=[document.pk]),
            {"credential_id": f"{pki.ARCH}/person", "pin": ""},
            follow=True,
        )
    assert "Hàng đợi công việc nền không trả lời" in response.content.decode()
    assert not DocumentSignature.objects.exists()
