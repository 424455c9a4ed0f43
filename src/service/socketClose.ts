import { type WebSocket } from 'ws';
import { BeanBase } from '../core/beanBase.js';
import { clipCloseReason, isSendableCloseCode } from '../protocol/closeFrame.js';
import { Service } from '../core/decorators.js';
import { SocketCloseCode } from '../protocol/closeCodes.js';

/**
 * The one place a-socket closes connections. `ws.close` throws on a reason over 123 UTF-8 bytes or a code a
 * peer may not send, and a throw there (often inside a promise) would leave the socket open or end the
 * process; here the reason is clipped at a character boundary and an invalid code becomes 1011, logged
 * once per source (the onion that chose it) so that a module's mistake is named without flooding the log.
 */
@Service()
export class ServiceSocketClose extends BeanBase {
  private readonly reported = new Set<string>();

  /**
   * Starts the close handshake of an open socket (one already closing or closed is left as it is).
   * `source` names who chose the code, e.g. the onion that threw the `SocketCloseError`.
   */
  close(ws: WebSocket, code: number, reason: string, source?: string): void {
    if (ws.readyState !== ws.OPEN) return;
    let sentCode = code;
    if (!isSendableCloseCode(code)) {
      sentCode = SocketCloseCode.internalError;
      this.reportInvalidCode(code, source);
    }
    ws.close(sentCode, clipCloseReason(reason));
  }

  private reportInvalidCode(code: number, source = 'an unknown onion'): void {
    if (this.reported.has(source)) return;
    this.reported.add(source);
    this.logger.error(
      `${source} closed a connection with code ${code}, which a peer may not send: it closed with 1011 instead ` +
        '(use 4000-4999 for your own codes; 1000-1014 except 1004-1006 and 3000-3999 are valid too). ' +
        `Logged once for ${source}.`,
    );
  }
}
