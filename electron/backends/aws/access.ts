import { isAppError } from '../../../shared/errors';
import { mapLimit } from '../../util/map-limit';

/** BatchGetSecretValue takes at most 20 secret ids per call (AWS API reference). */
const BATCH_SIZE = 20;
const PARALLEL = 4;

/** The part of a BatchGetSecretValue answer that says who may read what: names only, values ignored. */
export interface BatchAnswer {
  SecretValues?: Array<{ Name?: string; ARN?: string }>;
  Errors?: Array<{ SecretId?: string; ErrorCode?: string }>;
  NextToken?: string;
}

export interface AccessCalls {
  /** One BatchGetSecretValue page for these ids. */
  batch(ids: string[], nextToken?: string): Promise<BatchAnswer>;
  /** One GetSecretValue; resolves when readable. */
  single(id: string): Promise<void>;
}

/** Per-secret error codes that answer "not readable by you"; any other (an internal error) is asked again alone. */
const REFUSALS = new Set(['AccessDeniedException', 'ResourceNotFoundException', 'DecryptionFailure', 'InvalidRequestException', 'InvalidParameterException']);

/**
 * What a batch answer says: `readable` ids; ids in `Errors` with a refusal code (denied, missing, scheduled
 * for deletion, undecryptable) and ids it does not mention are not; `unsure` ids failed for another reason.
 */
export function readableIn(requested: readonly string[], answer: BatchAnswer): { readable: Set<string>; unsure: string[] } {
  const wanted = new Set(requested);
  const errors = new Map((answer.Errors ?? []).map((e) => [e.SecretId, e.ErrorCode ?? '']));
  const readable = new Set<string>();
  for (const value of answer.SecretValues ?? []) {
    const id = value.Name !== undefined && wanted.has(value.Name) ? value.Name : value.ARN;
    if (id !== undefined && wanted.has(id) && !errors.has(id)) readable.add(id);
  }
  const unsure = requested.filter((id) => errors.has(id) && !REFUSALS.has(errors.get(id)!));
  return { readable, unsure };
}

/** "This one is not yours" answers; anything else (signed out, throttled, down) is about the backend. */
const isPerSecretRefusal = (error: unknown) => isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST');

/**
 * Which secrets this identity may read. Reading is the only honest answer: GetSecretValue also needs
 * kms:Decrypt on the secret's key and passes the secret's resource policy, which no metadata call
 * (DescribeSecret, ListSecrets) checks. BatchGetSecretValue answers 20 secrets per request with a per-secret
 * `Errors` list, so 500 environments cost 25 requests. The values it returns are dropped here, unread.
 *
 * An identity without secretsmanager:BatchGetSecretValue (older policies grant only GetSecretValue) has the
 * whole batch refused: then each secret is tried alone, which is slower but still true.
 */
export async function readableSecrets(ids: readonly string[], calls: AccessCalls): Promise<Set<string>> {
  const readable = new Set<string>();
  let batchRefused = false;
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) chunks.push(ids.slice(i, i + BATCH_SIZE));

  const alone = async (id: string) => {
    try {
      await calls.single(id);
      readable.add(id);
    } catch (error) {
      if (!isPerSecretRefusal(error)) throw error;
    }
  };

  const ask = async (chunk: string[]) => {
    if (!batchRefused) {
      try {
        const unsure: string[] = [];
        let token: string | undefined;
        do {
          const answer = await calls.batch(chunk, token);
          const found = readableIn(chunk, answer);
          for (const id of found.readable) readable.add(id);
          unsure.push(...found.unsure);
          token = answer.NextToken;
        } while (token);
        await mapLimit(unsure, PARALLEL, alone);
        return;
      } catch (error) {
        if (!(isAppError(error) && error.code === 'FORBIDDEN')) throw error;
        batchRefused = true;
      }
    }
    await mapLimit(chunk, PARALLEL, alone);
  };
  // The first batch alone: if the identity may not batch, the others go straight to single reads.
  if (chunks.length > 0) await ask(chunks[0]!);
  await mapLimit(chunks.slice(1), PARALLEL, ask);
  return readable;
}
