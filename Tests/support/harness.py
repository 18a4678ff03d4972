"""Processes the mail and browser tests run for real: an SMTP server (aiosmtpd, see smtp_server.py), a
`tandem serve`, and a small cookie-keeping HTTP client that submits forms the way a browser does."""
import email
import email.policy
import http.cookiejar
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout=30, interval=0.2, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def make_certificate(directory):
    """A self-signed certificate for localhost, and its key."""
    cert, key = os.path.join(directory, "smtp.crt"), os.path.join(directory, "smtp.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


class SMTPServer:
    """aiosmtpd requiring STARTTLS and AUTH, saving messages to a folder; can be stopped and started again
    on the same port to stand for an outage."""

    def __init__(self, user="tandem", password="smtp-test-secret", delay=0.0):
        self.directory = tempfile.mkdtemp(prefix="tandem-smtp-")
        self.maildir = os.path.join(self.directory, "mail")
        os.mkdir(self.maildir)
        self.cert, self.key = make_certificate(self.directory)
        self.port = free_port()
        self.user, self.password = user, password
        self.delay = delay
        self.process = None

    @property
    def url(self):
        return f"smtp://{self.user}:{self.password}@localhost:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "smtp_server.py"), "--port", str(self.port), "--maildir", self.maildir,
             "--cert", self.cert, "--key", self.key, "--user", self.user, "--password", self.password,
             "--delay", str(self.delay)],
            stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready", "the SMTP server did not start"

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def messages(self):
        names = sorted(n for n in os.listdir(self.maildir) if n.endswith(".eml"))
        result = []
        for name in names:
            with open(os.path.join(self.maildir, name), "rb") as file:
                result.append(email.message_from_binary_file(file, policy=email.policy.default))
        return result

    def wait_for_message(self, to, timeout=30, subject=None):
        """The first message to `to` (whose subject contains `subject`, when given)."""
        def find():
            for message in self.messages():
                if message["X-Envelope-To"] == to and (subject is None or subject in message["Subject"]):
                    return message
            return None
        return wait_until(find, timeout, what=f"an email to {to}" + (f" about {subject}" if subject else ""))


def body_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, base_url, path="/account/"):
    """The first link to Tandem in the message's text whose path starts with `path`."""
    for word in body_text(message).split():
        if word.startswith(base_url + path):
            return word
    raise AssertionError("no Tandem link in the message:\n" + body_text(message))


class TandemServer:
    """`tandem serve` on a fresh SQLite database (or DATABASE_URL when given)."""

    def __init__(self, environment, directory=None):
        """`directory`: the folder of an earlier instance, to start again on its database and uploads."""
        self.port = free_port()
        self.directory = directory or tempfile.mkdtemp(prefix="tandem-serve-")
        binary = os.environ.get("TANDEM_BIN", os.path.join(ROOT, ".build", "debug", "tandem"))
        env = dict(os.environ, PORT=str(self.port), LOG_LEVEL="warning",
                   DATABASE_URL=f"sqlite:{self.directory}/tandem.sqlite", UPLOADS_PATH=f"{self.directory}/uploads")
        env.update(environment)
        self.log = open(os.path.join(self.directory, "serve.log"), "a")
        self.process = subprocess.Popen([binary, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_until(self.healthy, timeout=120, what="tandem serve to start")

    def healthy(self):
        if self.process.poll() is not None:
            raise AssertionError("tandem serve stopped:\n" + open(self.log.name).read())
        try:
            return urllib.request.urlopen(self.url + "/healthz", timeout=2).status == 200
        except (urllib.error.URLError, ConnectionError):
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def kill(self):
        """Stops the server the hard way (SIGKILL), as a power cut would."""
        self.process.kill()
        self.process.wait(timeout=30)
        self.log.close()


class Browser:
    """Keeps cookies and sends the CSRF token with every form, as a browser with Tandem's pages would."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect())

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def request(self, method, path, fields=None):
        data = None
        if fields is not None:
            fields = dict(fields, _csrf=self.cookie("tandem_csrf") or "")
            data = urllib.parse.urlencode(fields, doseq=True).encode()
        url = path if path.startswith("http") else self.base_url + path
        request = urllib.request.Request(url, data=data, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        if self.cookie("tandem_csrf") is None:
            self.get("/account/sign-in")
        return self.request("POST", path, fields)

    def sign_in(self, email, password):
        status, _, headers = self.post("/account/sign-in", {"email": email, "password": password})
        assert status == 303, f"sign-in as {email} answered {status}"
        return headers
