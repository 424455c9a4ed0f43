import WebSocket from 'ws';
import {
  decodeEvent,
  ECHO_METHOD,
  ECHO_PATH,
  EVENT_PREFIX,
  SYS_PERFORM_ACTION,
  SYS_PERFORM_ACTION_BACK,
  SYS_READY,
  type PerformActionBack,
} from '../lib/wireFrames.js';
import { bodyJsonCache, hasBytesAt, readUint } from './answerScan.js';
import { handshakeTimer, type AnswerCallback, type IBenchClient, type IConnectOptions } from './client.js';

/** Frames that start like this are RPC answers; everything else after sysReady is a broadcast. */
const ANSWER_START = Buffer.from(`${EVENT_PREFIX}["${SYS_PERFORM_ACTION_BACK}"`);
/** How a-socket writes an answer: `i` first, then `c` (0 for success). */
const ANSWER_ID = Buffer.from(`${EVENT_PREFIX}["${SYS_PERFORM_ACTION_BACK}",{"i":`);
const ANSWER_CODE = Buffer.from(',"c":');
/** A call frame as `encodeEvent` writes it, around its id and its body's JSON. */
const CALL_HEAD = `${EVENT_PREFIX}["${SYS_PERFORM_ACTION}",{"i":`;
const CALL_MIDDLE = `,"m":${JSON.stringify(ECHO_METHOD)},"p":${JSON.stringify(ECHO_PATH)},"b":`;
const CALL_TAIL = '}]';

/** The id and code of an answer read from its bytes, or undefined when it is not written as expected. */
function scanAnswer(data: Buffer): { id: number; code: number } | undefined {
  if (!hasBytesAt(data, ANSWER_ID, 0)) return undefined;
  const id = readUint(data, ANSWER_ID.length);
  if (id.value < 0 || !hasBytesAt(data, ANSWER_CODE, id.end)) return undefined;
  const code = readUint(data, id.end + ANSWER_CODE.length).value;
  return code < 0 ? undefined : { id: id.value, code };
}

/**
 * The a-socket wire protocol as Vona's client speaks it: the handshake is complete when `_a`
 * (sysReady) arrives, RPC is `_b` to `POST /api/echo` answered by `_c` (read for its id and code; a failure is
 * decoded whole, for its message).
 */
export function connectWire(url: string, options: IConnectOptions): Promise<IBenchClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const pending = new Map<number, AnswerCallback>();
    let nextId = 0;
    let ready = false;
    let onEvent = () => {};
    let closing = false;
    const bodyJson = bodyJsonCache();

    const client: IBenchClient = {
      call(body, onAnswer) {
        const id = ++nextId;
        pending.set(id, onAnswer);
        ws.send(CALL_HEAD + id + CALL_MIDDLE + bodyJson(body) + CALL_TAIL);
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
      if (!ready) {
        const event = decodeEvent(String(data));
        if (event?.[0] !== SYS_READY) {
          done();
          ws.terminate();
          reject(new Error(`expected sysReady (_a) as the first frame, got ${String(data).slice(0, 80)}`));
          return;
        }
        ready = true;
        done();
        resolve(client);
        return;
      }
      if (data.length < ANSWER_START.length || ANSWER_START.compare(data, 0, ANSWER_START.length) !== 0) {
        return onEvent();
      }
      const scanned = scanAnswer(data);
      if (scanned !== undefined && scanned.code === 0) {
        const onAnswer = pending.get(scanned.id);
        pending.delete(scanned.id);
        return onAnswer?.();
      }
      const answer = decodeEvent(String(data))?.[1] as PerformActionBack;
      const onAnswer = pending.get(answer.i);
      pending.delete(answer.i);
      onAnswer?.(answer.c === 0 ? undefined : `_c answered c=${answer.c}: ${'m' in answer ? answer.m : ''}`);
    });
    ws.on('error', error => {
      done();
      reject(error);
    });
    ws.once('close', code => {
      done();
      if (!ready) reject(new Error(`closed with ${code} before sysReady`));
      else if (!closing) options.onLost(`ws closed with ${code}`);
      for (const onAnswer of pending.values()) onAnswer(`connection closed with ${code}`);
    });
  });
}
