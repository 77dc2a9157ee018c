// Custom signals source: `vigil.raw.signals` records (one canonical signal or an array) → validated
// signals. Settings: `sources.signals` (SignalsSettingsSchema).
import { TOPICS } from '@vigil/schemas';
import { handleJsonRecord, isRecord } from '../../kit/index.js';
import { type Source } from '../../source.js';
import { normalizeProducedSignal } from './normalize.js';
import { SignalsSettingsSchema, type SignalsSettings } from './parse.js';

export { SignalsSettingsSchema, type SignalsSettings } from './parse.js';

export const signalsSource: Source = {
  name: 'signals',
  signalSource: 'custom',
  topic: TOPICS.rawSignals,
  settingsSchema: SignalsSettingsSchema,
  handle(record, ctx) {
    // Validated by processRecord against settingsSchema (and at start).
    const settings = ctx.settings as SignalsSettings;
    return handleJsonRecord(record, (value) => [
      isRecord(value)
        ? normalizeProducedSignal(value, ctx.aliases, settings)
        : { code: 'VIGIL_ERR_UNSUPPORTED', error: 'not a signal: expected a JSON object' },
    ]);
  },
};
