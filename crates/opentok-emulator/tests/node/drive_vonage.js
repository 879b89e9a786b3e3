// Drives the Vonage Node SDK (npm `@vonage/video` with `@vonage/auth`) against the emulator's
// application project.
// Usage: node drive_vonage.js BASE_URL APPLICATION_ID PRIVATE_KEY_FILE OTHER_KEY_FILE
// Prints one JSON object: {call name: "ok" | error text}.
'use strict';
const fs = require('fs');
const { Auth } = require('@vonage/auth');
const { ArchiveMode, MediaMode, Video } = require('@vonage/video');

const [base, appId, keyFile, otherKeyFile] = process.argv.slice(2);
const auth = new Auth({ applicationId: appId, privateKey: fs.readFileSync(keyFile, 'utf8') });
const video = new Video(auth, { videoHost: base });
const results = {};

async function check(name, fn) {
  try {
    await fn();
    results[name] = 'ok';
  } catch (e) {
    const body = e && e.response ? ` (${e.response.status} ${JSON.stringify(e.response.data || e.response.body || '')})` : '';
    results[name] = String(e && e.message ? e.message : e) + body;
  }
}
async function fails(name, fn) {
  try {
    await fn();
    results[name] = 'expected an error, got success';
  } catch (e) {
    results[name] = 'ok';
  }
}
// The emulator's control API, signed with the SDK's own bearer header.
async function ctl(method, path, body) {
  const res = await fetch(base + '/_emulator/v1' + path, {
    method,
    headers: { Authorization: await auth.createBearerHeader(), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

(async () => {
  const s = {};
  await check('createSession', async () => {
    s.routed = (await video.createSession()).sessionId; // routed by default
    s.relayed = (await video.createSession({ mediaMode: MediaMode.RELAYED })).sessionId;
    s.always = (await video.createSession({ mediaMode: MediaMode.ROUTED, archiveMode: ArchiveMode.ALWAYS }))
      .sessionId;
  });
  const sid = s.routed || 'none';
  const token = (role) => video.generateClientToken(sid, { role, data: 'node' });
  const c = {};
  await check('generateClientToken+control_api', async () => {
    c.mod = (await ctl('POST', `/sessions/${sid}/connections`, { token: token('moderator') })).connectionId;
    c.pub = (await ctl('POST', `/sessions/${sid}/connections`, { token: token('publisher') })).connectionId;
    c.st = (await ctl('POST', `/sessions/${sid}/connections/${c.mod}/streams`, { videoType: 'camera', name: 'n' }))
      .streamId;
  });
  await check('getStreamInfo', async () => {
    await video.getStreamInfo(sid);
    await video.getStreamInfo(sid, c.st);
  });
  await check('sendSignal', () => video.sendSignal({ type: 'chat', data: 'hi' }, sid));
  await check('sendSignal_connection', () => video.sendSignal({ type: 'chat', data: 'hi' }, sid, c.pub));
  await check('setStreamClassLists', () => video.setStreamClassLists(sid, [{ id: c.st, layoutClassList: ['full'] }]));
  const a = {};
  await check('archives', async () => {
    a.one = await video.startArchive(sid, { name: 'a' });
    await video.getArchive(a.one.id);
    const list = await video.searchArchives({ sessionId: sid });
    if (!(list.count >= 1)) throw new Error(`count ${list.count}`);
    await video.updateArchiveLayout(a.one.id, { type: 'bestFit' });
  });
  await check('archive_streams', async () => {
    const m = await video.startArchive(sid, { streamMode: 'manual', outputMode: 'individual', multiArchiveTag: 'm' });
    await video.addArchiveStream(m.id, c.st);
    await video.removeArchiveStream(m.id, c.st);
    await video.stopArchive(m.id);
  });
  await check('stopArchive+deleteArchive', async () => {
    await video.stopArchive(a.one.id);
    for (let i = 0; i < 200; i++) {
      if ((await video.getArchive(a.one.id)).status === 'available') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await video.deleteArchive(a.one.id);
  });
  await fails('startArchive_relayed', () => video.startArchive(s.relayed));
  await check('broadcasts', async () => {
    const b = await video.startBroadcast(sid, {
      outputs: { rtmp: [{ id: 'r', serverUrl: 'rtmp://example.com/live', streamName: 'k' }] },
    });
    await video.getBroadcast(b.id);
    await video.searchBroadcasts({ sessionId: sid });
    await video.stopBroadcast(b.id);
  });
  await check('muteStream', () => video.muteStream(sid, c.st));
  await check('forceMuteAll', () => video.forceMuteAll(sid, [c.st]));
  await check('disableForceMute', () => video.disableForceMute(sid));
  await check('sip+dtmf', async () => {
    const call = await video.intiateSIPCall(sid, { token: token('publisher'), sip: { uri: 'sip:user@example.com' } });
    await video.playDTMF(sid, '1234');
    await video.playDTMF(sid, '5#', call.connectionId);
  });
  await check('captions', async () => {
    const cap = await video.enableCaptions(sid, token('moderator'));
    await video.disableCaptions(cap.captionsId);
  });
  await check('experienceComposer', async () => {
    const r = await video.startExperienceComposerRender(sid, token('publisher'), { url: 'https://example.com/page' });
    await video.getExperienceComposerRender(r.id);
    await video.listExperienceComposerRenders({});
    await video.stopExperienceComposerRender(r.id);
  });
  await check('audioConnector', async () => {
    const ws = await video.connectToWebsocket(sid, token('publisher'), { uri: 'wss://example.com/ws' });
    await video.disconnectWebsocket(ws.id);
  });
  await check('disconnectClient', () => video.disconnectClient(sid, c.pub));
  const other = new Video(
    new Auth({ applicationId: appId, privateKey: fs.readFileSync(otherKeyFile, 'utf8') }),
    { videoHost: base },
  );
  await fails('refused_with_another_key', () => other.createSession());
  await fails('refused_with_another_key_list', () => other.searchArchives());
  console.log(JSON.stringify(results));
})();
