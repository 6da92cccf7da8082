import { describe, expect, it } from 'vitest';
import { checkApprover, checkNotSelf, checkReason, grantDuration, requestDuration, requestLimits } from '../../../electron/access/rules';
import { AccessSettings, ProfileEnvironment } from '../../../shared/profile';

const env = (over: object = {}) => ProfileEnvironment.parse({ ref: 'acme:payments/staging', approvers: ['lead'], maxTtl: '8h', ...over });
const settings = (over: object = {}) => AccessSettings.parse(over);
const me = (name: string, id = `id-${name}`) => ({ id, name, names: [name] });

describe('access request rules', () => {
  it('caps a duration at the environment maxTtl, or 24h without one; never zero', () => {
    expect(requestDuration('r', env(), '8h')).toBe(8 * 3600);
    expect(() => requestDuration('r', env(), '9h')).toThrow(/the max is 8h/);
    expect(() => requestDuration('r', env({ maxTtl: undefined }), '2d')).toThrow(/the max is 24h/);
    expect(() => requestDuration('r', env(), '0h')).toThrow(/longer than zero/);
    expect(() => requestDuration('r', env(), 'forever')).toThrow(/not a duration/);
    expect(requestDuration('r', env({ defaultTtl: '2h' }), undefined)).toBe(7200);
    expect(requestDuration('r', env({ maxTtl: '30m' }), undefined)).toBe(1800);
  });

  it('offers the durations a request may have: the default within the max, and the max', () => {
    expect(requestLimits(env())).toEqual({ defaultText: '1h', maxText: '8h', maxFromProfile: true });
    expect(requestLimits(env({ maxTtl: undefined, defaultTtl: '2h' }))).toEqual({ defaultText: '2h', maxText: '24h', maxFromProfile: false });
    expect(requestLimits(env({ maxTtl: '30m' }))).toEqual({ defaultText: '30m', maxText: '30m', maxFromProfile: true });
  });

  it('needs a reason of the minimum length (profile, then environment)', () => {
    expect(() => checkReason('r', env(), settings(), 'too short')).toThrow(/at least 10 characters/);
    expect(checkReason('r', env(), settings(), '  INC-1: long enough  ')).toBe('INC-1: long enough');
    expect(() => checkReason('r', env({ reasonMinLength: 30 }), settings(), 'INC-1: long enough')).toThrow(/at least 30/);
    expect(() => checkReason('r', env(), settings({ reasonMinLength: 0 }), '   ')).toThrow(/at least 1/);
  });

  it('lets an approver shorten a grant, never lengthen it', () => {
    expect(grantDuration(3600, undefined)).toBe(3600);
    expect(grantDuration(3600, '20m')).toBe(1200);
    expect(() => grantDuration(3600, '2h')).toThrow(/never lengthen/);
  });

  it('only the named approvers decide, and not on their own requests unless allowed', () => {
    expect(() => checkApprover('r', env(), me('lead'))).not.toThrow();
    expect(() => checkApprover('r', env(), { id: 'x', name: 'Lead Person', names: ['LEAD'] })).not.toThrow();
    expect(() => checkApprover('r', env(), me('mallory'))).toThrow(/only its approvers/);
    expect(() => checkNotSelf('r', settings(), me('lead'), { id: 'id-lead', name: 'lead' })).toThrow(/allowSelfApproval is off/);
    expect(() => checkNotSelf('r', settings(), me('lead'), { id: 'other-id', name: 'lead' })).toThrow(/allowSelfApproval/);
    expect(() => checkNotSelf('r', settings({ allowSelfApproval: true }), me('lead'), { id: 'id-lead', name: 'lead' })).not.toThrow();
    expect(() => checkNotSelf('r', settings(), me('lead'), { id: 'id-alice', name: 'alice' })).not.toThrow();
  });
});
