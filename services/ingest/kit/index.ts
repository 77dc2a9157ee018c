// Helpers every source uses: JSON decoding, lenient time parsing, stable signal ids, zod problems,
// severities, account names, source settings, and the per-record JSON loop.
export { decodeJsonValues, decodeUtf8, maybeJson, splitConcatenated, type JsonDecode } from './json.js';
export { parseTime, epochToIso } from './time.js';
export { signalId } from './signal-id.js';
export { zodReason } from './zod-reason.js';
export { severityFromName, severityFromScore, severityFromLevel, SEVERITY_BY_NAME, FIVE_LEVELS, DEFAULT_DETECTION_SEVERITY } from './severity.js';
export { text, clip, countryOf, fileHash, mitreIds, statusName, compactAttributes, type Attributes, type AttributeValue } from './detection.js';
export { accountName, resolveSubject, type AccountParts } from './identity.js';
export { handleJsonRecord, isRecord, IGNORED, type EventOutcome } from './json-record.js';
export { readSourceSettings, type SettingsRead } from './settings.js';
export { countryCode, knownCountryCodes } from './country.js';
