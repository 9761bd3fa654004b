"""Root modules in different folders are separate configurations: a reference in one never
names a resource of another, even when both have the same address (`aws_s3_bucket.this`
in every environment folder of a monorepo). Scanning folders together finds exactly what
scanning them one by one finds."""

from __future__ import annotations

from pathlib import Path

from linter.engine import ScanOptions, scan

BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "%s-data"\n}\n'
COMPANIONS = '''
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = "central-logs"
  target_prefix = "data/"
}
'''
PRIVATE = '''
resource "azurerm_key_vault" "vault" {
  name                          = "%s-vault"
  location                      = "westeurope"
  resource_group_name           = "rg"
  tenant_id                     = "00000000-0000-0000-0000-000000000000"
  sku_name                      = "standard"
  purge_protection_enabled      = true
  public_network_access_enabled = false
}
'''
ENDPOINT = '''
resource "azurerm_private_endpoint" "vault" {
  name                = "vault"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = "subnet"
  private_service_connection {
    name                           = "vault"
    private_connection_resource_id = azurerm_key_vault.vault.id
    is_manual_connection           = false
  }
}
'''


def _keys(targets: list[Path], select: list[str]) -> set[tuple[str, str, int]]:
    result = scan(ScanOptions(targets=[str(t) for t in targets], select=select, jobs=1))
    return {(f.rule_id, Path(f.path).parent.name, f.line) for f in result.findings}


def _two_roots(tmp_path: Path, bare: str, covered: str, select: list[str]) -> set:
    """Findings of a root module without the companion and one with it, scanned apart;
    asserts that scanning both folders together finds exactly the same."""
    for name, text in (("bare", bare), ("covered", covered)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(text)
    alone = _keys([tmp_path / "bare"], select) | _keys([tmp_path / "covered"], select)
    assert _keys([tmp_path], select) == alone
    return alone


def test_a_companion_in_another_root_module_does_not_cover_a_bucket(tmp_path: Path):
    select = ["AWS100", "AWS101", "AWS102", "AWS103"]
    alone = _two_roots(tmp_path, BUCKET % "bare", BUCKET % "covered" + COMPANIONS, select)
    assert {rule for rule, folder, _ in alone if folder == "bare"} == set(select)
    assert not {k for k in alone if k[1] == "covered"}


def test_a_private_endpoint_in_another_root_module_does_not_cover_a_key_vault(tmp_path: Path):
    alone = _two_roots(tmp_path, PRIVATE % "bare", PRIVATE % "covered" + ENDPOINT, ["AZR102"])
    assert {folder for _, folder, _ in alone} == {"bare"}
