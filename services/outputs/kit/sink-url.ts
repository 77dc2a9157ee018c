// Sink URLs as written in VIGIL_OUTPUTS (`splunk-hec://hec.example:8088?token_env=HEC_TOKEN`), split into
// the parts every sink schema reads. Credentials never ride in the URL: they come from `*_env` variables.

export interface SinkUrl {
  /** As written, for messages and logs (it holds no secrets, see parseSinkUrl). */
  text: string;
  /** The part before `+` and `:`, which picks the sink: `syslog` in `syslog+tls://…`. */
  scheme: string;
  /** The part after `+`: `tls` in `syslog+tls://…`; undefined when there is none. */
  transport: string | undefined;
  /** Host name or address without IPv6 brackets; '' when the URL has none (`kafka:vigil.alerts`). */
  host: string;
  port: number | undefined;
  /** Percent-decoded path: `/vigil-alerts` for `//es:9200/vigil-alerts`, `vigil.alerts` for `kafka:vigil.alerts`. */
  path: string;
  params: Record<string, string>;
}

export type SinkUrlResult = { ok: true; url: SinkUrl } | { ok: false; problem: string };

export function parseSinkUrl(text: string): SinkUrlResult {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, problem: 'not a URL (expected e.g. splunk-hec://host:8088?token_env=HEC_TOKEN)' };
  }
  if (u.username || u.password) return { ok: false, problem: 'credentials in the URL are not allowed: name an environment variable with a *_env parameter' };
  if (u.hash) return { ok: false, problem: 'a #fragment has no meaning in a sink URL' };
  const params: Record<string, string> = {};
  for (const [k, v] of u.searchParams) {
    if (Object.hasOwn(params, k)) return { ok: false, problem: `parameter ${k} is given twice` };
    params[k] = v;
  }
  const [scheme = '', transport] = u.protocol.slice(0, -1).split('+', 2);
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, problem: `path ${u.pathname} is not valid percent-encoding` };
  }
  return {
    ok: true,
    url: {
      text,
      scheme: scheme.toLowerCase(),
      transport: transport?.toLowerCase(),
      host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port ? Number(u.port) : undefined,
      path,
      params,
    },
  };
}

/** Splits VIGIL_OUTPUTS on commas (a sink URL holds none: list values are not used in sink parameters). */
export function splitOutputs(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const SECRET_LIKE = /token|secret|passw|pwd|key|auth|cred|sig/i;

/**
 * The URL for an error message, in case someone put a secret where it does not belong: user info hidden,
 * and the value of any parameter whose name looks secret (`token=`, `password=`) replaced; `*_env` names stay.
 */
export function redactSinkUrl(text: string): string {
  return text
    .replace(/^([^:]+:\/\/)[^@/?#]*@/, '$1***@')
    .replace(/([?&])([^=&#]*)=([^&#]*)/g, (m, sep: string, name: string) => (SECRET_LIKE.test(name) && !name.endsWith('_env') ? `${sep}${name}=***` : m));
}
