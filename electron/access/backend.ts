import type { AccessPrincipal } from '../../shared/access';
import type { BackendKind } from '../../shared/backends';
import type { AccessSettings, ProfileEnvironment } from '../../shared/profile';
import type { EnvLocator } from '../backends/types';
import type { GrantEnvelope, LedgerItem, RequestFacts, SignedDecision, SignedEnd, SignedRequest } from './records';

/** Who the backend says we are, with every name it knows us by (aliases), for the approver rules. */
export type Me = AccessPrincipal & { names: string[] };

/** A grant the approver's backend just created: `material` is sealed to the requester before it goes anywhere. */
export interface IssuedGrant {
  type: GrantEnvelope['type'];
  material: string;
  handle: string;
  /** Set when the backend granted less than approved (AWS caps a role session at the role's maximum). */
  grantedSeconds?: number;
  /** Why it granted less, for the approver. */
  note?: string;
}

/** Receiving can fail in ways that mean something: a wrapping token already used may mean interception. */
export type ReceivedGrant =
  | { ok: true; credential: string }
  | { ok: false; reason: 'already-used' | 'not-a-grant' | 'expired'; detail: string };

/** One change `admin setup` makes (or would make with --dry-run). */
export interface SetupChange {
  what: string;
  action: 'create' | 'update' | 'unchanged';
  detail: string;
}

/**
 * The per-backend seam of access requests. The state machine, signatures, device pins, sealing and the
 * rules live above it (service.ts) and are the same for every backend; an implementation only stores
 * records and makes, hands over and ends the backend's own time-bound credential.
 *
 * Adding a backend is one file implementing this plus one case in factory.ts. A backend with native
 * requests (Infisical access approvals) maps the ledger calls onto its own API, and when its grant is a
 * privilege on the person's own session rather than a credential, `issueGrant` returns an empty
 * `material` and `receiveGrant` an empty credential: reads then keep using the person's own sign-in.
 */
export interface AccessBackend {
  readonly name: string;
  readonly kind: BackendKind;
  /**
   * `device`: the grant is a credential sealed to the requester's device key (Vault, Doppler). `account`: the
   * backend's own request, granted as a privilege on the requester's account (Infisical): no device keys travel.
   */
  readonly grantsTo: 'device' | 'account';
  whoami(): Promise<Me>;

  /** Requests filed by `me`, with their decisions and ends. */
  listMine(me: Me): Promise<LedgerItem[]>;
  /** Every request that has not ended (approvers), with their decisions and ends. */
  listAll(): Promise<LedgerItem[]>;
  /** Requests whose id starts with `idPrefix`, ended or not (reads only those that match). */
  find(idPrefix: string): Promise<LedgerItem[]>;
  /** Writes a new request; CONFLICT if that id exists. */
  putRequest(me: Me, request: SignedRequest): Promise<void>;
  /** Writes the one decision of a request; CONFLICT when someone decided first. */
  putDecision(item: LedgerItem, decision: SignedDecision): Promise<void>;
  /** Writes an end record: `requester` (cancelled, given-back) or `approver` (revoked). */
  putEnd(item: LedgerItem, end: SignedEnd, side: 'requester' | 'approver'): Promise<void>;

  /**
   * What the backend itself proves about who made a request (Vault: the path it is filed under, the
   * entity's alias names); a reason the claim does not hold, or null. Doppler proves nothing here: there
   * the signature and the approver's device pin carry it.
   */
  confirmRequester(request: RequestFacts, filedUnder: string | null): Promise<string | null>;

  /**
   * Checks a request can be filed and granted at all, before anyone waits on it (Vault needs a grantPolicy, AWS
   * a readRole; Infisical keeps the reason in a note of at most 255 characters).
   */
  checkGrantable(env: ProfileEnvironment, request: { reason: string; durationSeconds: number }): void;
  /** Creates the credential that ends by itself at `seconds` from now (or sooner: see IssuedGrant), at the server. */
  issueGrant(env: EnvLocator & { grantPolicy?: string; readRole?: string }, request: RequestFacts, seconds: number): Promise<IssuedGrant>;
  /**
   * Turns opened material into the credential reads use, checking it is what was asked for (Vault: look
   * up the wrapping token's creation path, then unwrap once; Doppler: the token's config is the ref's).
   */
  receiveGrant(material: string, envelope: GrantEnvelope, expect: { ref: string; requestId: string; grantExpiresAt: string | null }): Promise<ReceivedGrant>;
  /** Approver: ends the grant at the backend now. Already gone is not an error. */
  revokeGrant(envelope: GrantEnvelope, request: RequestFacts): Promise<void>;
  /** Requester: ends the grant with the credential itself ('' for a privilege on the own session). Already gone is not an error. */
  giveBack(credential: string, envelope: GrantEnvelope, request: RequestFacts): Promise<void>;

  /**
   * What the request flow needs on this backend, applied idempotently (`dryRun`: only reported).
   * `environments`: the profile's environments on this backend (Infisical makes a policy per environment).
   */
  setup(options: { dryRun: boolean; grantPolicies: string[]; readRoles: string[]; environments: ProfileEnvironment[]; access: AccessSettings }): Promise<SetupChange[]>;
}
