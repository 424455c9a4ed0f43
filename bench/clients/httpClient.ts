import net from 'node:net';
import { ECHO_PATH } from '../lib/wireFrames.js';
import { handshakeTimer, type AnswerCallback, type IBenchClient, type IConnectOptions } from './client.js';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/** One keep-alive TCP connection: requests written in order, answers matched to them in order. */
interface IHttpConnection {
  socket: net.Socket;
  /** Callbacks of the requests sent and not answered, from `head` on. */
  waiting: AnswerCallback[];
  head: number;
  /** Requests in flight on this connection. */
  pending(): number;
}

/**
 * The HTTP keep-alive client of the reference rows. It sends `POST /api/echo` requests on `httpConnections`
 * TCP connections (one by default), each call on the connection with the fewest in flight; HTTP/1.1 answers
 * pipelined requests in order. So one client keeps as many calls in flight as a socket client does, either
 * pipelined on one connection (the server reads them in batches, as it reads socket frames) or one per
 * connection (how browsers and http.Agent use keep-alive). It writes the request line and headers itself and
 * reads only the status and `content-length` of each answer: far less work than Node's HTTP client, so the
 * generator is not what limits the server.
 */
export async function connectHttp(url: string, options: IConnectOptions): Promise<IBenchClient> {
  const { hostname, port, host } = new URL(url);
  let closing = false;
  const connections = await Promise.all(
    Array.from({ length: options.httpConnections ?? 1 }, () =>
      openConnection(hostname, Number(port), url, options, () => closing),
    ),
  );
  return {
    call(body, onAnswer) {
      let least = connections[0];
      for (const connection of connections) if (connection.pending() < least.pending()) least = connection;
      const json = JSON.stringify(body);
      least.waiting.push(onAnswer);
      least.socket.write(
        `POST ${ECHO_PATH} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
      );
    },
    setEventListener() {
      // HTTP has no events to push: the reference rows run RPC only.
    },
    close() {
      closing = true;
      for (const connection of connections) connection.socket.destroy();
    },
  };
}

function openConnection(
  hostname: string,
  port: number,
  url: string,
  options: IConnectOptions,
  closing: () => boolean,
): Promise<IHttpConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port, noDelay: true });
    const connection: IHttpConnection = {
      socket,
      waiting: [],
      head: 0,
      pending: () => connection.waiting.length - connection.head,
    };
    let received: Buffer = Buffer.alloc(0);

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
        const onAnswer = connection.waiting[connection.head++];
        // Answered callbacks leave the queue in batches, not one shift() each.
        if (connection.head >= 1024) {
          connection.waiting.splice(0, connection.head);
          connection.head = 0;
        }
        offset = end;
        onAnswer?.(status === '200' ? undefined : `HTTP ${headerText.split('\r\n')[0]}`);
      }
      received = offset === received.length ? Buffer.alloc(0) : received.subarray(offset);
    };

    const done = handshakeTimer(options.timeoutMs, url, () => socket.destroy(), reject);
    socket.once('connect', () => {
      done();
      resolve(connection);
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
      if (!closing()) options.onLost('the HTTP connection closed');
      const { waiting, head } = connection;
      for (let n = head; n < waiting.length; n++) waiting[n]('connection closed');
    });
  });
}
