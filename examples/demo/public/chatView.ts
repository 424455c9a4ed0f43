import type { IChatMessage } from '../socketNamespace.chat.js';
import type { ConnectionStatus } from './connectionStatus.js';

/** Older messages are dropped from the page past this many, so a long session does not grow without bound. */
const MAX_SHOWN_MESSAGES = 200;

/**
 * The chat page's DOM: it finds the elements of homePage.ts by id and writes to them. User text only ever
 * goes through `textContent` (never `innerHTML`), so a message cannot inject markup.
 */
export class ChatView {
  private readonly joinForm: HTMLFormElement;
  private readonly nameInput: HTMLInputElement;
  private readonly joinError: HTMLElement;
  private readonly room: HTMLElement;
  private readonly status: HTMLElement;
  private readonly messages: HTMLOListElement;
  private readonly online: HTMLUListElement;
  private readonly composeForm: HTMLFormElement;
  private readonly textInput: HTMLInputElement;
  private readonly sendError: HTMLElement;
  private readonly leaveButton: HTMLButtonElement;

  constructor(private readonly document: Document) {
    this.joinForm = this.element('join', HTMLFormElement);
    this.nameInput = this.element('name', HTMLInputElement);
    this.joinError = this.element('join-error', HTMLElement);
    this.room = this.element('room', HTMLElement);
    this.status = this.element('status', HTMLElement);
    this.messages = this.element('messages', HTMLOListElement);
    this.online = this.element('online', HTMLUListElement);
    this.composeForm = this.element('compose', HTMLFormElement);
    this.textInput = this.element('text', HTMLInputElement);
    this.sendError = this.element('send-error', HTMLElement);
    this.leaveButton = this.element('leave', HTMLButtonElement);
  }

  onJoin(handler: (name: string) => void): void {
    this.joinForm.addEventListener('submit', event => {
      event.preventDefault();
      const name = this.nameInput.value.trim();
      if (name !== '') handler(name);
    });
  }

  /** The handler resolves true once the message was accepted; the input is cleared only then. */
  onSend(handler: (text: string) => Promise<boolean>): void {
    this.composeForm.addEventListener('submit', event => {
      event.preventDefault();
      const text = this.textInput.value.trim();
      if (text === '') return;
      void handler(text).then(accepted => {
        if (accepted && this.textInput.value.trim() === text) this.textInput.value = '';
      });
    });
  }

  onLeave(handler: () => void): void {
    this.leaveButton.addEventListener('click', handler);
  }

  showJoin(error?: string): void {
    this.room.hidden = true;
    this.joinForm.hidden = false;
    this.setText(this.joinError, error);
    this.nameInput.focus();
  }

  showRoom(): void {
    this.joinForm.hidden = true;
    this.room.hidden = false;
    this.setText(this.joinError, undefined);
    this.messages.replaceChildren();
    this.online.replaceChildren();
    this.textInput.focus();
  }

  setStatus(status: ConnectionStatus): void {
    if (this.status.dataset.state !== status.state) this.status.dataset.state = status.state;
    if (this.status.textContent !== status.text) this.status.textContent = status.text;
  }

  setSendError(error: string | undefined): void {
    this.setText(this.sendError, error);
  }

  addMessage(message: IChatMessage, mine: boolean): void {
    const item = this.create('li', mine ? 'message mine' : 'message');
    const meta = this.create('div', 'meta');
    meta.append(this.create('span', 'from', message.from));
    const time = this.create('time', 'at', formatTime(message.at));
    time.dateTime = new Date(message.at).toISOString();
    meta.append(time);
    item.append(meta, this.create('p', 'text', message.text));
    this.append(item);
  }

  /** A line from the page itself (someone joined, the connection came back), not from a user. */
  addNotice(text: string): void {
    this.append(this.create('li', 'notice', text));
  }

  setOnline(names: readonly string[], me: string): void {
    this.online.replaceChildren(
      ...names.map(name => {
        const item = this.create('li', name === me ? 'me' : '', name);
        if (name === me) item.append(this.create('span', 'you', ' (you)'));
        return item;
      }),
    );
  }

  private append(item: HTMLElement): void {
    const atBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 40;
    this.messages.append(item);
    while (this.messages.childElementCount > MAX_SHOWN_MESSAGES) this.messages.firstElementChild?.remove();
    if (atBottom) this.messages.scrollTop = this.messages.scrollHeight;
  }

  private setText(element: HTMLElement, text: string | undefined): void {
    element.textContent = text ?? '';
    element.hidden = text === undefined;
  }

  private create<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className: string,
    text?: string,
  ): HTMLElementTagNameMap[K] {
    const element = this.document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  private element<T extends HTMLElement>(id: string, type: abstract new () => T): T {
    const element = this.document.getElementById(id);
    if (!(element instanceof type)) {
      throw new Error(`the chat page has no <${type.name}> with id "${id}": is homePage.ts in step with chatView.ts?`);
    }
    return element;
  }
}

function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
