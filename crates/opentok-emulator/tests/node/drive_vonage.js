// Drives the official Vonage Node SDK (npm `@vonage/video` with `@vonage/auth`) against the
// emulator with application credentials.
// Usage: node drive_vonage.js BASE_URL APPLICATION_ID
// The private key comes from the file named by VONAGE_PRIVATE_KEY_PATH (never argv); the key
// of another application from OTHER_PRIVATE_KEY_PATH (a refused credential).
// Prints one JSON object: {call name: "ok" | error text}.
'use strict';
const { Auth } = require('@vonage/auth');
const { MediaMode, Video } = require('@vonage/video');

const [base, appId] = process.argv.slice(2);
const video = (applicationId, keyPath) =>
  new Video(new Auth({ applicationId, privateKey: keyPath }), { videoHost: base });
const vc = video(appId, process.env.VONAGE_PRIVATE_KEY_PATH);
const results = {};

async function check(name, fn) {
  try {
    await fn();
    results[name] = 'ok';
  } catch (e) {
    results[name] = String(e && e.message ? e.message : e) + (await body(e));
  }
}
// The reply body an SDK error carries, for the failure message.
async function body(e) {
  try {
    return e && e.response && typeof e.response.text === 'function' ? `: ${await e.response.text()}` : '';
  } catch (_) {
    return '';
  }
}
// Passes when the call is refused with `status` (the HTTP status the SDK's error carries).
async function refused(name, status, fn) {
  try {
    await fn();
    results[name] = 'expected an error, got success';
  } catch (e) {
    const got = e && e.response ? e.response.status : undefined;
    results[name] = got === status ? 'ok' : `expected ${status}, got ${got}: ${e && e.message}`;
  }
}
const expect = (cond, what) => {
  if (!cond) throw new Error(what);
};
// The control API, signed with the SDK's own bearer header.
async function ctl(method, path, body) {
  const res = await fetch(base + '/_emulator/v1' + path, {
    method,
    headers: { Authorization: await vc.auth.createBearerHeader(), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

(async () => {
  const s = {};
  await check('createSession', async () => {
    s.routed = (await vc.createSession({ mediaMode: MediaMode.ROUTED })).sessionId;
    s.relayed = (await vc.createSession({ mediaMode: MediaMode.RELAYED })).sessionId;
    s.always = (await vc.createSession({ mediaMode: MediaMode.ROUTED, archiveMode: 'always', location: '12.34.56.78' })).sessionId;
    const field1 = Buffer.from(s.routed.slice(2), 'base64url').toString().split('~')[1];
    expect(field1 === appId, `session id names ${field1}`);
  });
  const sid = s.routed;
  const tok = vc.generateClientToken(sid, { role: 'moderator', data: 'node', initialLayoutClassList: ['focus'] });
  const pubTok = vc.generateClientToken(sid);
  const c = {};
  await check('generateClientToken+join', async () => {
    expect(claims(tok).application_id === appId && claims(tok).role === 'moderator', 'claims');
    c.mod = (await ctl('POST', `/sessions/${sid}/connections`, { token: tok })).connectionId;
    c.pub = (await ctl('POST', `/sessions/${sid}/connections`, { token: pubTok })).connectionId;
    c.st = (await ctl('POST', `/sessions/${sid}/connections/${c.mod}/streams`, { videoType: 'camera', name: 'n' })).streamId;
    expect(c.mod && c.pub && c.st, 'ids');
  });
  await check('token_for_another_session_refused', async () => {
    const other = vc.generateClientToken(s.relayed);
    const res = await fetch(`${base}/_emulator/v1/sessions/${sid}/connections`, {
      method: 'POST',
      headers: { Authorization: await vc.auth.createBearerHeader(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: other }),
    });
    expect(res.status >= 400 && res.status < 500, `status ${res.status}`);
  });
  const a = {};
  await check('archives', async () => {
    a.one = await vc.startArchive(sid, { name: 'a' });
    expect(a.one.id && a.one.sessionId === sid && a.one.status === 'started', JSON.stringify(a.one));
    expect((await vc.getArchive(a.one.id)).id === a.one.id, 'get');
    const list = await vc.searchArchives({ sessionId: sid });
    expect(list.count >= 1 && list.items.some((x) => x.id === a.one.id), JSON.stringify(list));
    await vc.updateArchiveLayout(a.one.id, { type: 'bestFit', screenshareType: 'pip' });
    a.manual = await vc.startArchive(sid, { outputMode: 'individual', streamMode: 'manual', multiArchiveTag: 't' });
    await vc.addArchiveStream(a.manual.id, c.st, true, false);
    await vc.removeArchiveStream(a.manual.id, c.st);
  });
  await refused('deleteArchive_while_started', 409, () => vc.deleteArchive(a.one.id));
  await check('stopArchive+deleteArchive', async () => {
    expect((await vc.stopArchive(a.one.id)).status === 'stopped', 'stopped');
    await vc.stopArchive(a.manual.id);
    for (let i = 0; i < 200 && (await vc.getArchive(a.one.id)).status !== 'available'; i++) await sleep(20);
    await vc.deleteArchive(a.one.id);
    expect((await vc.getArchive(a.one.id)).status === 'deleted', 'deleted');
  });
  await refused('startArchive_relayed', 409, () => vc.startArchive(s.relayed, {}));
  await check('sendSignal', () => vc.sendSignal({ type: 'chat', data: 'hi' }, sid));
  await check('sendSignal_connection', () => vc.sendSignal({ type: 'chat', data: 'hi' }, sid, c.pub));
  await refused('sendSignal_unknown_connection', 404, () => vc.sendSignal({ type: 'chat', data: 'hi' }, sid, 'nope'));
  await check('getStreamInfo', async () => {
    const one = await vc.getStreamInfo(sid, c.st);
    expect(one.id === c.st && one.videoType === 'camera', JSON.stringify(one));
    const all = await vc.getStreamInfo(sid);
    expect(all.count === 1, JSON.stringify(all));
  });
  await check('setStreamClassLists', () => vc.setStreamClassLists(sid, [{ id: c.st, layoutClassList: ['focus'] }]));
  await check('muteStream', () => vc.muteStream(sid, c.st));
  await check('forceMuteAll', () => vc.forceMuteAll(sid, [c.st]));
  await check('disableForceMute', () => vc.disableForceMute(sid));
  await check('playDTMF', () => vc.playDTMF(sid, '1234#'));
  await check('playDTMF_connection', () => vc.playDTMF(sid, '1p2', c.pub));
  await check('initiateSIPCall', async () => {
    const r = await vc.initiateSIPCall(sid, {
      token: tok,
      sip: { uri: 'sip:user@sip.example.com;transport=tls', headers: { 'X-k': 'v' }, auth: { username: 'u', password: 'p' }, secure: true },
    });
    expect(r.id && r.connectionId, JSON.stringify(r));
  });
  const b = {};
  await check('broadcasts', async () => {
    const one = await vc.startBroadcast(sid, {
      outputs: { hls: { lowLatency: true }, rtmp: [{ id: 'r1', serverUrl: 'rtmp://x/live', streamName: 'k' }] },
      maxDuration: 3600,
      resolution: '1280x720',
    });
    expect(one.id && one.status === 'started', JSON.stringify(one));
    b.auto = one.id;
    expect((await vc.getBroadcast(b.auto)).id === b.auto, 'get');
    const list = await vc.searchBroadcasts({ sessionId: sid });
    expect(list.count >= 1, JSON.stringify(list));
    const m = await vc.startBroadcast(sid, { outputs: { hls: {} }, streamMode: 'manual', multiBroadcastTag: 'm' });
    await vc.addStreamToBroadcast(m.id, c.st);
    await vc.removeStreamFromBroadcast(m.id, c.st);
    await vc.updateBroadcast({ broadcastId: m.id, addStream: c.st, hasAudio: true, hasVideo: false });
    await vc.stopBroadcast(m.id);
  });
  // Stream selection is for manual stream mode only (the service answers 405).
  await refused('updateBroadcast_auto_stream_mode', 405, () => vc.updateBroadcast({ broadcastId: b.auto, addStream: c.st }));
  await check('stopBroadcast', async () => expect((await vc.stopBroadcast(b.auto)).status === 'stopped', 'stopped'));
  await check('renders', async () => {
    const r = await vc.startExperienceComposerRender(sid, tok, { url: 'https://webapp.example.com', maxDuration: 1800 });
    expect((await vc.getExperienceComposerRender(r.id)).id === r.id, 'get');
    const list = await vc.listExperienceComposerRenders({});
    expect(list.count >= 1, JSON.stringify(list));
    await vc.stopExperienceComposerRender(r.id);
  });
  await check('connectToWebsocket+disconnect', async () => {
    const r = await vc.connectToWebsocket(sid, tok, { uri: 'wss://service.example.com/ws', streams: [c.st], headers: { k: 'v' }, audioRate: 16000 });
    expect(r.id && r.connectionId, JSON.stringify(r));
    await vc.disconnectWebsocket(r.id);
  });
  await check('captions', async () => {
    const r = await vc.enableCaptions(sid, tok, { languageCode: 'en-US' });
    expect(r.captionsId, JSON.stringify(r));
    await vc.disableCaptions(r.captionsId);
  });
  await check('disconnectClient', () => vc.disconnectClient(sid, c.pub));
  await refused('disconnectClient_again', 404, () => vc.disconnectClient(sid, c.pub));
  await check('events_feed', async () => {
    const kinds = new Set((await ctl('GET', `/sessions/${sid}/events`)).items.map((e) => e.type));
    for (const k of ['signal', 'forceMute', 'muteAll', 'dtmf', 'connectionDestroyed'])
      expect(kinds.has(k), `${k} not in ${[...kinds]}`);
  });
  const wrongKey = video(appId, process.env.OTHER_PRIVATE_KEY_PATH);
  await refused('wrong_private_key', 403, () => wrongKey.createSession({}));
  await refused('wrong_private_key_archive_list', 403, () => wrongKey.searchArchives({}));
  const wrongApp = video('0a1b2c3d-4e5f-4a6b-8c7d-000000000000', process.env.VONAGE_PRIVATE_KEY_PATH);
  await refused('wrong_application_id', 403, () => wrongApp.searchArchives({}));
  console.log(JSON.stringify(results));
})().catch((e) => {
  console.log(JSON.stringify({ fatal: String(e) }));
});
