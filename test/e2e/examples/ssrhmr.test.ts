import { describe, expect, test } from '@jest/globals';
import { BeanSsrHmr, moduleSsrHmr, SocketNamespaceSsrHmr } from '../../../examples/ssrhmr/index.js';
import { type ITestServer } from '../../support/testServer.js';
import { useSocketFixture } from '../../support/socketFixture.js';

describe('the ssrhmr module', () => {
  let server: ITestServer;
  const fixture = useSocketFixture();
  const connect = (path: string) => fixture.client(server.wsUrl(path));

  test('registers as module a-ssrhmr with the /ssrhmr namespace bean and the ssrHmr bean', async () => {
    server = await fixture.start({ modules: [moduleSsrHmr] });
    const app = server.app;
    expect(app.namespaces.get('/ssrhmr')?.fullName).toBe('a-ssrhmr.socketNamespace.ssrHmr');
    expect(app.bean('a-ssrhmr.bean.ssrHmr')).toBe(app.bean(BeanSsrHmr));
    expect(app.socketNamespace('/ssrhmr')).toBe(app.bean(SocketNamespaceSsrHmr));
  });

  test('reload() sends reload { at } to /ssrhmr clients and not to clients of other namespaces', async () => {
    server = await fixture.start({ modules: [moduleSsrHmr] });
    const hmr = connect('/ws/ssrhmr');
    const root = connect('/ws');
    await Promise.all([hmr.ready(), root.ready()]);

    const before = Date.now();
    const sent = server.app.bean<BeanSsrHmr>(BeanSsrHmr).reload();
    expect(sent.at).toBeGreaterThanOrEqual(before);
    const reload = await hmr.nextEvent(event => event.name === 'reload');
    expect(reload.data).toEqual({ at: sent.at });

    // Frames on one socket arrive in order: had root been sent the reload, it would precede this marker.
    server.app.socketEvent.broadcast('/', 'marker', null);
    await root.nextEvent(event => event.name === 'marker');
    expect(root.events.map(event => event.name)).toEqual(['_a', 'marker']);
  });
});
