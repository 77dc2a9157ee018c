// @vigil/core: errors, config loading, retry and durations shared by every service.
export { ERROR_CATALOGUE, VigilError, ConfigError, configProblems, isRetriable, toVigilError, httpStatusOf, type ErrorCode, type ErrorSpec } from './errors.js';
export { retry, backoffDelayMs, sleep, DEFAULT_RETRY, type RetryOptions } from './retry.js';
export { parseDurationMs, formatDurationMs } from './duration.js';
export { parseConfig, readConfigFile, envOverlay, describeIssues } from './config.js';
export { stableId } from './ids.js';
export { seededRandom } from './random.js';
export { parseRedisUrl, redactRedisUrl, type RedisTarget, type RedisClusterTarget } from './redis-url.js';
export { SettingsSchema, SETTINGS_ENV, loadSettings, type Settings } from './settings.js';
