// `kafka:<topic>?format=ecs`: alerts re-encoded onto a topic of Vigil's own bus (the same Kafka cluster, or
// the in-process bus). The schema below is the documentation of every parameter; unknown ones are rejected.
import { z } from 'zod';
import { ALERT_FORMATS, type AlertFormat } from '../formats/index.js';
import { deliveryParams, deliverySettings, type DeliverySettings } from '../kit/delivery-params.js';
import { formatParam } from '../kit/params.js';
import type { ConfigContext } from '../sink.js';

export function kafkaParams(_ctx?: ConfigContext) {
  return z.strictObject({
    format: formatParam(ALERT_FORMATS).prefault('ecs'),
    ...deliveryParams({ batchSize: 500 }),
  });
}

export interface KafkaConfig {
  name: string;
  delivery: DeliverySettings;
  topic: string;
  format: AlertFormat;
  noop?: string;
}

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export function kafkaSchema(ctx: ConfigContext): z.ZodType<KafkaConfig> {
  return z
    .object({
      host: z.literal('', { error: 'write kafka:<topic> (the sink uses Vigil’s own Kafka connection, VIGIL_KAFKA_BROKERS)' }),
      path: z.string().regex(TOPIC, 'expected a topic name: kafka:<topic>, 1–249 of a-z A-Z 0-9 . _ -'),
      params: kafkaParams(ctx),
    })
    .superRefine((u, c) => {
      if (u.path === ctx.alertsTopic && u.params.format !== 'ecs')
        c.addIssue({
          code: 'custom',
          path: ['format'],
          message: `${ctx.alertsTopic} is the topic the sinks read: it carries ecs only; write ${u.params.format} to another topic`,
        });
    })
    .transform((u) => ({
      ...deliverySettings('kafka', u.params),
      topic: u.path,
      format: u.params.format,
      ...(u.path === ctx.alertsTopic ? { noop: `the correlator already writes ECS alerts to ${ctx.alertsTopic}` } : {}),
    }));
}
