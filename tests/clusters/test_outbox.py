"""The e-mail outbox (clusters.outbox): notify() writes the e-mails in its transaction, a task
sends them once it has committed, a refused e-mail is tried again later, none twice."""

from __future__ import annotations

import datetime
import threading
from unittest import mock

from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from clusters.models import Notification
from clusters.notifications import notify
from clusters.outbox import MAX_ATTEMPTS, OutboxEmail, outbox_deliver
from clusters.tasks import outbox_send

State = OutboxEmail.State
LOCMEM = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def with_emails(*users):
    for user in users:
        user.email = f"{user.username}@example.vn"
        user.save()
    return users


def test_an_e_mail_waits_in_the_outbox_until_the_transaction_commits_then_goes_once(
    world, django_capture_on_commit_callbacks
):
    member, secretariat = with_emails(world.member_user, world.secretariat_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[member, secretariat, world.ministry_user], subject="Hạn nộp", url="/x/")
    assert mail.outbox == []
    assert OutboxEmail.objects.filter(state=State.PENDING).count() == 2  # the ministry: no address
    for callback in callbacks:
        callback()  # the commit: the task runs (in process, no broker configured)
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.vn", "secretariat@example.vn"]
    assert mail.outbox[0].body.endswith("/x/")
    assert set(OutboxEmail.objects.values_list("state", flat=True)) == {State.SENT}
    assert outbox_send() == 0  # run again (beat, a redelivered task): nothing more
    assert len(mail.outbox) == 2


def test_a_refused_e_mail_is_tried_again_later_and_sent_once(world):
    (member,) = with_emails(world.member_user)
    with mock.patch("clusters.notifications.outbox_send.delay"):  # queued, not yet run
        notify(users=[member], subject="Nhắc hạn")
    email = OutboxEmail.objects.get()
    with mock.patch(LOCMEM, side_effect=ConnectionRefusedError("refused")):
        assert outbox_deliver() == 0
    email.refresh_from_db()
    assert (email.state, email.attempts) == (State.PENDING, 1)
    assert "refused" in email.last_error
    assert email.send_after > timezone.now()
    assert outbox_deliver() == 0  # not due yet
    OutboxEmail.objects.update(send_after=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox_deliver() == 1
    assert outbox_deliver() == 0
    assert [m.to for m in mail.outbox] == [["member@example.vn"]]


def test_an_e_mail_refused_too_often_is_given_up_and_kept(world):
    (member,) = with_emails(world.member_user)
    with mock.patch(LOCMEM, side_effect=ConnectionRefusedError):
        notify(users=[member], subject="Nhắc hạn")
        for _attempt in range(MAX_ATTEMPTS):
            OutboxEmail.objects.update(send_after=timezone.now())
            outbox_deliver()
    email = OutboxEmail.objects.get()
    assert (email.state, email.attempts) == (State.FAILED, MAX_ATTEMPTS)
    OutboxEmail.objects.update(send_after=timezone.now())
    assert outbox_deliver() == 0


def test_an_e_mail_a_worker_was_sending_when_it_died_is_not_sent_again(world):
    (member,) = with_emails(world.member_user)
    with mock.patch("clusters.notifications.outbox_send.delay"):  # no worker ran yet
        notify(users=[member], subject="Nhắc hạn")
    OutboxEmail.objects.update(state=State.SENDING, attempts=1)  # it may have gone out
    assert outbox_deliver() == 0
    assert mail.outbox == []


def test_two_workers_at_once_send_each_e_mail_once(transactional_db, world):
    users = with_emails(world.member_user, world.other_member_user, world.secretariat_user)
    with mock.patch("clusters.notifications.outbox_send.delay"):
        notify(users=users, subject="Nhắc hạn")
    gate = threading.Barrier(2)
    sent = []

    def worker():
        gate.wait()
        sent.append(outbox_deliver())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_a_broker_that_is_down_is_logged_and_the_e_mails_wait_for_it(
    world, django_capture_on_commit_callbacks, caplog
):
    (member,) = with_emails(world.member_user)
    with (
        mock.patch("clusters.notifications.outbox_send.delay", side_effect=OperationalError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(users=[member], subject="Nhắc hạn")
    assert Notification.objects.filter(user=member).exists()
    assert OutboxEmail.objects.get().state == State.PENDING  # beat sends it once it is back
    assert "Could not queue the sending of notification e-mails." in caplog.text
    assert outbox_send() == 1
