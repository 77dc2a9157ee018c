// OCSF source: `vigil.raw.ocsf` records (one event, an array, or NDJSON) → auth, detection and device
// compliance signals. Settings: `sources.ocsf` (OcsfSettingsSchema).
import { TOPICS } from '@vigil/schemas';
import { handleJsonRecord, isRecord, zodReason } from '../../kit/index.js';
import { type Source } from '../../source.js';
import { normalizeOcsfEvent } from './normalize.js';
import { BaseEventSchema, OcsfSettingsSchema, type OcsfSettings } from './parse.js';

export { OcsfSettingsSchema, type OcsfSettings } from './parse.js';

export const ocsfSource: Source = {
  name: 'ocsf',
  signalSource: 'ocsf',
  topic: TOPICS.rawOcsf,
  settingsSchema: OcsfSettingsSchema,
  handle(record, ctx) {
    // Validated by processRecord against settingsSchema (and at start).
    const settings = ctx.settings as OcsfSettings;
    return handleJsonRecord(record, (value) => {
      if (!isRecord(value)) return [{ code: 'VIGIL_ERR_UNSUPPORTED', error: 'not an OCSF event: expected a JSON object' }];
      const parsed = BaseEventSchema.safeParse(value);
      if (!parsed.success) return [{ error: `not an OCSF event: ${zodReason(parsed.error)}` }];
      return [normalizeOcsfEvent(parsed.data, value, ctx.aliases, settings)];
    });
  },
};
