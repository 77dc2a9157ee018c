// The syslog sink: RFC 5424 over TCP (octet counting), TLS (certificate verified by default) or UDP, with
// CEF (default) or a JSON alert format as the message.
import { defineSink } from '../sink.js';
import { syslogSchema } from './config.js';
import { SyslogTransport } from './deliver.js';

export const syslogSink = defineSink({
  type: 'syslog',
  schemes: ['syslog+tcp', 'syslog+tls', 'syslog+udp'],
  schema: syslogSchema,
  create: (config, deps) => new SyslogTransport(config, deps.logger),
});
