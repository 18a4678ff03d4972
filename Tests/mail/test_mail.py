"""Tandem's mail against a real SMTP server: STARTTLS and AUTH, a recipient's language, an outage that
loses nothing, and a refusal that is recorded. Runs `tandem serve` itself (TANDEM_BIN)."""
import pytest

from fixtures import serve, smtp  # noqa: F401 (a fixture)
from harness import Browser, body_text, link_in, wait_until

ADMIN = ("admin@demo.tandem", "tandem demo only")


@pytest.fixture(scope="module")
def tandem(smtp):  # noqa: F811
    server = serve(smtp, MAIL_FROM="Tandem Test <tandem@example.org>", TANDEM_MAIL_RETRY_SECONDS="2")
    yield server
    server.stop()


def test_a_reset_link_arrives_over_starttls_in_the_recipients_language(smtp, tandem):
    admin = Browser(tandem.url)
    admin.sign_in(*ADMIN)
    status, _, _ = admin.post("/admin/invitations", {"email": "ines@na.gob.pe", "name": "Inés Quispe", "role": "member",
                                                    "language": "es"})
    assert status == 303
    message = smtp.wait_for_message("ines@na.gob.pe")
    assert message["X-Tls"] == "yes"
    assert message["Subject"] == "Su invitación a Tandem"
    assert message["From"] == "Tandem Test <tandem@example.org>"
    assert message["To"] == "Inés Quispe <ines@na.gob.pe>"
    assert message.get_content_type() == "multipart/alternative"
    assert body_text(message).startswith("Estimado/a Inés Quispe:")
    html = message.get_body(preferencelist=("html",)).get_content()
    link = link_in(message, tandem.url)
    assert f'<a href="{link}">' in html

    person = Browser(tandem.url)
    status, page, _ = person.get(link)
    assert status == 200 and "ines@na.gob.pe" in page
    status, _, _ = person.post(link, {"password": "quinoa harbour lamp", "confirmation": "quinoa harbour lamp"})
    assert status == 303
    status, page, _ = person.get("/account")
    assert status == 200 and "Inés Quispe" in page


def test_mail_caused_during_an_outage_is_delivered_after_it(smtp, tandem):
    smtp.stop()
    try:
        visitor = Browser(tandem.url)
        status, _, _ = visitor.post("/account/reset", {"email": "ghana@demo.tandem"})
        assert status == 200
        admin = Browser(tandem.url)
        admin.sign_in(*ADMIN)
        # The worker tried, failed, and keeps the message for later.
        def tried():
            page = admin.get("/admin/outbox?status=pending")[1]
            return "ghana@demo.tandem" in page and 'data-label="Attempts">0<' not in page and "refused" in page.lower()
        wait_until(tried, timeout=20, what="a failed attempt in the outbox")
        assert not any(m["X-Envelope-To"] == "ghana@demo.tandem" for m in smtp.messages())
    finally:
        smtp.start()
    message = smtp.wait_for_message("ghana@demo.tandem", timeout=60)
    assert message["Subject"] == "Choose a new Tandem password"
    assert "/account/reset/" in link_in(message, tandem.url)


def test_a_refused_recipient_is_recorded_as_failed(smtp, tandem):
    admin = Browser(tandem.url)
    admin.sign_in(*ADMIN)
    status, _, _ = admin.post("/admin/invitations", {"email": "rejected.person@example.org", "role": "member"})
    assert status == 303
    page = wait_until(lambda: (lambda p: p if "550 5.1.1" in p else None)(admin.get("/admin/outbox?status=failed")[1]),
                      timeout=20, what="the refusal in the outbox")
    assert "rejected.person@example.org" in page


def test_a_wrong_smtp_password_keeps_the_message_waiting(smtp):
    server = serve(smtp, SMTP_URL=smtp.url.replace(smtp.password, "wrong-password"))
    try:
        Browser(server.url).post("/account/reset", {"email": "peru@demo.tandem"})
        admin = Browser(server.url)
        admin.sign_in(*ADMIN)
        page = wait_until(lambda: (lambda p: p if "AUTH" in p else None)(admin.get("/admin/outbox?status=pending")[1]),
                          timeout=20, what="the refused sign-in in the outbox")
        assert "535" in page
        assert not any(m["X-Envelope-To"] == "peru@demo.tandem" for m in smtp.messages())
    finally:
        server.stop()
