// Loaded lazily, by a dynamic import in ../clients.ts: only sign-in, doctor and read-role grants need STS and IAM.
export { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
