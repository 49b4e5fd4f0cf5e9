// One EWS call: a SOAP POST signed in the way the admin chose. Basic sends the account with
// every request (TLS only); a bearer token likewise; NTLM authenticates the connection in a
// three-message handshake (negotiate, challenge, authenticate), so it holds one keep-alive
// connection for the handshake and the request, then closes it.
//
// NTLM messages come from `httpntlm`'s `ntlm.js` (maintained, NTLMv2 when the server offers target
// info, MD4 in JavaScript where OpenSSL 3 has none); the HTTP is ours, so the configured CA and
// the before/after-send distinction apply as to every adapter. node-ews is not used: it has had
// no release since 2022, sits on the deprecated `request` and an old `soap`, and needs an NTLM
// package it does not declare.
import https from 'node:https';
import httpntlm from 'httpntlm';
import { httpsRequest, type HttpAnswer } from '../http/request.ts';

export type EwsAuth =
  | { type: 'basic'; user: string; password: string }
  | { type: 'ntlm'; user: string; domain?: string; password: string; workstation?: string }
  | { type: 'bearer'; token: () => Promise<string> };

export interface EwsCall {
  url: string;
  auth: EwsAuth;
  body: string;
  ca?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const soapHeaders = { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml' };

function headerValue(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export async function ewsPost(call: EwsCall): Promise<HttpAnswer> {
  const base = {
    url: call.url,
    method: 'POST' as const,
    timeoutMs: call.timeoutMs,
    maxBytes: 8 * 1024 * 1024,
    ...(call.ca ? { ca: call.ca } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
  };
  const { auth } = call;
  if (auth.type === 'basic') {
    const basic = Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64');
    return httpsRequest({
      ...base,
      headers: { ...soapHeaders, authorization: `Basic ${basic}` },
      body: call.body,
    });
  }
  if (auth.type === 'bearer') {
    const token = await auth.token();
    return httpsRequest({
      ...base,
      headers: { ...soapHeaders, authorization: `Bearer ${token}` },
      body: call.body,
    });
  }
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const options = {
      username: auth.user,
      password: auth.password,
      domain: auth.domain ?? '',
      workstation: auth.workstation ?? '',
    };
    const negotiate = await httpsRequest({
      ...base,
      agent,
      headers: {
        ...soapHeaders,
        authorization: httpntlm.ntlm.createType1Message(options),
        'content-length': '0',
      },
      body: '',
    });
    if (!negotiate.ok || negotiate.status !== 401) return negotiate;
    const challenge = headerValue(negotiate.headers['www-authenticate']).find((h) => /^NTLM \S+/.test(h));
    if (!challenge) return negotiate;
    const type2 = httpntlm.ntlm.parseType2Message(challenge, () => undefined);
    if (!type2) return negotiate;
    return await httpsRequest({
      ...base,
      agent,
      headers: { ...soapHeaders, authorization: httpntlm.ntlm.createType3Message(type2, options) },
      body: call.body,
    });
  } finally {
    agent.destroy();
  }
}
