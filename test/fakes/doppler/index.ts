// Loopback Doppler API simulator for tests: see server.ts (API), sample.ts (seeded team), context.ts (UNVERIFIED choices).
export { startDopplerSimulator, DEFAULT_BEHAVIOUR, type DopplerSimulator, type DopplerSimulatorOptions, type SimRequest } from './server';
export { sampleTeam, SAMPLE_TOKENS } from './sample';
export { fakeToken, type DopplerSeed, type SimState } from './model';
export { makeThrowawayCa } from './tls';
