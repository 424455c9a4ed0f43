import WebSocket from 'ws';
import { bodyJsonCache, hasBytesAt, readUint } from './answerScan.js';
import { handshakeTimer, type AnswerCallback, type IBenchClient, type IConnectOptions } from './client.js';

/** `{` opens an RPC answer; broadcast frames are JSON arrays and are only counted. */
const OPEN_BRACE = 0x7b;
/** How the echo server writes an answer: the call's object back, `i` first. */
const ANSWER_HEAD = Buffer.from('{"i":');

/** The ws-raw / ws-corked client: `{"i":<id>,"b":<body>}` out, the same object back (read for its id only). */
export function connectWsJson(url: string, options: IConnectOptions): Promise<IBenchClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const pending = new Map<number, AnswerCallback>();
    let nextId = 0;
    let onEvent = () => {};
    let closing = false;
    const bodyJson = bodyJsonCache();

    const client: IBenchClient = {
      call(body, onAnswer) {
        const id = ++nextId;
        pending.set(id, onAnswer);
        ws.send(`{"i":${id},"b":${bodyJson(body)}}`);
      },
      setEventListener(listener) {
        onEvent = listener;
      },
      close() {
        closing = true;
        ws.terminate();
      },
    };

    const done = handshakeTimer(options.timeoutMs, url, () => ws.terminate(), reject);
    ws.on('message', (data: Buffer) => {
      if (data[0] !== OPEN_BRACE) return onEvent();
      const scanned = hasBytesAt(data, ANSWER_HEAD, 0) ? readUint(data, ANSWER_HEAD.length).value : -1;
      const id = scanned >= 0 ? scanned : (JSON.parse(String(data)) as { i: number }).i;
      const onAnswer = pending.get(id);
      pending.delete(id);
      onAnswer?.();
    });
    ws.once('open', () => {
      done();
      resolve(client);
    });
    ws.on('error', error => {
      done();
      reject(error);
    });
    ws.once('close', code => {
      done();
      if (!closing) options.onLost(`ws closed with ${code}`);
      for (const onAnswer of pending.values()) onAnswer(`connection closed with ${code}`);
    });
  });
}
