// Custom signals source: `vigil.raw.signals` records (one canonical signal or an array) → validated
// signals. Settings: `sources.signals` (SignalsSettingsSchema).
import { TOPICS } from '@vigil/schemas';
import { handleJsonRecord, isRecord, settingsReader } from '../../kit/index.js';
import { problemResult, type Source } from '../../source.js';
import { normalizeProducedSignal } from './normalize.js';
import { SignalsSettingsSchema } from './parse.js';

export { SignalsSettingsSchema, type SignalsSettings } from './parse.js';

const readSettings = settingsReader(SignalsSettingsSchema, 'signals');

export const signalsSource: Source = {
  name: 'signals',
  signalSource: 'custom',
  topic: TOPICS.rawSignals,
  settingsSchema: SignalsSettingsSchema,
  handle(record, ctx) {
    const settings = readSettings(ctx.settings);
    if (!settings.ok) return problemResult('VIGIL_ERR_CONFIG', settings.reason);
    return handleJsonRecord(record, (value) => [
      isRecord(value)
        ? normalizeProducedSignal(value, ctx.aliases, settings.settings)
        : { code: 'VIGIL_ERR_UNSUPPORTED', error: 'not a signal: expected a JSON object' },
    ]);
  },
};
