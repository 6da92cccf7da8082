// Loaded lazily, by a dynamic import in ../clients.ts: a command that never talks to AWS never parses the
// SDK. Named re-exports, not the whole package, so the CLI's lazy chunk holds only the commands Latchkey sends.
export {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
export type { DescribeSecretResponse, GetSecretValueResponse } from '@aws-sdk/client-secrets-manager';
