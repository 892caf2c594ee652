//! Active Directory schema and configuration GUIDs that appear in object ACEs.
//!
//! Every GUID here is the same in every forest, and each was checked one by one against its
//! page in Microsoft's "Active Directory Schema" reference (learn.microsoft.com/windows/win32/
//! adschema/, whose source is github.com/MicrosoftDocs/win32 `desktop-src/ADSchema/`): the
//! `Rights-GUID` of the `r-<cn>` page for extended rights, property sets and validated writes
//! (names and display names from the same table), the `System-Id-Guid` of the `a-<name>` page
//! for attributes and the `Schema-Id-Guid` of the `c-<name>` page for classes. Attributes
//! added after Windows Server 2012 (such as `msDS-KeyCredentialLink`) have no page there and are
//! not listed; GUIDs generated when the schema is extended (LAPS, Exchange) differ between
//! forests and are not listed either.

use super::ds::{guid, DsGuidInfo, DsGuidKind};

const fn e(g: &str, kind: DsGuidKind, cn: &'static str, display: &'static str) -> DsGuidInfo {
    DsGuidInfo {
        guid: guid(g),
        kind,
        cn,
        display,
    }
}

use DsGuidKind::{
    Attribute as A, Class as C, ExtendedRight as X, PropertySet as P, ValidatedWrite as V,
};

#[rustfmt::skip]
pub(crate) static DS_GUIDS: &[DsGuidInfo] = &[
    // Classes (c-*.md, Schema-Id-Guid).
    e("bf967aba-0de6-11d0-a285-00aa003049e2", C, "User", "user"),
    e("bf967a86-0de6-11d0-a285-00aa003049e2", C, "Computer", "computer"),
    e("bf967a9c-0de6-11d0-a285-00aa003049e2", C, "Group", "group"),
    e("bf967aa5-0de6-11d0-a285-00aa003049e2", C, "Organizational-Unit", "organizationalUnit"),
    // Attributes (a-*.md, System-Id-Guid).
    e("bf9679c0-0de6-11d0-a285-00aa003049e2", A, "Member", "member"),
    e("f3a64788-5306-11d1-a9c5-0000f80367c1", A, "Service-Principal-Name", "servicePrincipalName"),
    e("72e39547-7b18-11d1-adef-00c04fd8d5cd", A, "DNS-Host-Name", "dNSHostName"),
    e("bf967a68-0de6-11d0-a285-00aa003049e2", A, "User-Account-Control", "userAccountControl"),
    e("3f78c3e5-f79a-46bd-a0b8-9d18116ddc79", A, "ms-DS-Allowed-To-Act-On-Behalf-Of-Other-Identity", "msDS-AllowedToActOnBehalfOfOtherIdentity"),
    e("800d94d7-b7a1-42a1-b14d-7cae1423d07f", A, "ms-DS-Allowed-To-Delegate-To", "msDS-AllowedToDelegateTo"),
    e("f30e3bbe-9ff0-11d1-b603-0000f80367c1", A, "GP-Link", "gPLink"),
    e("3e0abfd0-126a-11d0-a060-00aa006c33ed", A, "SAM-Account-Name", "sAMAccountName"),
    // Property sets (r-*.md, Rights-GUID).
    e("77b5b886-944a-11d1-aebd-0000f80367c1", P, "Personal-Information", "Personal Information"),
    e("e48d0154-bcf8-11d1-8702-00c04fb96050", P, "Public-Information", "Public Information"),
    e("59ba2f42-79a2-11d0-9020-00c04fc2d3cf", P, "General-Information", "General Information"),
    e("4c164200-20c0-11d0-a768-00aa006e0529", P, "User-Account-Restrictions", "Account Restrictions"),
    e("5f202010-79a5-11d0-9020-00c04fc2d4cf", P, "User-Logon", "Logon Information"),
    e("bc0ac240-79a9-11d0-9020-00c04fc2d4cf", P, "Membership", "Group Membership"),
    // Validated writes (r-*.md, Rights-GUID).
    e("bf9679c0-0de6-11d0-a285-00aa003049e2", V, "Self-Membership", "Add/Remove self as member"),
    e("f3a64788-5306-11d1-a9c5-0000f80367c1", V, "Validated-SPN", "Validated write to service principal name"),
    e("72e39547-7b18-11d1-adef-00c04fd8d5cd", V, "Validated-DNS-Host-Name", "Validated write to DNS host name"),
    e("80863791-dbe9-4eb8-837e-7f0ab55d9ac7", V, "Validated-MS-DS-Additional-DNS-Host-Name", "Validated write to MS DS Additional DNS Host Name"),
    e("d31a8757-2447-4545-8081-3bb610cacbf2", V, "Validated-MS-DS-Behavior-Version", "Validated write to MS DS behavior version"),
    // Extended rights (r-*.md, Rights-GUID).
    e("00299570-246d-11d0-a768-00aa006e0529", X, "User-Force-Change-Password", "Reset Password"),
    e("ab721a53-1e2f-11d0-9819-00aa0040529b", X, "User-Change-Password", "Change Password"),
    e("1131f6aa-9c07-11d1-f79f-00c04fc2dcd2", X, "DS-Replication-Get-Changes", "Replicating Directory Changes"),
    e("1131f6ad-9c07-11d1-f79f-00c04fc2dcd2", X, "DS-Replication-Get-Changes-All", "Replicating Directory Changes All"),
    e("89e95b76-444d-4c62-991a-0facbeda640c", X, "DS-Replication-Get-Changes-In-Filtered-Set", "Replicating Directory Changes In Filtered Set"),
    e("1131f6ac-9c07-11d1-f79f-00c04fc2dcd2", X, "DS-Replication-Manage-Topology", "Manage Replication Topology"),
    e("1131f6ab-9c07-11d1-f79f-00c04fc2dcd2", X, "DS-Replication-Synchronize", "Replication Synchronization"),
    e("f98340fb-7c5b-4cdb-a00b-2ebdfa115a96", X, "DS-Replication-Monitor-Topology", "Monitor Active Directory Replication"),
    e("1131f6ae-9c07-11d1-f79f-00c04fc2dcd2", X, "Read-Only-Replication-Secret-Synchronization", "Read Only Replication Secret Synchronization"),
    e("ab721a54-1e2f-11d0-9819-00aa0040529b", X, "Send-As", "Send As"),
    e("ab721a56-1e2f-11d0-9819-00aa0040529b", X, "Receive-As", "Receive As"),
    e("68b1d179-0d15-4d4f-ab71-46152e79a7bc", X, "Allowed-To-Authenticate", "Allowed to Authenticate"),
    e("edacfd8f-ffb3-11d1-b41d-00a0c968f939", X, "Apply-Group-Policy", "Apply Group Policy"),
    e("45ec5156-db7e-47bb-b53f-dbeb2d03c40f", X, "Reanimate-Tombstones", "Reanimate Tombstones"),
    e("ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501", X, "Unexpire-Password", "Unexpire Password"),
    e("05c74c5e-4deb-43b4-bd9f-86664c2a7fd5", X, "Enable-Per-User-Reversibly-Encrypted-Password", "Enable Per User Reversibly Encrypted Password"),
    e("e12b56b6-0a95-11d1-adbb-00c04fd8d5cd", X, "Change-Schema-Master", "Change Schema Master"),
    e("d58d5f36-0a98-11d1-adbb-00c04fd8d5cd", X, "Change-Rid-Master", "Change Rid Master"),
    e("bae50096-4752-11d1-9052-00c04fc2d4cf", X, "Change-PDC", "Change PDC"),
    e("cc17b1fb-33d9-11d2-97d4-00c04fd8d5cd", X, "Change-Infrastructure-Master", "Change Infrastructure Master"),
    e("014bf69c-7b3b-11d1-85f6-08002be74fab", X, "Change-Domain-Master", "Change Domain Master"),
    e("9923a32a-3607-11d2-b9be-0000f87a36b2", X, "DS-Install-Replica", "Add/Remove Replica In Domain"),
    e("be2bb760-7f46-11d2-b9ad-00c04f79f805", X, "Update-Schema-Cache", "Update Schema Cache"),
    e("b7b1b3dd-ab09-4242-9e30-9980e5d322f7", X, "Generate-RSoP-Planning", "Generate Resultant Set of Policy (Planning)"),
    e("b7b1b3de-ab09-4242-9e30-9980e5d322f7", X, "Generate-RSoP-Logging", "Generate Resultant Set of Policy (Logging)"),
    e("ba33815a-4f93-4c76-87f3-57574bff8109", X, "Migrate-SID-History", "Migrate SID History"),
    e("9432c620-033c-4db7-8b58-14ef6d0bf477", X, "Refresh-Group-Cache", "Refresh Group Cache for Logons"),
    e("1abd7cf8-0a99-11d1-adbb-00c04fd8d5cd", X, "Allocate-Rids", "Allocate Rids"),
    e("0e10c968-78fb-11d2-90d4-00c04f79dc55", X, "Certificate-Enrollment", "Enroll"),
    e("4ecc03fe-ffc0-4947-b630-eb672a8a9dbc", X, "DS-Query-Self-Quota", "Query Self Quota"),
    e("ab721a52-1e2f-11d0-9819-00aa0040529b", X, "Domain-Administer-Server", "Domain Administer Server"),
    e("7c0e2a7c-a419-48e4-a995-10180aad54dd", X, "Manage-Optional-Features", "Manage Optional Features for Active Directory"),
    e("7726b9d5-a4b4-4288-a6b2-dce952e80a7f", X, "Run-Protect-Admin-Groups-Task", "Run Protect Admin Groups Task"),
    e("280f369c-67c7-438e-ae98-1d46f3c6f541", X, "Update-Password-Not-Required-Bit", "Update Password Not Required Bit"),
    e("a1990816-4298-11d1-ade2-00c04fd8d5cd", X, "Open-Address-Book", "Open Address List"),
    e("ab721a55-1e2f-11d0-9819-00aa0040529b", X, "Send-To", "Send To"),
    e("e2a36dc9-ae17-47c3-b58b-be34c55ba633", X, "Create-Inbound-Forest-Trust", "Create Inbound Forest Trust"),
    e("91d67418-0135-4acc-8d79-c08e857cfbec", X, "SAM-Enumerate-Entire-Domain", "Enumerate Entire SAM Domain"),
    e("3e0f7e18-2c7a-4c10-ba82-4d926db99a3e", X, "DS-Clone-Domain-Controller", "Allow a DC to create a clone of itself"),
    e("62dd28a8-7f46-11d2-b9ad-00c04f79f805", X, "Recalculate-Security-Inheritance", "Recalculate Security Inheritance"),
    e("1a60ea8d-58a6-4b20-bcdc-fb71eb8a9ff8", X, "Reload-SSL-Certificate", "Reload SSL/TLS Certificate"),
];
