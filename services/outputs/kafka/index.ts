// The kafka sink: alerts onto a topic in ECS, OCSF, CEF or Alert JSON. `kafka:vigil.alerts?format=ecs` is what
// the correlator already writes, so that sink (the default) does nothing and starts no consumer.
import { defineSink } from '../sink.js';
import { kafkaSchema } from './config.js';
import { KafkaTransport } from './deliver.js';

export const kafkaSink = defineSink({
  type: 'kafka',
  schemes: ['kafka'],
  schema: kafkaSchema,
  create: (config, deps) => new KafkaTransport(deps.bus, config.topic, config.format),
});
