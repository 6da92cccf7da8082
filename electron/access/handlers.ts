import type { Handlers } from '../ipc-dispatch';
import type { AccessService } from './access-service';

type AccessChannel = Extract<keyof Handlers, `access:${string}`>;

/** The `access:*` contract channels: one service call each, through the same dispatch as every channel. */
export function accessHandlers(access: AccessService): Pick<Handlers, AccessChannel> {
  return {
    'access:request': (input) => access.request(input),
    'access:requestForm': (input) => access.requestForm(input.ref),
    'access:list': (input) => access.list(input.box ?? 'all'),
    'access:approve': (input) => access.approve(input),
    'access:deny': (input) => access.deny(input),
    'access:cancel': (input) => access.cancel(input.id),
    'access:giveBack': (input) => access.giveBack(input.id),
    'access:revokeGrant': (input) => access.revokeGrant(input.id),
  };
}
