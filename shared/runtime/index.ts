// @vigil/runtime: the bus, store, logger, metrics and signing key a Vigil process shares between services.
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { resolveTopics, type Topics } from './topics.js';
export { checkSettings, type SettingsCheck } from './check-settings.js';
export { envContext, type PrepareContext } from './prepare.js';
export { runStandalone, isEntryPoint, describeFailure, untilSignal, type Started } from './standalone.js';
