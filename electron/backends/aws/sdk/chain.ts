// Loaded lazily, by a dynamic import in ../credentials.ts: the standard AWS credential chain (env, shared
// config and credentials files, IAM Identity Center sessions from `aws sso login`, process credentials, …).
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
