import { ActionError, WebSocketClient } from '../../src/client/index.js';

// On a page the demo serves (npm start): a token for a name, then the /chat namespace under that name.
const response = await fetch('/api/passport/token', { method: 'POST', body: JSON.stringify({ name: 'alice' }) });
const { token } = (await response.json()) as { token: string };

const client = new WebSocketClient(); // the browser's own WebSocket
client.on('chat:message', message => console.log('message', message));
client.onReconnecting(({ attempt, delay }) => console.log(`reconnect #${attempt} in ${Math.round(delay)} ms`));
client.connect(`ws://${location.host}/ws/chat?x-vona-passport-code=${encodeURIComponent(token)}`);

console.log('connection id', await client.ready);
try {
  await client.performAction('post', '/api/chat/message', { body: { text: 'hi all' }, timeout: 5000 });
} catch (error) {
  if (error instanceof ActionError) console.warn(error.code, error.message); // 401, 'timeout', 'closed', …
}
