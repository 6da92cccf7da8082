# Latchkey access requests: what every requester needs (attach to everyone who may ask for access).
# Create and read only your own requests: the path carries your entity id, so another person's requests
# can neither be read nor changed, and nothing can be overwritten (create, no update).
path "latchkey/data/requests/{{identity.entity.id}}/*" {
  capabilities = ["create", "read"]
}
path "latchkey/metadata/requests/{{identity.entity.id}}/" {
  capabilities = ["list"]
}
# Decisions are read by id (random, 64 bits) and cannot be listed; the grant inside is sealed to the
# requester's device key, so reading one is worth nothing to anyone else.
path "latchkey/data/decisions/*" {
  capabilities = ["read"]
}
# Your own entity: Latchkey names you by your alias (the userpass or OIDC user name).
path "identity/entity/id/{{identity.entity.id}}" {
  capabilities = ["read"]
}
