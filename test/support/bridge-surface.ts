/**
 * The bridge the window gets (`window.latchkey`), written out by hand: each contract channel with the
 * function that calls it, and the events main may push. The preload, browser and Electron tests compare
 * what the page really sees with THIS list, never with the contract the bridge is built from — so adding,
 * removing or renaming a channel fails them until it is added here as well, and every change to what the
 * untrusted renderer can call shows up as a reviewed line in this file.
 */
export const BRIDGE_CHANNELS: Readonly<Record<string, string>> = {
  'app:info': 'appInfo',
  'identity:status': 'identityStatus',
  'backends:list': 'backendsList',
  'profile:show': 'profileShow',
  'catalog:list': 'catalogList',
  'secrets:describe': 'secretsDescribe',
  'secrets:reveal': 'secretsReveal',
  'exports:list': 'exportsList',
  'exports:create': 'exportsCreate',
  'exports:revoke': 'exportsRevoke',
  'cache:clear': 'cacheClear',
  'backends:add': 'backendsAdd',
  'backends:remove': 'backendsRemove',
  'backends:signIn': 'backendsSignIn',
  'backends:signOut': 'backendsSignOut',
  'profile:import': 'profileImport',
  'access:request': 'accessRequest',
  'access:requestForm': 'accessRequestForm',
  'access:list': 'accessList',
  'access:approve': 'accessApprove',
  'access:deny': 'accessDeny',
  'access:cancel': 'accessCancel',
  'access:giveBack': 'accessGiveBack',
  'access:revokeGrant': 'accessRevokeGrant',
  'exports:extend': 'exportsExtend',
  'exports:limits': 'exportsLimits',
  'exports:ignorePath': 'exportsIgnorePath',
  'exports:showInFolder': 'exportsShowInFolder',
  'dialog:saveExportPath': 'dialogSaveExportPath',
  'app:capabilities': 'appCapabilities',
  'secrets:copy': 'secretsCopy',
  'clipboard:copyRunCommand': 'clipboardCopyRunCommand',
  'audit:list': 'auditList',
  'audit:verify': 'auditVerify',
  'backends:status': 'backendsStatus',
  'onboarding:checklist': 'onboardingChecklist',
  'onboarding:chooseRole': 'onboardingChooseRole',
  'dialog:openProfile': 'dialogOpenProfile',
  'cli:status': 'cliStatus',
  'cli:install': 'cliInstall',
};

/** Events main pushes to the window (the only names `latchkey.on()` accepts). */
export const BRIDGE_EVENTS: readonly string[] = ['exports:expired', 'access:changed', 'access:notification', 'access:open'];

/** Every key of `window.latchkey`, sorted: one function per channel plus `on`. */
export const BRIDGE_KEYS: readonly string[] = [...Object.values(BRIDGE_CHANNELS), 'on'].sort();
