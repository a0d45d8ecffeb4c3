/**
 * Child-process entry: runs the simulator so that clients measured in the parent do not share
 * its CPU. Options arrive as JSON in argv[2]; the URLs go back over IPC. Answers `stats` with
 * response counts by status (to count 429/418 answers whatever HTTP stack the client uses).
 */
import process from 'node:process';
import { ServerResponse } from 'node:http';
import { startSimulator } from '../../dist/simulator/index.js';

const statuses = new Map();
const writeHead = ServerResponse.prototype.writeHead;
ServerResponse.prototype.writeHead = function countingWriteHead(status, ...rest) {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  return writeHead.call(this, status, ...rest);
};

const options = JSON.parse(process.argv[2] ?? '{}');
const sim = await startSimulator({ port: 0, ...options });
const cpuStart = process.cpuUsage();

process.on('message', async (message) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage(cpuStart);
    process.send({
      type: 'stats', id: message.id, statuses: Object.fromEntries(statuses),
      cpuMs: (cpu.user + cpu.system) / 1000, rss: process.memoryUsage().rss,
    });
  } else if (message.type === 'reset') {
    statuses.clear();
    process.send({ type: 'reset', id: message.id });
  } else if (message.type === 'close') {
    await sim.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', restUrl: sim.restUrl, wsStreamUrl: sim.wsStreamUrl, wsApiUrl: sim.wsApiUrl, account: sim.accounts[0] });
