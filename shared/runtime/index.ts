// @vigil/runtime: the bus, store, logger, metrics and signing key a Vigil process shares between services.
export { createRuntime, type Runtime, type RuntimeOptions, type Topics } from './runtime.js';
export { runStandalone, isEntryPoint, type Started } from './standalone.js';
