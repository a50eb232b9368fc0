// Colyseus 0.18 server for S1: WebSocket transport, room "s1", and GET /s1/stats (JSON; add
// ?reset=1 to open a new window) for the driver. Usage:
//   node colyseus/server.mjs --port 2567 --state-rate 60|20
import { Server } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { S1Room, stats, rooms } from './room.mjs';

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const port = Number(arg('port', '2567'));
const stateRate = Number(arg('state-rate', '60'));
if (stateRate !== 60 && stateRate !== 20) {
  console.error(`--state-rate must be 60 or 20, got ${stateRate}`);
  process.exit(2);
}

const server = new Server({
  transport: new WebSocketTransport(),
  greet: false,
  express: (app) => {
    app.get('/s1/stats', (req, res) => {
      const snap = stats.snapshot(rooms.current);
      if (req.query.reset === '1') stats.reset();
      res.json({ system: 'colyseus', state_rate: stateRate, pid: process.pid, ...snap });
    });
  },
});
server.define('s1', S1Room, { stateRate });

await server.listen(port, '127.0.0.1');
console.log(JSON.stringify({ event: 'listening', port, state_rate: stateRate, pid: process.pid }));

// Colyseus installs its own SIGTERM/SIGINT handlers (graceful shutdown, then exit).
