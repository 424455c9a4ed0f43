import { ActionError, keepPassportFresh, WebSocketClient, type CloseInfo } from '../../../src/client/index.js';
import type { IChatEvents } from '../socketNamespace.chat.js';
import type { ChatView } from './chatView.js';
import { describeConnection } from './connectionStatus.js';
import { chatSocketUrl, fetchToken } from './identity.js';

/** How long a message may wait for the server's answer (also while the connection comes back). */
const SEND_TIMEOUT_MS = 10_000;
/** The status line counts the reconnect delay down at this pace. */
const STATUS_REFRESH_MS = 250;

/** What the user reads when a message was not accepted, by the client's own failure codes. */
const SEND_FAILURES: Readonly<Record<string, string>> = {
  timeout: `no answer from the server within ${SEND_TIMEOUT_MS / 1000} s`,
  closed: 'the connection dropped before the server answered: the message may or may not have gone out',
  not_connected: 'not connected',
  queue_full: 'too many messages wait for the connection',
};

/**
 * One user in the chat: a WebSocketClient on `/ws/chat` under a token for `name`, and what the page shows of
 * it. Handlers are registered once: the client keeps them across its reconnects.
 */
export class ChatSession {
  private readonly client = new WebSocketClient<IChatEvents>();
  private readonly refresh: ReturnType<typeof setInterval>;
  private reconnectAt: number | undefined;
  private lastClose: CloseInfo | undefined;
  /** The current token got the user in at least once: a later 1008 means it went stale, not that it was bad. */
  private tokenWorked = false;
  /** The last presence list of this connection; undefined until the first one after ready. */
  private online: string[] | undefined;
  private left = false;

  constructor(
    private readonly view: ChatView,
    readonly name: string,
  ) {
    const client = this.client;
    client.on('chat:message', message => view.addMessage(message, message.from === name));
    client.on('chat:presence', ({ online }) => this.showPresence(online));
    client.onOpen(() => this.renderStatus());
    client.onReady(() => {
      if (this.lastClose) view.addNotice('connection is back');
      this.tokenWorked = true;
      this.reconnectAt = undefined;
      this.renderStatus();
    });
    client.onReconnecting(({ delay }) => {
      this.reconnectAt = Date.now() + delay;
      this.renderStatus();
    });
    client.onClose((close, willReconnect) => {
      this.lastClose = close;
      // Who is online is unknown until the next connection's presence list: show nobody rather than stale names.
      this.online = undefined;
      if (!this.left) view.setOnline([], name);
      if (!willReconnect && close.code === 1008 && this.tokenWorked && !this.left) void this.renewIdentity();
      this.renderStatus();
    });
    // Before the token expires the server asks for a new one: fetch it for the same name, on the same socket.
    keepPassportFresh(client, { getCode: () => fetchToken(name) });
    this.refresh = setInterval(() => this.renderStatus(), STATUS_REFRESH_MS);
  }

  start(token: string): void {
    this.client.connect(chatSocketUrl(token));
    this.renderStatus();
  }

  /** Sends over the socket (performAction into the demo's HTTP API); resolves whether the server accepted it. */
  async send(text: string): Promise<boolean> {
    try {
      await this.client.performAction('post', '/api/chat/message', { body: { text }, timeout: SEND_TIMEOUT_MS });
      this.view.setSendError(undefined);
      return true;
    } catch (error) {
      this.view.setSendError(`not sent: ${sendFailure(error)}`);
      return false;
    }
  }

  async leave(): Promise<void> {
    this.left = true;
    clearInterval(this.refresh);
    await this.client.disconnect();
  }

  /**
   * A token that worked was refused (the demo restarted with a new secret, or the token expired): the name
   * is still ours to ask for, so get a new token and connect again. Once per working token, so a server that
   * keeps refusing does not loop.
   */
  private async renewIdentity(): Promise<void> {
    this.tokenWorked = false;
    try {
      const token = await fetchToken(this.name);
      if (this.left || this.client.state !== 'closed') return;
      this.view.addNotice('the server no longer knew this name: signed in again');
      this.start(token);
    } catch (error) {
      this.view.addNotice(`could not sign in again: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private showPresence(names: string[]): void {
    const previous = this.online;
    this.online = names;
    this.view.setOnline(names, this.name);
    // The first list after a (re)connect is the baseline: everyone in it was there already.
    if (!previous) return;
    for (const name of names) if (!previous.includes(name)) this.view.addNotice(`${name} joined`);
    for (const name of previous) if (!names.includes(name)) this.view.addNotice(`${name} left`);
  }

  private renderStatus(): void {
    // After leave() the page shows the join form and its own status; the client's last close is not news.
    if (this.left) return;
    this.view.setStatus(
      describeConnection({
        clientState: this.client.state,
        name: this.name,
        reconnectAt: this.reconnectAt,
        lastClose: this.lastClose,
        now: Date.now(),
      }),
    );
  }
}

function sendFailure(error: unknown): string {
  if (!(error instanceof ActionError)) return error instanceof Error ? error.message : String(error);
  if (typeof error.code === 'number') return error.message;
  return SEND_FAILURES[error.code] ?? error.message;
}
