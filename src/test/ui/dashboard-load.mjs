// What open dashboard pages cost the server (run by bench/dashboard-load.sh, not a test):
//   node dashboard-load.mjs <base URL> <management URL> <redis port> <window seconds> <pages,...>
// A long job runs meanwhile. For each number of pages (0 included: the baseline), it opens that
// many pages in headless Chromium, waits until they are live, then for one window counts the HTTP
// requests each page makes, the round trips of the node's dashboard feed
// (docbatch_dashboard_redis_round_trips_total) and the commands Redis processed (INFO stats).
// Prints one JSON object.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';

const [base, management, redisPort, windowSeconds, pageCounts] = process.argv.slice(2);
const WINDOW_MS = Number(windowSeconds) * 1000;

const feedRoundTrips = async () => {
  const text = await (await fetch(`${management}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('docbatch_dashboard_redis_round_trips_total'));
  return line ? Number(line.split(' ').pop()) : 0;
};
const listeners = async () => {
  const text = await (await fetch(`${management}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('docbatch_dashboard_listeners'));
  return line ? Number(line.split(' ').pop()) : 0;
};
const redisCommands = () => {
  const info = execFileSync('redis-cli', ['-p', redisPort, 'INFO', 'stats']).toString();
  return Number(/total_commands_processed:(\d+)/.exec(info)[1]);
};
const job = async (id) => (await fetch(`${base}/api/jobs/${id}`)).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});

const documents = Array.from({ length: Number(process.env.DOCUMENTS || 400) }, (_, i) => `load-${i}.txt`);
const submitted = await (await fetch(`${base}/api/jobs`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ job_type: 'noop', documents, options: { delay_ms: Number(process.env.DELAY_MS || 2000) } }),
})).json();

const phases = [];
for (const count of pageCounts.split(',').map(Number)) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const requests = [];
  const pages = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.on('request', (request) => requests.push({ at: Date.now(), page: i, path: new URL(request.url()).pathname }));
    await page.goto(`${base}/ui/`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    pages.push(page);
  }
  // Let the pages' first cluster event and any late load settle.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = { at: Date.now(), trips: await feedRoundTrips(), commands: redisCommands(), job: await job(submitted.job_id) };
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const after = { at: Date.now(), trips: await feedRoundTrips(), commands: redisCommands(), job: await job(submitted.job_id) };
  const seconds = (after.at - before.at) / 1000;
  const during = requests.filter((r) => r.at >= before.at && r.at <= after.at);
  phases.push({
    pages: count,
    listeners: await listeners(),
    window_s: Math.round(seconds),
    job_status: after.job.status,
    documents_done_in_window: (after.job.completed_tasks + after.job.failed_tasks) - (before.job.completed_tasks + before.job.failed_tasks),
    page_requests: during.length,
    requests_per_page_per_s: count ? Number((during.length / count / seconds).toFixed(4)) : 0,
    request_paths: [...new Set(during.map((r) => r.path))],
    feed_round_trips_per_s: Number(((after.trips - before.trips) / seconds).toFixed(2)),
    redis_commands_per_s: Math.round((after.commands - before.commands) / seconds),
  });
  await context.close();
}
await fetch(`${base}/api/jobs/${submitted.job_id}`, { method: 'DELETE' });
await browser.close();
console.log(JSON.stringify({ phases }));
