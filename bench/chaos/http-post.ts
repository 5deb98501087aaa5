import http from 'node:http';

/**
 * One POST, answered as a label the tally counts: the status ("200", "503"; a 503 without Retry-After
 * is "503 no Retry-After", a broken contract) or, when no answer came, the socket error's code
 * ("ECONNREFUSED", "ECONNRESET", "ECONNRESET (reused socket)") or "timeout". The response body is drained so the connection is reused.
 */
export function postOnce({ url, body, headers, agent, timeoutMs }: {
  url: URL;
  body: Buffer;
  headers: Record<string, string>;
  agent: http.Agent;
  timeoutMs: number;
}): Promise<string> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (label: string) => {
      if (settled) return;
      settled = true;
      resolve(label);
    };
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const status = res.statusCode ?? 0;
      const label = status === 503 && res.headers['retry-after'] === undefined ? '503 no Retry-After' : String(status);
      res.resume();
      res.once('end', () => settle(label));
      res.once('error', (err: NodeJS.ErrnoException) => settle(err.code ?? 'response error'));
    });
    req.setTimeout(timeoutMs, () => {
      settle('timeout');
      req.destroy();
    });
    // A reset on a kept-alive socket may be the server closing it as idle just as the request went out (a race
    // of keep-alive itself), rather than a request it had begun: the label keeps the two apart.
    req.once('error', (err: NodeJS.ErrnoException) => settle(err.code === 'ECONNRESET' && req.reusedSocket ? 'ECONNRESET (reused socket)' : err.code ?? err.message));
    req.end(body);
  });
}
