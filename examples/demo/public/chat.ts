/**
 * The chat page's script (served bundled at /chat.js, see clientBundle.ts): pick a name, get a token over
 * HTTP, then talk on the /chat namespace through the client SDK.
 */
import { ChatSession } from './chatSession.js';
import { ChatView } from './chatView.js';
import { describeConnection } from './connectionStatus.js';
import { fetchToken } from './identity.js';

const view = new ChatView(document);
let session: ChatSession | undefined;
let joining = false;

view.setStatus(describeConnection({ clientState: undefined, now: Date.now() }));

view.onJoin(name => {
  if (session || joining) return;
  joining = true;
  fetchToken(name).then(
    token => {
      joining = false;
      session = new ChatSession(view, name);
      view.showRoom();
      session.start(token);
    },
    (error: unknown) => {
      joining = false;
      view.showJoin(error instanceof Error ? error.message : String(error));
    },
  );
});

view.onSend(text => (session ? session.send(text) : Promise.resolve(false)));

view.onLeave(() => {
  const leaving = session;
  session = undefined;
  view.showJoin();
  view.setStatus(describeConnection({ clientState: undefined, now: Date.now() }));
  void leaving?.leave();
});
