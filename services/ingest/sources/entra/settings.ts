// `sources.entra` in vigil.yaml: what to do with workload sign-ins and when a risky sign-in also becomes
// an identity.risk signal. Unknown keys are rejected so a typo does not silently keep the default.
import { z } from 'zod';

export const EntraSettingsSchema = z.strictObject({
  /** Service-principal and managed-identity sign-ins: `agent` emits them with the app id as agent subject. */
  workloadSignIns: z.enum(['agent', 'ignore']).default('agent'),
  /** Lowest sign-in risk level that also emits identity.risk; `off` never does. */
  signInRiskSignal: z.enum(['low', 'medium', 'high', 'off']).default('medium'),
});
export type EntraSettings = z.output<typeof EntraSettingsSchema>;
