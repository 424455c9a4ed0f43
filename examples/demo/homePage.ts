import { CHAT_SCRIPT_PATH } from './clientBundle.js';

/**
 * Served at `GET /`: the chat page on the `/chat` namespace. Static markup only; the script at
 * `CHAT_SCRIPT_PATH` (examples/demo/public/chat.ts, bundled) fills it in, by the ids chatView.ts looks up.
 */
export const HOME_PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>a-socket chat</title>
    <style>
      :root { color-scheme: light; --accent: #2563eb; --line: #e5e7eb; --muted: #6b7280; }
      * { box-sizing: border-box; }
      [hidden] { display: none !important; }
      body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827;
        background: #f3f4f6; }
      .page { max-width: 860px; margin: 0 auto; padding: 16px; }
      header { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
      h1 { font-size: 20px; margin: 8px 0; }
      h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 8px; }
      #status { margin: 0; padding: 4px 10px; border-radius: 999px; font-size: 13px; background: #e5e7eb; }
      #status::before { content: "●"; margin-right: 6px; }
      #status[data-state="ready"] { background: #dcfce7; color: #166534; }
      #status[data-state="connecting"] { background: #fef9c3; color: #854d0e; }
      #status[data-state="reconnecting"] { background: #ffedd5; color: #9a3412; }
      #status[data-state="closed"] { background: #fee2e2; color: #991b1b; }
      .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px; }
      form { display: flex; gap: 8px; }
      input { flex: 1; font: inherit; padding: 8px 10px; border: 1px solid #d1d5db; border-radius: 6px; }
      button { font: inherit; padding: 8px 14px; border: 0; border-radius: 6px; background: var(--accent);
        color: #fff; cursor: pointer; }
      button.secondary { background: #e5e7eb; color: #111827; width: 100%; margin-top: 12px; }
      .error { color: #b91c1c; margin: 8px 0 0; }
      #join { flex-wrap: wrap; align-items: center; }
      #join label { width: 100%; font-weight: 600; }
      #room { display: grid; grid-template-columns: 1fr 200px; gap: 16px; }
      #messages { list-style: none; margin: 0 0 12px; padding: 0; height: 50vh; min-height: 240px;
        overflow-y: auto; }
      .message { margin: 0 0 10px; max-width: 80%; }
      .message .meta { font-size: 12px; color: var(--muted); display: flex; gap: 8px; }
      .message .from { font-weight: 600; color: #374151; }
      .message .text { margin: 2px 0 0; padding: 6px 10px; background: #f3f4f6; border-radius: 8px;
        white-space: pre-wrap; overflow-wrap: anywhere; }
      .message.mine { margin-left: auto; }
      .message.mine .meta { justify-content: flex-end; }
      .message.mine .text { background: #dbeafe; }
      .notice { text-align: center; font-size: 12px; color: var(--muted); margin: 0 0 10px; }
      #online { list-style: none; margin: 0; padding: 0; }
      #online li { padding: 3px 0; }
      #online li::before { content: "●"; color: #16a34a; margin-right: 6px; font-size: 11px; }
      #online .you { color: var(--muted); }
      #online:empty::after { content: "nobody while disconnected"; color: var(--muted); font-size: 13px; }
      footer { margin-top: 16px; font-size: 12px; color: var(--muted); }
      code { font-size: 12px; }
      @media (max-width: 600px) { #room { grid-template-columns: 1fr; } }
    </style>
    <script type="module" src="${CHAT_SCRIPT_PATH}"></script>
  </head>
  <body>
    <div class="page">
      <header>
        <h1>a-socket chat</h1>
        <p id="status" data-state="idle" role="status" aria-live="polite">loading…</p>
      </header>

      <form id="join" class="card" autocomplete="off">
        <label for="name">Pick a name to join</label>
        <input id="name" name="name" maxlength="64" placeholder="alice" required autofocus />
        <button type="submit">Join</button>
        <p id="join-error" class="error" role="alert" hidden></p>
      </form>

      <main id="room" hidden>
        <section class="card">
          <ol id="messages" aria-label="messages" aria-live="polite"></ol>
          <form id="compose" autocomplete="off">
            <input id="text" name="text" maxlength="2000" placeholder="Write a message" required />
            <button type="submit">Send</button>
          </form>
          <p id="send-error" class="error" role="alert" hidden></p>
        </section>
        <aside class="card">
          <h2>Online</h2>
          <ul id="online" aria-label="online"></ul>
          <button id="leave" type="button" class="secondary">Leave</button>
        </aside>
      </main>
      <noscript><p class="error">This chat needs JavaScript.</p></noscript>

      <footer>
        Messages travel as <code>performAction('post', '/api/chat/message')</code> over the socket
        <code>/ws/chat</code>; the server broadcasts <code>chat:message</code> and <code>chat:presence</code>.
        Also here: connect to <code>/ws/ssrhmr</code> and <code>curl -X POST /api/ssrhmr/reload</code> to see a
        <code>reload</code> event arrive.
      </footer>
    </div>
  </body>
</html>
`;
