// A Pixie stand-in on loopback: checks the MD5 signature against its account table, answers
// Pixie's XML (ISO-8859-1, code 0 with a cost on success, code + description otherwise), and runs
// scripted faults: a bad signature, a refused sender, 5xx, and a dropped answer after the message
// was taken.
import { answer, startFakeHttps } from '../testing/server.ts';
import { pixieSignature } from './encoder.ts';

export type PixieFault =
  { code: number; description: string } | { status: 500 | 503 } | { drop: 'after-accept' };

export interface PixieFakeMessage {
  receivers: string[];
  sender: string;
  message: string;
}

export interface PixieFake {
  url: string;
  ca: string;
  readonly sent: readonly PixieFakeMessage[];
  script(...faults: PixieFault[]): void;
  close(): Promise<void>;
}

function xml(attrs: string, inner = ''): string {
  return `<?xml version="1.0" encoding = "ISO-8859-1" ?><response ${attrs}>${inner}</response>`;
}

export async function startPixieFake(opts: { account: string; password: string }): Promise<PixieFake> {
  const sent: PixieFakeMessage[] = [];
  const faults: PixieFault[] = [];
  const latin1 = (res: Parameters<typeof answer>[0], body: string) => {
    const bytes = Buffer.from(body, 'latin1');
    res.writeHead(200, {
      'content-type': 'text/xml; charset=ISO-8859-1',
      'content-length': String(bytes.length),
    });
    res.end(bytes);
  };
  const server = await startFakeHttps((req, body, res) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    if (url.pathname !== '/sendsms') return answer(res, 404, 'Not Found');
    const f = new URLSearchParams(req.method === 'POST' ? body : url.search);
    const account = f.get('account') ?? '';
    const receivers = f.get('receivers') ?? '';
    const message = f.get('message') ?? '';
    const sender = f.get('sender') ?? '';
    if (
      account !== opts.account ||
      f.get('signature') !== pixieSignature(account, receivers, message, opts.password)
    )
      return latin1(res, xml('code="401" description="Felaktigt konto eller signatur"'));
    const fault = faults.shift();
    if (fault && 'status' in fault) return answer(res, fault.status, 'Server Error');
    if (fault && 'code' in fault)
      return latin1(res, xml(`code="${fault.code}" description="${fault.description}"`));
    if (!/^[A-Za-z0-9 ._-]{1,11}$|^\+?\d{3,15}$/.test(sender))
      return latin1(res, xml('code="402" description="För långt avsändarnamn"'));
    if (!/^\d{8,15}(,\d{8,15})*$/.test(receivers) || message.length === 0)
      return latin1(res, xml('code="410" description="Ogiltig mottagare"'));
    sent.push({ receivers: receivers.split(','), sender, message });
    if (fault && 'drop' in fault) return res.socket?.destroy();
    return latin1(res, xml('code="0"', `<cost>${50 * receivers.split(',').length}</cost>`));
  });
  return {
    url: `${server.url}/sendsms`,
    ca: server.ca,
    sent,
    script: (...f) => faults.push(...f),
    close: server.close,
  };
}
