"""API server or kubelet allows weak TLS cipher suites: the settings below, read by _flags.py."""

from collections.abc import Iterator

from linter.model import Hit, Subject
from linter.rules import load_sibling

_flags = load_sibling(__file__, "_flags.py")

CHECKS = [{'flag': 'tls-cipher-suites',
           'config': 'tlsCipherSuites',
           'allow': ['TLS_AES_128_GCM_SHA256',
                     'TLS_AES_256_GCM_SHA384',
                     'TLS_CHACHA20_POLY1305_SHA256',
                     'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
                     'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
                     'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
                     'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
                     'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
                     'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
                     'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
                     'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
           'why': 'CBC, RC4, 3DES or static RSA key exchange'}]


def check(subject: Subject, params: dict) -> Iterator[Hit]:
    return _flags.check(subject, CHECKS)
