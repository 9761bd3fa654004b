"""Google Cloud and Azure packs as a whole: a hardened configuration is clean, values
that come through variables are judged only when known, and terragoat's GCP and Azure
folders give the findings a reviewer expects."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from fixture_support import CORPUS, needs_corpus

from linter.engine import ScanOptions, scan
from linter.model import Severity

HARDENED_GCP = """\
resource "google_storage_bucket" "data" {
  name                        = "data"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  versioning {
    enabled = true
  }
  logging {
    log_bucket = "audit-logs"
  }
}

resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.data.name
  role   = "roles/storage.objectViewer"
  member = "group:readers@example.com"
}

resource "google_compute_firewall" "iap" {
  name          = "allow-iap"
  network       = "vpc"
  source_ranges = ["35.235.240.0/20"]
  allow {
    protocol = "tcp"
    ports    = ["22", "3389"]
  }
}

resource "google_compute_firewall" "web" {
  name          = "allow-web"
  network       = "vpc"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["web"]
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/p/global/networks/vpc"
      ssl_mode        = "ENCRYPTED_ONLY"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
  }
}

resource "google_container_cluster" "gke" {
  name                     = "gke"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
  datapath_provider        = "ADVANCED_DATAPATH"
  release_channel {
    channel = "REGULAR"
  }
  private_cluster_config {
    enable_private_nodes   = true
    master_ipv4_cidr_block = "172.16.0.0/28"
  }
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "203.0.113.0/24"
    }
  }
  workload_identity_config {
    workload_pool = "p.svc.id.goog"
  }
  enable_intranode_visibility = true
  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }
  authenticator_groups_config {
    security_group = "gke-security-groups@example.com"
  }
}

resource "google_container_node_pool" "apps" {
  name    = "apps"
  cluster = google_container_cluster.gke.id
  management {
    auto_repair  = true
    auto_upgrade = true
  }
  node_config {
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
    shielded_instance_config {
      enable_secure_boot = true
    }
  }
}

resource "google_compute_instance" "app" {
  name         = "app"
  machine_type = "e2-small"
  zone         = "europe-west1-b"
  boot_disk {
    kms_key_self_link = google_kms_crypto_key.key.id
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }
  network_interface {
    subnetwork = "private"
  }
  metadata = {
    block-project-ssh-keys = true
  }
  service_account {
    email  = google_service_account.app.email
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}

resource "google_kms_crypto_key" "key" {
  name            = "key"
  key_ring        = "ring"
  rotation_period = "7776000s"
}

resource "google_bigquery_dataset" "ds" {
  dataset_id = "ds"
  default_encryption_configuration {
    kms_key_name = google_kms_crypto_key.key.id
  }
  access {
    role          = "OWNER"
    special_group = "projectOwners"
  }
}

resource "google_project_iam_member" "viewer" {
  project = "p"
  role    = "roles/viewer"
  member  = "group:devs@example.com"
}

resource "google_compute_ssl_policy" "tls" {
  name            = "tls"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_subnetwork" "private" {
  name                     = "private"
  ip_cidr_range            = "10.0.0.0/24"
  region                   = "europe-west1"
  network                  = "vpc"
  private_ip_google_access = true
  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
  }
}

resource "google_dns_managed_zone" "zone" {
  name     = "zone"
  dns_name = "example.com."
  dnssec_config {
    state = "on"
  }
}
"""

HARDENED_AZURE = """\
resource "azurerm_storage_account" "sa" {
  name                            = "hardenedsa"
  resource_group_name             = "rg"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  customer_managed_key {
    key_vault_key_id          = "https://kv.vault.azure.net/keys/sa"
    user_assigned_identity_id = "uai"
  }
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
  blob_properties {
    delete_retention_policy {
      days = 14
    }
  }
}

resource "azurerm_private_endpoint" "sa" {
  name                = "sa-pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = "subnet"
  private_service_connection {
    name                           = "sa"
    private_connection_resource_id = azurerm_storage_account.sa.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "kv" {
  name                = "kv-pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = "subnet"
  private_service_connection {
    name                           = "kv"
    private_connection_resource_id = azurerm_key_vault.kv.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "sql" {
  name                = "sql-pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = "subnet"
  private_service_connection {
    name                           = "sql"
    private_connection_resource_id = azurerm_mssql_server.sql.id
    subresource_names              = ["sqlServer"]
    is_manual_connection           = false
  }
}

resource "azurerm_storage_container" "data" {
  name                  = "data"
  storage_account_name  = azurerm_storage_account.sa.name
  container_access_type = "private"
}

resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  security_rule {
    name                       = "https"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_key_vault" "kv" {
  name                       = "kv"
  location                   = "westeurope"
  resource_group_name        = "rg"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "premium"
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

resource "azurerm_key_vault_secret" "s" {
  name            = "s"
  value           = "from-pipeline"
  key_vault_id    = azurerm_key_vault.kv.id
  expiration_date = "2027-01-01T00:00:00Z"
}

resource "azurerm_mssql_server" "sql" {
  name                          = "sql"
  resource_group_name           = "rg"
  location                      = "westeurope"
  version                       = "12.0"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "00000000-0000-0000-0000-000000000000"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server_extended_auditing_policy" "sql" {
  server_id         = azurerm_mssql_server.sql.id
  retention_in_days = 90
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                    = "aks"
  location                = "westeurope"
  resource_group_name     = "rg"
  dns_prefix              = "aks"
  private_cluster_enabled = true
  local_account_disabled  = true
  azure_policy_enabled      = true
  automatic_upgrade_channel = "patch"
  disk_encryption_set_id    = "des"
  default_node_pool {
    name                    = "system"
    vm_size                 = "Standard_D4s_v5"
    node_count              = 3
    host_encryption_enabled = true
  }
  identity {
    type = "SystemAssigned"
  }
  network_profile {
    network_plugin = "azure"
    network_policy = "azure"
  }
  oms_agent {
    log_analytics_workspace_id = "ws"
  }
}

resource "azurerm_linux_web_app" "app" {
  name                       = "app"
  resource_group_name        = "rg"
  location                   = "westeurope"
  service_plan_id            = "plan"
  https_only                 = true
  client_certificate_enabled = true
  public_network_access_enabled = false
  site_config {
    minimum_tls_version = "1.2"
    ftps_state          = "Disabled"
  }
  identity {
    type = "SystemAssigned"
  }
  logs {
    http_logs {
      file_system {
        retention_in_days = 30
        retention_in_mb   = 35
      }
    }
  }
}

resource "azurerm_postgresql_flexible_server" "pg" {
  name                = "pg"
  resource_group_name = "rg"
  location            = "westeurope"
  sku_name            = "GP_Standard_D2ds_v4"
  delegated_subnet_id = "subnet"
  private_dns_zone_id = "zone"
}

resource "azurerm_linux_virtual_machine" "vm" {
  name                            = "vm"
  resource_group_name             = "rg"
  location                        = "westeurope"
  size                            = "Standard_B2s"
  admin_username                  = "azureuser"
  network_interface_ids           = ["nic"]
  disable_password_authentication = true
  encryption_at_host_enabled      = true
  allow_extension_operations      = false
  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-ed25519 AAAA"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}

resource "azurerm_cosmosdb_account" "cosmos" {
  name                          = "cosmos"
  location                      = "westeurope"
  resource_group_name           = "rg"
  offer_type                    = "Standard"
  public_network_access_enabled = false
  local_authentication_disabled = true
  access_key_metadata_writes_enabled = false
  key_vault_key_id              = "https://kv.vault.azure.net/keys/cosmos"
}

resource "azurerm_container_registry" "acr" {
  name                = "acr"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "Premium"
  admin_enabled       = false
  public_network_access_enabled = false
  quarantine_policy_enabled     = true
}

resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}

resource "azurerm_network_watcher_flow_log" "fl" {
  network_security_group_id = azurerm_network_security_group.nsg.id
  network_watcher_name      = "nw"
  resource_group_name       = "rg"
  storage_account_id        = azurerm_storage_account.sa.id
  enabled                   = true
  retention_policy {
    enabled = true
    days    = 90
  }
}
"""


def _scan(path: Path, pack: str):
    return scan(ScanOptions(targets=[str(path)], select=[pack])).findings


@pytest.mark.parametrize("pack,text", [("gcp", HARDENED_GCP), ("azure", HARDENED_AZURE)],
                         ids=["gcp", "azure"])
def test_hardened_configuration_has_no_finding(tmp_path, pack, text):
    (tmp_path / "main.tf").write_text(text)
    findings = _scan(tmp_path, pack)
    assert [(f.rule_id, f.line, f.message) for f in findings] == []


@pytest.mark.parametrize("pack,text", [("gcp", HARDENED_GCP), ("azure", HARDENED_AZURE)],
                         ids=["gcp", "azure"])
def test_every_resource_of_the_hardened_configuration_is_targeted(pack, text):
    """The hardened files must exercise the rules, not resource types nobody checks."""
    from linter.rules import load_rules

    types = {t for r in load_rules() if r.pack == pack for t in (r.types or ())}
    written = {line.split('"')[1] for line in text.splitlines() if line.startswith("resource ")}
    followed = {"azurerm_mssql_server_extended_auditing_policy", "azurerm_private_endpoint"}  # read through references
    assert written - followed <= types, sorted(written - followed - types)


def test_unset_variable_gives_no_finding_and_a_known_default_does(tmp_path):
    (tmp_path / "main.tf").write_text("""\
variable "ranges" {
  type = list(string)
}

variable "open_ranges" {
  default = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "unknown" {
  name          = "a"
  network       = "vpc"
  source_ranges = var.ranges
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "known" {
  name          = "b"
  network       = "vpc"
  source_ranges = var.open_ranges
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
""")
    findings = _scan(tmp_path, "GCP005")
    assert [(f.resource, f.line) for f in findings] == [("google_compute_firewall.known", 22)]


def test_unknown_value_is_listed_as_unknown_not_as_finding(tmp_path):
    (tmp_path / "main.tf").write_text("""\
resource "azurerm_network_security_rule" "ssh" {
  name                        = "ssh"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = var.admin_source
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}
""")
    result = scan(ScanOptions(targets=[str(tmp_path)], select=["AZR006"]))
    assert result.findings == []
    assert [(u.rule_id, u.location.line) for u in result.unknowns] == [("AZR006", 9)]


def test_storage_network_rules_in_another_file_of_the_module_are_followed(tmp_path):
    (tmp_path / "storage.tf").write_text("""\
resource "azurerm_storage_account" "sa" {
  name                     = "sa"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
""")
    (tmp_path / "network.tf").write_text("""\
resource "azurerm_storage_account_network_rules" "sa" {
  storage_account_id = azurerm_storage_account.sa.id
  default_action     = "Deny"
}
""")
    assert _scan(tmp_path, "AZR004") == []
    (tmp_path / "network.tf").unlink()
    assert [f.line for f in _scan(tmp_path, "AZR004")] == [1]


PLAN = """\
{
  "format_version": "1.2",
  "terraform_version": "1.6.0",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "google_compute_firewall.ssh",
          "mode": "managed",
          "type": "google_compute_firewall",
          "name": "ssh",
          "values": {
            "name": "ssh",
            "network": "default",
            "direction": "INGRESS",
            "disabled": false,
            "source_ranges": ["0.0.0.0/0"],
            "source_tags": null,
            "allow": [{"protocol": "tcp", "ports": ["22"]}],
            "deny": []
          }
        },
        {
          "address": "azurerm_storage_account.sa",
          "mode": "managed",
          "type": "azurerm_storage_account",
          "name": "sa",
          "values": {
            "name": "sa",
            "https_traffic_only_enabled": false,
            "min_tls_version": "TLS1_2",
            "allow_nested_items_to_be_public": false,
            "public_network_access_enabled": true,
            "network_rules": [{"default_action": "Allow", "bypass": ["AzureServices"], "ip_rules": []}]
          }
        },
        {
          "address": "azurerm_network_security_group.nsg",
          "mode": "managed",
          "type": "azurerm_network_security_group",
          "name": "nsg",
          "values": {
            "name": "nsg",
            "security_rule": [{"name": "rdp", "access": "Allow", "direction": "Inbound", "protocol": "Tcp",
              "source_address_prefix": "*", "source_address_prefixes": [], "destination_port_range": "",
              "destination_port_ranges": ["3389"], "priority": 100}]
          }
        }
      ]
    }
  }
}
"""


def test_plan_file_values_are_checked(tmp_path):
    (tmp_path / "plan.json").write_text(PLAN)
    findings = scan(ScanOptions(targets=[str(tmp_path)], select=["gcp", "azure"])).findings
    assert [(f.rule_id, f.resource, f.line) for f in findings] == [
        ("GCP005", "google_compute_firewall.ssh", 17),
        ("AZR051", "azurerm_storage_account.sa", 24),
        ("AZR056", "azurerm_storage_account.sa", 24),
        ("AZR096", "azurerm_storage_account.sa", 24),
        ("AZR102", "azurerm_storage_account.sa", 24),
        ("AZR103", "azurerm_storage_account.sa", 24),
        ("AZR001", "azurerm_storage_account.sa", 30),
        ("AZR004", "azurerm_storage_account.sa", 34),
        ("AZR007", "azurerm_network_security_group.nsg", 44),
    ]


TERRAGOAT = CORPUS / "real" / "terragoat" / "terraform"


@needs_corpus("real", "terragoat", "terraform")
def test_terragoat_gcp_findings():
    found = Counter(f.rule_id for f in _scan(TERRAGOAT / "gcp", "gcp"))
    assert found == Counter({
        "GCP001": 1, "GCP002": 1, "GCP003": 1, "GCP004": 1, "GCP005": 1, "GCP006": 1,
        "GCP007": 1, "GCP008": 1, "GCP009": 1, "GCP010": 1, "GCP011": 1, "GCP012": 1,
        "GCP015": 1, "GCP016": 1, "GCP017": 1, "GCP019": 1, "GCP020": 1, "GCP025": 2,
        "GCP027": 1, "GCP028": 1, "GCP029": 1, "GCP030": 1, "GCP031": 1, "GCP032": 1,
        "GCP034": 1, "GCP037": 1, "GCP045": 1, "GCP046": 1,
        "GCP053": 1, "GCP054": 1, "GCP055": 1, "GCP059": 1, "GCP074": 1, "GCP085": 2,
    })


@needs_corpus("real", "terragoat", "terraform")
def test_terragoat_azure_findings():
    findings = _scan(TERRAGOAT / "azure", "azure")
    found = Counter(f.rule_id for f in findings)
    high = sorted({f.rule_id for f in findings if f.severity >= Severity.HIGH})
    assert high == ["AZR006", "AZR007", "AZR016", "AZR025", "AZR077"]
    # the account whose network rules live in azurerm_storage_account_network_rules is not reported
    assert [f.resource for f in findings if f.rule_id == "AZR004"] == [
        "azurerm_storage_account.security_storage_account"]
    assert found["AZR013"] == 8 and found["AZR014"] == 8


def _pack_rules(*packs: str):
    from linter.rules import load_rules

    return [r for r in load_rules() if r.pack in packs]


@pytest.mark.parametrize("pack", ["gcp", "azure"])
def test_every_rule_says_what_an_absent_setting_means_and_shows_it(pack):
    root = Path(__file__).resolve().parent.parent / "fixtures"
    for rule in _pack_rules(pack):
        assert rule.absent, f"{rule.id}: say what an absent setting means (absent: {{verdict, why}})"
        verdict = rule.absent["verdict"]
        if verdict == "not-applicable":
            continue
        name = "bad-absent" if verdict == "finding" else "good-absent"
        assert list((root / rule.id).glob(f"{name}.*")), \
            f"{rule.id}: absent means {verdict}; fixtures/{rule.id}/{name}.tf should show it"
