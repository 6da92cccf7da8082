// Loaded lazily, by a dynamic import in ../clients.ts: only sign-in, doctor and read-role grants (made,
// checked, ended early with a deny on the role) need STS and IAM.
export { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { DeleteRolePolicyCommand, GetRoleCommand, IAMClient, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
