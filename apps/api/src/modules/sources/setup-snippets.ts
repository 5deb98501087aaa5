/**
 * Copy-paste configuration for every way of sending to a webhook source, with the real URLs filled in
 * (teleport-wire.md §9). The token is filled in when known (at creation and rotation); otherwise a
 * placeholder marks where the token saved at that moment goes.
 */
export const TOKEN_PLACEHOLDER = '<WEBHOOK_TOKEN>';

export type SetupSnippets = {
  webhookUrl: string;
  sessionUrl: string;
  eventHandlerToml: string;
  fluentdConf: string;
  fluentBitConf: string;
  vectorToml: string;
  curl: string;
};

export function webhookSetupSnippets({ publicUrl, token }: { publicUrl: string; token: string | null }): SetupSnippets {
  const secret = token ?? TOKEN_PLACEHOLDER;
  const base = `${publicUrl}/v1/ingest/teleport`;
  const url = `${base}/${secret}`;
  const { hostname, port, protocol, pathname } = new URL(publicUrl);
  const tls = protocol === 'https:';
  const effectivePort = port || (tls ? '443' : '80');
  const basePath = `${pathname.replace(/\/$/, '')}/v1/ingest/teleport/${secret}`;

  const eventHandlerToml = `# teleport-event-handler.toml: send straight to this service, no Fluentd needed.
# A public-CA HTTPS endpoint needs no ca/cert/key (Event Handler builds after teleport-plugins PR #948).
storage = "./storage"
timeout = "10s"
batch = 20

[forward.fluentd]
url = "${url}/events.log"
# The handler appends ".<session-id>.log" to session-url: keep the "/session" segment after the token.
session-url = "${url}/session"

[teleport]
addr = "teleport.example.com:443"   # your Teleport proxy
identity = "identity"
refresh.enabled = true
`;

  const fluentdConf = `# fluent.conf: Event Handler -> Fluentd -> this service.
# The handler keeps its generated settings (url = "https://localhost:8888/events.log",
# session-url = "https://localhost:8888/session", ca/cert/key).
<source>
  @type http
  port 8888
  <transport tls>
    client_cert_auth true
    ca_path "ca.crt"
    cert_path "server.crt"
    private_key_path "server.key"
    private_key_passphrase "<from the generated fluent.conf>"
  </transport>
  <parse>
    @type json
    json_parser oj
    time_type string
    time_format %Y-%m-%dT%H:%M:%S
    keep_time_key true                    # without it Fluentd drops Teleport's "time" field
  </parse>
</source>

<match events.log test.log session.*.log>
  @type http
  endpoint ${url}/\${tag}
  compress gzip                           # fluentd >= 1.17.1
  retryable_response_codes [429, 500, 502, 503, 504]
  read_timeout 60
  <format>
    @type json                            # NDJSON
  </format>
  <buffer tag>
    @type file
    path buffer/teleport-out
    chunk_limit_size 8m                   # file buffers default to 256 MB chunks; the service takes 16 MB
    flush_interval 5s
    retry_max_interval 60s
    retry_forever true
  </buffer>
</match>
`;

  const fluentBitConf = `# fluent-bit.conf: Event Handler -> Fluent Bit -> this service.
# The handler uses url = "https://localhost:8888/events.log", session-url = "https://localhost:8888/session".
[INPUT]
    Name                     http
    Listen                   127.0.0.1
    Port                     8888
    Successful_Response_Code 200          # the default 201 makes the Event Handler retry and duplicate
    tls                      On
    tls.crt_file             server.crt
    tls.key_file             server.key

[OUTPUT]
    Name           http
    Match          *
    Host           ${hostname}
    Port           ${effectivePort}
    URI            ${basePath}
    tls            ${tls ? 'On' : 'Off'}
    tls.verify     ${tls ? 'On' : 'Off'}
    Format         json_lines
    Json_Date_Key  false
    Compress       gzip
    Retry_Limit    no_limits
`;

  const vectorToml = `# vector.toml: Event Handler -> Vector -> this service.
[sources.teleport]
type = "http_server"
address = "127.0.0.1:8888"
path = "/"
strict_path = false            # accept /events.log and /session.<sid>.log
decoding.codec = "json"
log_namespace = true           # keep path/source_type/timestamp out of the event body

[sinks.teleport_audit_ingest]
type = "http"
inputs = ["teleport"]
uri = "${base}"
auth.strategy = "bearer"
auth.token = "${secret}"
encoding.codec = "json"
compression = "gzip"
batch.max_bytes = 5000000
request.timeout_secs = 30
`;

  // A test a new user can paste as it is: one real-shaped event, stamped now, and the answer's counts printed
  // (?verbose=1), so it is plain whether it was stored.
  const curl = `curl -sS -X POST '${url}?verbose=1' -H 'Content-Type: application/json' \\
  -d '{"event":"user.login","code":"T1000I","success":true,"user":"curl-test","method":"local","cluster_name":"test","time":"'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'"}'

# Then a file of events, one JSON object per line:
# curl -sS -X POST '${url}?verbose=1' -H 'Content-Type: application/x-ndjson' --data-binary @events.ndjson`;

  return { webhookUrl: url, sessionUrl: `${url}/session`, eventHandlerToml, fluentdConf, fluentBitConf, vectorToml, curl };
}
