import net from 'node:net';
import { ECHO_PATH } from '../lib/wireFrames.js';
import { handshakeTimer, type AnswerCallback, type IBenchClient, type IConnectOptions } from './client.js';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/**
 * The HTTP keep-alive client of the reference rows: one TCP connection that sends `POST /api/echo` requests
 * pipelined (HTTP/1.1 answers them in order), so a client keeps several calls in flight on one connection as
 * the socket clients do, and the server reads them in batches as it reads socket frames. It writes the
 * request line and headers itself and reads only the status and `content-length` of each answer: far less
 * work than Node's HTTP client, so the generator is not what limits the server.
 */
export function connectHttp(url: string, options: IConnectOptions): Promise<IBenchClient> {
  const { hostname, port, host } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    const waiting: AnswerCallback[] = [];
    let head = 0;
    let received: Buffer = Buffer.alloc(0);
    let closing = false;

    const client: IBenchClient = {
      call(body, onAnswer) {
        const json = JSON.stringify(body);
        waiting.push(onAnswer);
        socket.write(
          `POST ${ECHO_PATH} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\n` +
            `content-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
        );
      },
      setEventListener() {
        // HTTP has no events to push: the reference rows run RPC only.
      },
      close() {
        closing = true;
        socket.destroy();
      },
    };

    /** Answers every complete response in `received`, in order; keeps a partial one for the next read. */
    const answerResponses = () => {
      let offset = 0;
      for (;;) {
        const headerEnd = received.indexOf(HEADER_END, offset);
        if (headerEnd < 0) break;
        const headerText = received.toString('latin1', offset, headerEnd);
        const length = CONTENT_LENGTH.exec(headerText);
        if (length === null) {
          socket.destroy(new Error(`an answer without content-length: ${headerText.split('\r\n')[0]}`));
          return;
        }
        const end = headerEnd + HEADER_END.length + Number(length[1]);
        if (end > received.length) break;
        const status = headerText.slice(9, 12);
        const onAnswer = waiting[head++];
        // Answered callbacks leave the queue in batches, not one shift() each.
        if (head >= 1024) {
          waiting.splice(0, head);
          head = 0;
        }
        offset = end;
        onAnswer?.(status === '200' ? undefined : `HTTP ${headerText.split('\r\n')[0]}`);
      }
      received = offset === received.length ? Buffer.alloc(0) : received.subarray(offset);
    };

    const done = handshakeTimer(options.timeoutMs, url, () => socket.destroy(), reject);
    socket.once('connect', () => {
      done();
      resolve(client);
    });
    socket.on('data', (data: Buffer) => {
      received = received.length === 0 ? data : Buffer.concat([received, data]);
      answerResponses();
    });
    socket.on('error', error => {
      done();
      reject(error);
    });
    socket.once('close', () => {
      done();
      if (!closing) options.onLost('the HTTP connection closed');
      for (let n = head; n < waiting.length; n++) waiting[n]('connection closed');
    });
  });
}
