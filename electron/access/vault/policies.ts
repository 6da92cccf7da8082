/**
 * The Vault/OpenBao side of access requests, as text: the two ACL policies and the grant token role.
 * `admin setup` applies exactly these; the same text (for the default mount `latchkey`) is shipped in
 * policies/ for teams that manage Vault with Terraform, and a test keeps the two in step.
 */

export interface VaultAccessNames {
  mount: string;
  requesterPolicy: string;
  approverPolicy: string;
  grantRole: string;
}

/** Policies and role are named after the mount, so two ledgers on one server never share them. */
export function vaultAccessNames(mount: string): VaultAccessNames {
  return { mount, requesterPolicy: `${mount}-requester`, approverPolicy: `${mount}-approver`, grantRole: `${mount}-grant` };
}

/** Every requester: create and read only their own requests, read decisions (ids are random, not listable). */
export function requesterPolicy(mount: string): string {
  return `# Latchkey access requests: what every requester needs (attach to everyone who may ask for access).
# Create and read only your own requests: the path carries your entity id, so another person's requests
# can neither be read nor changed, and nothing can be overwritten (create, no update).
path "${mount}/data/requests/{{identity.entity.id}}/*" {
  capabilities = ["create", "read"]
}
path "${mount}/metadata/requests/{{identity.entity.id}}/" {
  capabilities = ["list"]
}
# Decisions are read by id (random, 64 bits) and cannot be listed; the grant inside is sealed to the
# requester's device key, so reading one is worth nothing to anyone else.
path "${mount}/data/decisions/*" {
  capabilities = ["read"]
}
# Your own entity: Latchkey names you by your alias (the userpass or OIDC user name).
path "identity/entity/id/{{identity.entity.id}}" {
  capabilities = ["read"]
}
`;
}

/** Approvers: list and read every request, write each decision once, create and revoke grant tokens. */
export function approverPolicy(mount: string, grantRole: string): string {
  return `# Latchkey access requests: what approvers need (in addition to ${mount}-requester).
path "${mount}/metadata/requests/" {
  capabilities = ["list"]
}
path "${mount}/metadata/requests/*" {
  capabilities = ["list"]
}
path "${mount}/data/requests/*" {
  capabilities = ["read"]
}
# Each decision is written once (create, no update): a second approver gets a conflict, not an overwrite.
path "${mount}/metadata/decisions/" {
  capabilities = ["list"]
}
path "${mount}/data/decisions/*" {
  capabilities = ["create", "read"]
}
# Grants: an orphan token through the role (only the policies the role allows, a hard max TTL), and its
# early end by accessor.
path "auth/token/create/${grantRole}" {
  capabilities = ["update"]
}
path "auth/token/revoke-accessor" {
  capabilities = ["update"]
}
# The requester's entity, to check the name a request claims.
path "identity/entity/id/*" {
  capabilities = ["read"]
}
`;
}

/** The token role grants are made through: orphans, not renewable, only the profile's grant policies. */
export function grantRoleConfig(grantPolicies: string[]) {
  return {
    allowed_policies: [...new Set(grantPolicies)].sort(),
    orphan: true,
    renewable: false,
    token_type: 'service',
    // Each grant sets its own explicit_max_ttl (the approved duration); this is the ceiling of any grant.
    token_explicit_max_ttl: '720h',
  };
}
