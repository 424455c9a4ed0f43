import { WebSocket } from 'ws';
import { WebSocketClient } from '../../src/client/index.js';

// Node 20 has no global WebSocket: pass the one from ws. Same client, same queueing and reconnect policies.
const client = new WebSocketClient({ WebSocket, reconnect: { maxDelay: 5000 } });
client.onError(error => console.error('socket error', error));
client.on('reload', data => console.log('reload', data));
client.connect('ws://127.0.0.1:7102/ws/ssrhmr');

console.log('ready', await client.ready); // the connection id from sysReady
console.log('echo', await client.performAction('post', '/api/echo', { body: { hello: 'world' } }));
await client.performAction('post', '/api/ssrhmr/reload'); // the server broadcasts reload: printed above
await client.disconnect(); // resolves once the socket has closed
