"""How AWS checks read secrets, policies and scripts from Terraform values.

The readers live in rules/aws/_tfvalues.py (loaded by path, like the checks do). These
tests pin the precision decisions: what counts as a hard-coded credential and what not.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from linter.model import Unknown

_PATH = Path(__file__).resolve().parent.parent / "rules" / "aws" / "_tfvalues.py"
_SPEC = importlib.util.spec_from_file_location("aws_tfvalues_under_test", _PATH)
tv = importlib.util.module_from_spec(_SPEC)
sys.modules["aws_tfvalues_under_test"] = tv
_SPEC.loader.exec_module(tv)


@pytest.mark.parametrize("name,value", [
    ("DB_PASSWORD", "S3cr3t-Passw0rd!"),
    ("secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("access_key", "AKIAIOSFODNN7EXAMPLE"),
    ("STRIPE_API_KEY", "sk_live_abcdefghijklmnopqrstuvwx"),
    ("anything", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
    ("JWT_SECRET", "admin1234"),
    ("dbPassword", "Tr0ub4dor&3"),
    ("DB_PASS", "Tr0ub4dor&3"),
    ("client-secret", "6f1c0a2e9b7d4c1f"),
])
def test_literal_secrets_are_found(name, value):
    assert tv.literal_secret(name, value)


@pytest.mark.parametrize("name,value", [
    ("DB_PASSWORD", Unknown("var.db_password")),
    ("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"),
    ("DB_PASSWORD_SECRET", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"),
    ("API_KEY_PARAMETER", "/prod/api/key"),
    ("TOKEN_URL", "https://auth.example.com/token"),
    ("PASSWORD_MIN_LENGTH", "12"),
    ("AUTH_TOKEN_ENABLED", "true"),
    ("SESSION_SECRET", ""),
    ("SECRET_NAME", "prod/db"),
    ("TOKEN_ISSUER", "https://issuer.example.com"),
    ("TOKEN_AUDIENCE", "my-service"),
    ("DB_PASSWORD", "changeme"),
    ("DB_PASSWORD", "${DB_PASSWORD}"),
    ("SECRET_MESSAGE", "a sentence with spaces"),
    ("LOG_LEVEL", "info"),
    ("TOKENIZER_MODEL", "bert-base-uncased"),
    ("DB_SECRET", "prod/db-credentials"),
    ("SECRETS_MANAGER_TTL", "300"),
    ("API_KEY_HEADER", "x-api-key"),
    ("KMS_KEY_ID", "1234abcd-12ab-34cd-56ef-1234567890ab"),
])
def test_pointers_placeholders_and_settings_are_not_secrets(name, value):
    assert tv.literal_secret(name, value) is None


@pytest.mark.parametrize("script", [
    "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
    "#!/bin/bash\necho 'DB_PASSWORD=Sup3rS3cretValue' >> /etc/app.env\n",
    "#!/bin/bash\nmysql -u admin -pHunter2Hunter2 < schema.sql\n",
    "#cloud-config\nwrite_files:\n  - content: |\n      -----BEGIN OPENSSH PRIVATE KEY-----\n",
    '#!/bin/bash\ncat > /etc/app.json <<J\n{"api_key": "k-12345678abcdef"}\nJ\n',
    "#!/bin/bash\nredis-cli --password=Hunter2Hunter2 ping\n",
    "cat > .env <<E\nSECRET_KEY=super-secret-jwt-key-for-prod\nE\n",
    "cat > wp-config.php <<P\ndefine('DB_PASSWORD', 'Wp-S3cret!');\nP\n",
    "#!/bin/bash\nmysql -e \"ALTER USER 'root'@'localhost' IDENTIFIED BY 'MyN3wPass';\"\n",
    "#!/bin/bash\necho \"ubuntu:Passw0rd123\" | chpasswd\n",
])
def test_script_secrets_found(script):
    assert tv.script_secrets(script)


@pytest.mark.parametrize("script", [
    "#!/bin/bash\nDB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --output text)\n",
    "#!/bin/bash\nexport DB_PASSWORD=${var.password}\n",  # interpolation is masked out
    "#!/bin/bash\n# set PASSWORD=xyz12345 in the console\n",
    "#!/bin/bash\nexport PASSWORD_FILE=/run/secrets/db\nexport TOKEN_URL=https://auth.example.com/token\n",
    "#!/bin/bash\npsql -h db -p 5432 -U app\n",
    "#cloud-config\nchpasswd: { expire: False }\nssh_pwauth: false\nlock_passwd: true\npassword:\n",
    "#!/bin/bash\ndocker login -u AWS -p $(aws ecr get-login-password) example.com\n",
    "#!/bin/bash\nsed -i \"s/password_here/$DB_PASS/\" wp-config.php\n",
    "#!/bin/bash\nTOKEN=$(curl -X PUT http://169.254.169.254/latest/api/token "
    "-H 'X-aws-ec2-metadata-token-ttl-seconds: 21600')\n",
    "#cloud-config\nuser: cloud-user\npassword: <SSHPASS>\n",
    "#!/bin/bash\nPATH=/usr/bin:$PATH\ncurl https://example.com/a?b=c\n",
])
def test_script_without_literal_secrets(script):
    assert tv.script_secrets(script) == []


def test_partly_known_jsonencode_policy_is_read():
    raw = ('${jsonencode({Statement = [{Effect = "Allow", Principal = "*", '
           'Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn}]})}')
    doc = tv.document(Unknown("jsonencode(...)"), raw=raw)
    stmts = list(tv.public_statements(doc))
    assert len(stmts) == 1
    assert isinstance(stmts[0][1]["Resource"], Unknown)


def test_long_partly_known_policy_is_read_from_the_source_text():
    filler = ", ".join(f'{{Effect = "Allow", Principal = {{Service = "s{i}.amazonaws.com"}}, '
                       f'Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn}}' for i in range(40))
    raw = ('${jsonencode({Statement = [' + filler +
           ', {Sid = "Open", Effect = "Allow", Principal = {AWS = "*"}, Action = "sqs:*", '
           'Resource = aws_sqs_queue.q.arn}]})}')
    doc = tv.document(Unknown("jsonencode({Statement = ..."), raw=raw)
    assert [s["Sid"] for _, s in tv.public_statements(doc)] == ["Open"]


def test_unknown_principal_or_condition_is_not_public():
    doc = {"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": Unknown("var.p")}, "Action": "*"},
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Condition": Unknown("var.c")},
        {"Effect": "Deny", "Principal": "*", "Action": "*"},
    ]}
    assert list(tv.public_statements(doc)) == []


def test_user_data_template_reads_literal_parts_only():
    raw = '${base64encode(#!/bin/bash\necho \\"H=${var.h}\\"\necho \\"PASSWORD=abcd1234X\\")}'
    text = tv.template_text(Unknown("base64encode(...)"), raw)
    assert text is not None and "PASSWORD=abcd1234X" in text
    assert tv.template_text(Unknown("templatefile(...)"), '${templatefile("x.sh", {})}') is None
    assert tv.template_text(Unknown("var.user_data"), "${var.user_data}") is None


def test_secure_transport_condition_does_not_restrict_principals():
    doc = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                          "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}
    assert len(list(tv.public_statements(doc))) == 1
    doc["Statement"][0]["Condition"]["StringEquals"] = {"aws:PrincipalOrgID": "o-1"}
    assert list(tv.public_statements(doc)) == []
