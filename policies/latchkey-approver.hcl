# Latchkey access requests: what approvers need (in addition to latchkey-requester).
path "latchkey/metadata/requests/" {
  capabilities = ["list"]
}
path "latchkey/metadata/requests/*" {
  capabilities = ["list"]
}
path "latchkey/data/requests/*" {
  capabilities = ["read"]
}
# Each decision is written once (create, no update): a second approver gets a conflict, not an overwrite.
path "latchkey/metadata/decisions/" {
  capabilities = ["list"]
}
path "latchkey/data/decisions/*" {
  capabilities = ["create", "read"]
}
# Grants: an orphan token through the role (only the policies the role allows, a hard max TTL), and its
# early end by accessor.
path "auth/token/create/latchkey-grant" {
  capabilities = ["update"]
}
path "auth/token/revoke-accessor" {
  capabilities = ["update"]
}
# The requester's entity, to check the name a request claims.
path "identity/entity/id/*" {
  capabilities = ["read"]
}
