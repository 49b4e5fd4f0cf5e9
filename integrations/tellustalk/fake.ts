// A TellusTalk stand-in on loopback that keeps its documented behaviour: Basic authentication
// (user name compared in lower case), POST /send/v1 answering {"job_id"}, GET /logs/v2 filtered by
// job_id or to_address, delivery reports that arrive later, and scripted failures — a wrong
// password (401), 429 with Retry-After, 5xx, a malformed body (400), and a connection dropped
// after the message was taken (the unknown-outcome case the queue must never send twice).
import { z } from 'zod';
import { answer, startFakeHttps } from '../testing/server.ts';

export type TellusTalkFault =
  | { status: 401 | 403 | 400 | 500 | 502 | 503; body?: string }
  | { status: 429; retryAfterSeconds: number }
  | { drop: 'after-accept' | 'before-accept' };

export interface FakeLogEntry {
  id: string;
  job_id: string;
  address: string;
  text: string;
  status: '' | 'success' | 'failed' | 'blocked';
  originator: string;
}

export interface TellusTalkFake {
  url: string;
  ca: string;
  /** Every message the fake took, in order. */
  readonly log: readonly FakeLogEntry[];
  /** The next sends get these answers, one each, before normal service resumes. */
  script(...faults: TellusTalkFault[]): void;
  /** The operator's delivery report for a job. */
  report(jobId: string, status: 'success' | 'failed' | 'blocked'): void;
  requests: { send: number; logs: number };
  close(): Promise<void>;
}

const sendBody = z.object({
  to: z.array(z.string().regex(/^sms:\+\d{8,15}$/)).min(1),
  text: z.string().min(1),
  sms_originator_source: z.enum(['text', 'number']).optional(),
  sms_originator_text: z.string().max(11).optional(),
  sms_originator_number: z.string().optional(),
});

export async function startTellusTalkFake(opts: {
  username: string;
  password: string;
  /** Report every message as delivered at once (default: reports stay pending until report()). */
  autoDeliver?: boolean;
  /** Hold each send's answer this long after the message was taken (widens the crash window). */
  answerDelayMs?: number;
}): Promise<TellusTalkFake> {
  const log: FakeLogEntry[] = [];
  const faults: TellusTalkFault[] = [];
  const requests = { send: 0, logs: 0 };
  let nextId = 1000000100;
  const expected = `Basic ${Buffer.from(`${opts.username.toLowerCase()}:${opts.password}`).toString('base64')}`;

  const server = await startFakeHttps((req, body, res) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    if (req.headers.authorization !== expected) return answer(res, 401, 'Unauthorized');
    if (req.method === 'POST' && url.pathname === '/send/v1') {
      requests.send++;
      const fault = faults.shift();
      if (fault && 'drop' in fault && fault.drop === 'before-accept') return res.socket?.destroy();
      if (fault && 'status' in fault) {
        if (fault.status === 429)
          return answer(res, 429, 'Too Many Requests', { 'retry-after': String(fault.retryAfterSeconds) });
        return answer(res, fault.status, fault.body ?? 'Error');
      }
      let parsed: z.infer<typeof sendBody>;
      try {
        parsed = sendBody.parse(JSON.parse(body));
      } catch {
        return answer(res, 400, 'Bad Request: invalid message');
      }
      const jobId = String(nextId++);
      for (const to of parsed.to) {
        log.push({
          id: String(nextId++),
          job_id: jobId,
          address: to,
          text: parsed.text,
          status: opts.autoDeliver ? 'success' : '',
          originator: parsed.sms_originator_text ?? parsed.sms_originator_number ?? '',
        });
      }
      if (fault && 'drop' in fault) return res.socket?.destroy(); // taken, but the answer is lost
      const reply = () =>
        answer(res, 200, JSON.stringify({ job_id: jobId }), { 'content-type': 'application/json' });
      if (opts.answerDelayMs) setTimeout(reply, opts.answerDelayMs);
      else reply();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/logs/v2') {
      requests.logs++;
      const jobId = url.searchParams.get('job_id');
      const to = url.searchParams.get('to_address');
      const rows = log
        .filter((e) => (jobId === null || e.job_id === jobId) && (to === null || e.address === `sms:+${to}`))
        .map(({ id, job_id, address, text, status }) => ({ id, job_id, address, name: '', text, status }));
      return answer(res, 200, JSON.stringify(rows), {
        'content-type': 'application/json',
        'x-total-count': String(rows.length),
      });
    }
    return answer(res, 404, 'Not Found');
  });

  return {
    url: server.url,
    ca: server.ca,
    log,
    requests,
    script: (...f) => faults.push(...f),
    report(jobId, status) {
      for (const e of log) if (e.job_id === jobId) e.status = status;
    },
    close: server.close,
  };
}
