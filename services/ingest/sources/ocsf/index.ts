// OCSF source: `vigil.raw.ocsf` records (one event, an array, or NDJSON) → auth, detection and device
// compliance signals. Settings: `sources.ocsf` (OcsfSettingsSchema).
import { TOPICS } from '@vigil/schemas';
import { handleJsonRecord, isRecord, settingsReader, zodReason } from '../../kit/index.js';
import { problemResult, type Source } from '../../source.js';
import { normalizeOcsfEvent } from './normalize.js';
import { BaseEventSchema, OcsfSettingsSchema } from './parse.js';

export { OcsfSettingsSchema, type OcsfSettings } from './parse.js';

const readSettings = settingsReader(OcsfSettingsSchema, 'ocsf');

export const ocsfSource: Source = {
  name: 'ocsf',
  signalSource: 'ocsf',
  topic: TOPICS.rawOcsf,
  settingsSchema: OcsfSettingsSchema,
  handle(record, ctx) {
    const settings = readSettings(ctx.settings);
    if (!settings.ok) return problemResult('VIGIL_ERR_CONFIG', settings.reason);
    return handleJsonRecord(record, (value) => {
      if (!isRecord(value)) return [{ code: 'VIGIL_ERR_UNSUPPORTED', error: 'not an OCSF event: expected a JSON object' }];
      const parsed = BaseEventSchema.safeParse(value);
      if (!parsed.success) return [{ error: `not an OCSF event: ${zodReason(parsed.error)}` }];
      return [normalizeOcsfEvent(parsed.data, value, ctx.aliases, settings.settings)];
    });
  },
};
