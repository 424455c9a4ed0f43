/** Served at `GET /` until the chat page lands; says what the server offers meanwhile. */
export const HOME_PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>a-socket demo</title>
  </head>
  <body>
    <h1>a-socket demo</h1>
    <p>The chat page comes here.</p>
    <p>
      Meanwhile: connect a WebSocket to <code>/ws/ssrhmr</code> and
      <code>curl -X POST /api/ssrhmr/reload</code> to see a <code>reload</code> event arrive.
    </p>
  </body>
</html>
`;
