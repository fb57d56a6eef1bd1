"""EMAIL_URL (cms.settings.email_config): every documented spelling gives Django's mail
settings, a wrong one stops the server with a message naming the problem, and the
settings module really reads the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from cms.settings import email_config

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mailer:secret@mail.camau.gov.vn",
            {"EMAIL_HOST": "mail.camau.gov.vn", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False},
        ),
        (
            "smtp+tls://mailer:secret@mail.camau.gov.vn",
            {"EMAIL_HOST": "mail.camau.gov.vn", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtps://mailer:secret@mail.camau.gov.vn",
            {"EMAIL_HOST": "mail.camau.gov.vn", "EMAIL_PORT": 465, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True},
        ),
        (
            "smtp+tls://mailer:secret@mail.camau.gov.vn:2525",
            {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": True},
        ),
        (
            "submission://mailer:secret@mail.camau.gov.vn",
            {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True},
        ),
    ],
)
def test_smtp_spellings(url, expected):
    config = email_config(url)
    assert config["EMAIL_BACKEND"] == SMTP
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("mailer", "secret")
    assert config["EMAIL_TIMEOUT"] == 10
    for key, value in expected.items():
        assert config[key] == value, key


def test_user_and_password_are_percent_decoded_and_query_options_read():
    config = email_config(
        "smtps://no-reply%40camau.gov.vn:p%40ss%3Aw%2Fd@mail.camau.gov.vn:8465"
        "?timeout=30&_default_from_email=C%E1%BB%95ng%20C%C3%A0%20Mau%20%3Cno-reply%40camau.gov.vn%3E"
    )
    assert config["EMAIL_HOST_USER"] == "no-reply@camau.gov.vn"
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss:w/d"
    assert (config["EMAIL_PORT"], config["EMAIL_TIMEOUT"], config["EMAIL_USE_SSL"]) == (8465, 30, True)
    assert config["DEFAULT_FROM_EMAIL"] == "Cổng Cà Mau <no-reply@camau.gov.vn>"


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.mail.backends.console.EmailBackend"),
        ("console://", "django.core.mail.backends.console.EmailBackend"),
        ("dummy://", "django.core.mail.backends.dummy.EmailBackend"),
        ("memory://", "django.core.mail.backends.locmem.EmailBackend"),
    ],
)
def test_non_smtp_backends(url, backend):
    config = email_config(url)
    assert config["EMAIL_BACKEND"] == backend
    assert config["EMAIL_TIMEOUT"] is None


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("http://mail.camau.gov.vn", "unknown scheme 'http'"),
        ("mail.camau.gov.vn", "unknown scheme ''"),
        ("smtp://mail.camau.gov.vn:abc", "Port could not be cast"),
        ("smtps://mail.camau.gov.vn?timeout=soon", "invalid literal"),
        ("smtp+tls://", "needs a host"),
    ],
)
def test_a_wrong_url_names_the_problem(url, named):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL") as error:
        email_config(url)
    assert named in str(error.value)


def test_the_parsed_settings_reach_djangos_smtp_connection(settings):
    for key, value in email_config("smtps://mailer:secret@mail.camau.gov.vn").items():
        setattr(settings, key, value)
    settings.EMAIL_BACKEND = SMTP  # pytest-django swaps in the in-memory backend; the real one is wanted here
    connection = get_connection()  # built only: nothing is sent
    assert isinstance(connection, SMTPBackend)
    assert (connection.host, connection.port, connection.use_ssl, connection.use_tls) == ("mail.camau.gov.vn", 465, True, False)
    assert (connection.username, connection.password, connection.timeout) == ("mailer", "secret", 10)


def _settings_in_a_fresh_process(**env):
    """The product settings module (cms.settings) loaded with ``env``: the keys asked for, as JSON."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k) for k in "
        "('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', 'SERVER_EMAIL')}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result


def test_settings_read_email_url_and_sender_addresses_from_the_environment():
    result = _settings_in_a_fresh_process(
        EMAIL_URL="smtps://mailer:secret@mail.camau.gov.vn",
        DEFAULT_FROM_EMAIL="Cổng TTĐT tỉnh Cà Mau <no-reply@camau.gov.vn>",
        SERVER_EMAIL="errors@camau.gov.vn",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.camau.gov.vn",
        "EMAIL_PORT": 465,
        "EMAIL_USE_SSL": True,
        "DEFAULT_FROM_EMAIL": "Cổng TTĐT tỉnh Cà Mau <no-reply@camau.gov.vn>",
        "SERVER_EMAIL": "errors@camau.gov.vn",
    }
    unset = json.loads(_settings_in_a_fresh_process().stdout.strip().splitlines()[-1])
    assert unset["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (
        unset["DEFAULT_FROM_EMAIL"].endswith("<no-reply@camau.localhost>")
        and unset["SERVER_EMAIL"] == unset["DEFAULT_FROM_EMAIL"]
    )


def test_a_wrong_email_url_stops_the_server_with_its_reason():
    result = _settings_in_a_fresh_process(EMAIL_URL="smtp+ssl://mail.camau.gov.vn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "unknown scheme 'smtp+ssl'" in result.stderr
