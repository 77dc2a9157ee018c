// Per-sink delivery metrics, labelled by sink name: sent, retried, failed (dead-lettered), unreadable
// records skipped, and the latency of each attempt at the SIEM.
import { counter, histogram, type Counter, type Histogram, type Registry } from '@vigil/telemetry';

export interface SinkMetrics {
  sent: Counter<'sink'>;
  retried: Counter<'sink'>;
  failed: Counter<'sink'>;
  unreadable: Counter<'sink'>;
  latency: Histogram<'sink'>;
}

export function sinkMetrics(registry: Registry): SinkMetrics {
  return {
    sent: counter(registry, 'vigil_output_sent_total', 'Alerts the sink delivered', ['sink']),
    retried: counter(registry, 'vigil_output_retried_total', 'Alert deliveries retried (one per alert per retry)', ['sink']),
    failed: counter(registry, 'vigil_output_failed_total', 'Alerts dead-lettered: rejected, or retries exhausted', ['sink']),
    unreadable: counter(registry, 'vigil_output_unreadable_total', 'Records on the alerts topic that are not a Vigil alert', ['sink']),
    latency: histogram(
      registry,
      'vigil_output_delivery_seconds',
      'Time of one delivery attempt (one request or write)',
      ['sink'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    ),
  };
}
