import { parseDocker, serializeDocker } from './docker';
import { parseDotenv, serializeDotenv } from './dotenv';
import { parseJson, serializeJson } from './json';
import { parseShell, serializeShell } from './shell';
import type { ExportFormat as ContractFormat } from '../../../shared/contract';
import type { EnvValues, ExportHeader } from './common';
import type { ExportFormat } from './formats';

export type { EnvValues, ExportHeader } from './common';

export { DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS, type ExportFormat } from './formats';

/** formats.ts (zod-free, for the thin CLI) names exactly the contract's formats: this stops compiling if the two part. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const formatsAreTheContracts: Same<ExportFormat, ContractFormat> = true;
void formatsAreTheContracts;

export interface Serializer {
  format: ExportFormat;
  /** Throws AppError BAD_REQUEST naming the key (never the value) when a value cannot be held exactly. */
  serialize(values: EnvValues, header?: ExportHeader): string;
  parse(text: string): EnvValues;
}

const SERIALIZERS: Record<ExportFormat, Serializer> = {
  dotenv: { format: 'dotenv', serialize: serializeDotenv, parse: parseDotenv },
  json: { format: 'json', serialize: (values) => serializeJson(values), parse: parseJson },
  shell: { format: 'shell', serialize: serializeShell, parse: parseShell },
  docker: { format: 'docker', serialize: serializeDocker, parse: parseDocker },
};

export function serializerFor(format: ExportFormat): Serializer {
  return SERIALIZERS[format];
}
