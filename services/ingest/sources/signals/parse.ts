// Custom producers' signals are already canonical: SignalSchema (@vigil/schemas) is their vendor schema.
// What is parsed here is the source's own settings.
import { z } from 'zod';

/** `sources.signals` settings. */
export const SignalsSettingsSchema = z.strictObject({
  /**
   * Keep the producer's `source` (any of Vigil's source names). Off: every signal on this topic becomes
   * `custom`, so a producer cannot pass itself off as CrowdStrike or Okta to rules keyed on source.
   */
  trustSource: z.boolean().default(false),
});
export type SignalsSettings = z.infer<typeof SignalsSettingsSchema>;
