// Helpers every source uses: JSON decoding, lenient time parsing, stable signal ids, zod problems.
export { decodeJsonValues, decodeUtf8, maybeJson, splitConcatenated, type JsonDecode } from './json.js';
export { parseTime, epochToIso } from './time.js';
export { signalId } from './signal-id.js';
export { zodReason } from './zod-reason.js';
