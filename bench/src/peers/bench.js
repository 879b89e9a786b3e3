// bench-peers, Node side (written out and run by `bench-peers` (bench/)).
//
// The API secret comes from OPENTOK_API_SECRET (never argv).
//
// tokens KEY SID ROUNDS N WARMUP [JWT_DIVISOR]:
//   per case, WARMUP calls, then ROUNDS timed rounds of N calls (N / JWT_DIVISOR for the slow
//   JWT case); prints `case=<name> best_ns=<f> median_ns=<f>` per case.
// roundtrip URL KEY CALLS CONCURRENCY:
//   CALLS createSession calls from CONCURRENCY concurrent promise chains sharing one OpenTok;
//   prints `calls=N errors=N secs=F rps=F hwm_kib=N` (VmHWM of this process).
'use strict';
const fs = require('fs');
const OpenTok = require('opentok');

function tokens(key, secret, sid, rounds, n, warmup, jwtDivisor) {
  const ot = new OpenTok(key, secret);
  const cases = [
    ['t1', n, () => ot.generateToken(sid, {}, true)],
    ['jwt', Math.max(1, Math.floor(n / jwtDivisor)), () => ot.generateToken(sid, {})],
  ];
  for (const [name, calls, f] of cases) {
    const w = name === 'jwt' ? Math.max(1, Math.floor(warmup / jwtDivisor)) : warmup;
    for (let i = 0; i < w; i++) f();
    const samples = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) f();
      samples.push(Number(process.hrtime.bigint() - start) / calls);
    }
    samples.sort((a, b) => a - b);
    console.log(`case=${name} best_ns=${samples[0].toFixed(1)} median_ns=${samples[samples.length >> 1].toFixed(1)}`);
  }
}

function hwmKib() {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? parseInt(line.split(/\s+/)[1], 10) : 0;
}

function create(ot) {
  return new Promise((resolve) => {
    ot.createSession({}, (err, session) => resolve(!err && !!session && !!session.sessionId));
  });
}

async function roundtrip(url, key, secret, calls, concurrency) {
  const ot = new OpenTok(key, secret, { apiUrl: url, timeout: 10000 });
  for (let i = 0; i < 100; i++) await create(ot); // warm-up, sequential
  let next = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next++ < calls) {
      if (!(await create(ot))) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`calls=${calls} errors=${errors} secs=${secs.toFixed(3)} rps=${(calls / secs).toFixed(0)} hwm_kib=${hwmKib()}`);
}

const [mode, ...args] = process.argv.slice(2);
const secret = process.env.OPENTOK_API_SECRET;
if (!secret) {
  console.error('set OPENTOK_API_SECRET');
  process.exit(2);
}
if (mode === 'tokens') {
  tokens(args[0], secret, args[1], +args[2], +args[3], +args[4], +(args[5] || 1));
} else if (mode === 'roundtrip') {
  roundtrip(args[0], args[1], secret, +args[2], +args[3]).catch((e) => { console.error(e); process.exit(1); });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
