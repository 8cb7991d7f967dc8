// End-to-end test of the dashboard in headless Chromium (Debian's chromium, driven by
// playwright-core). Run by DashboardIT:
//   node dashboard.test.mjs <node A base URL> <node B base URL> <screenshot folder>
// Node A serves the page; node B shares its Redis (a job submitted there must show on A's page).
// The documents dash-0.txt .. dash-39.txt and scan-3.pdf (three scanned pages) exist under the
// nodes' document root, and the noop job type is enabled. Prints one line per check; exits 1 at the first failure.
// The credentials come in the environment (never on the command line, where `ps` shows them):
//   DOCBATCH_API_KEY          an operator's key: the page signs in with it through its form, and the
//                             script's own calls to the API send it; unset when the nodes run open
//   DOCBATCH_SUBMITTER_KEY    a submitter's key (the page must say it needs the operator role)
//   DOCBATCH_TOKEN            an operator's bearer token (signing in with a token works too)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseA, baseB, shots] = process.argv.slice(2);
if (!baseA || !baseB || !shots) {
  console.error('usage: node dashboard.test.mjs <base URL of node A> <base URL of node B> <screenshot folder>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LOAD_WINDOW_MS = Number(process.env.LOAD_WINDOW_SECONDS || 20) * 1000;
const { DOCBATCH_API_KEY: KEY, DOCBATCH_SUBMITTER_KEY: SUBMITTER_KEY, DOCBATCH_TOKEN: TOKEN } = process.env;
/** The header of the script's own calls to the API. */
const auth = KEY ? { 'X-API-Key': KEY } : {};

const documents = (from, count) => Array.from({ length: count }, (_, i) => `dash-${from + i}.txt`);
const check = (condition, message) => {
  if (!condition) throw new Error(message);
};
const step = async (name, body) => {
  const started = Date.now();
  await body();
  console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
};

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // --no-sandbox: the tests run as root in CI containers, where Chromium's sandbox cannot start.
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(error.message));
// Chromium reports every 401 and 403 answer in the console; those are the refusals the sign-in
// checks cause on purpose, not errors of the page.
const REFUSAL = /Failed to load resource: the server responded with a status of 40[13]/;
page.on('console', (message) => {
  if (message.type() === 'error' && !REFUSAL.test(message.text())) pageErrors.push(message.text());
});
const requests = [];
page.on('request', (request) => requests.push({ at: Date.now(), url: request.url(), method: request.method() }));

const row = (id) => page.locator(`#jobs tbody tr[data-job-id="${id}"]`);
const progressOf = async (id) => Number(await row(id).locator('[role=progressbar]').getAttribute('aria-valuenow'));
const statusOf = (id) => row(id).getAttribute('data-status');

async function submitFromPage(type, docs, options, priority = 0) {
  await page.click('#new-job');
  await page.selectOption('#submit-form select[name=job_type]', type);
  await page.fill('#submit-form input[name=priority]', String(priority));
  await page.fill('#submit-form textarea[name=documents]', docs.join('\n'));
  await page.fill('#submit-form textarea[name=options]', JSON.stringify(options));
  const before = await page.evaluate(() => document.body.dataset.lastJob || '');
  await page.click('#submit-form button[type=submit]');
  await page.waitForFunction((previous) => (document.body.dataset.lastJob || '') !== previous, before);
  const id = await page.evaluate(() => document.body.dataset.lastJob);
  await row(id).waitFor();
  return id;
}

/** Signs in through the page's form; the form answers the server's refusal or closes. */
async function signIn(on, credential, kind = 'key') {
  await on.waitForSelector('#signin:not([hidden])', { timeout: 20_000 });
  await on.check(`#signin-form input[name=kind][value=${kind}]`);
  await on.fill('#signin-form input[name=credential]', credential);
  await on.click('#signin-form button[type=submit]');
}

async function waitForStatus(id, statuses, timeout = 60_000) {
  await page.waitForFunction(
    ([jobId, wanted]) => wanted.includes(document.querySelector(`#jobs tbody tr[data-job-id="${jobId}"]`)?.dataset.status),
    [id, statuses], { timeout, polling: 100 });
}

let exitCode = 0;
try {
  if (KEY) {
    await step('without a credential the page asks for one, keeps a wrong key out and tells a submitter the role it needs', async () => {
      // A tab of its own: sessionStorage starts empty, and the main page's checks stay clean.
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const other = await context.newPage();
      await other.goto(`${baseA}/ui/`);
      await other.waitForSelector('#signin:not([hidden])', { timeout: 20_000 });
      check(await other.isHidden('#signin-form .form-error'), 'no error before a try');
      check(await other.locator('body[data-ready=true]').count() === 0, 'nothing loads without a credential');

      await signIn(other, 'dbk_not-a-key-of-this-server');
      await other.waitForSelector('#signin-form .form-error:not([hidden])', { timeout: 10_000 });
      const refusal = await other.textContent('#signin-form .form-error');
      check(refusal.includes('not known'), `the refusal says why: ${refusal}`);
      check(await other.isVisible('#signin'), 'the form stays after a wrong key');
      check(await other.evaluate(() => sessionStorage.length) === 0, 'a wrong key is not kept');
      check((await other.textContent('#live')) === 'signed out', 'the badge says why nothing is live');
      await other.screenshot({ path: join(shots, 'sign-in.png') });

      await signIn(other, SUBMITTER_KEY);
      await other.waitForSelector('#forbidden:not([hidden])', { timeout: 10_000 });
      const forbidden = await other.textContent('#forbidden');
      check(forbidden.includes('needs the operator role'), `the page names the role it needs: ${forbidden}`);
      check(await other.isVisible('#signout'), 'a submitter can sign out');
      await other.screenshot({ path: join(shots, 'operator-role-needed.png') });

      await other.click('#forbidden-signout');
      await other.waitForSelector('#signin:not([hidden])', { timeout: 10_000 });
      check(await other.evaluate(() => sessionStorage.length) === 0, 'signing out forgets the key');
      if (TOKEN) {
        await signIn(other, TOKEN, 'token');
        await other.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
        check((await other.textContent('#live')) === 'live', 'a bearer token opens the live stream too');
      }
      await context.close();
    });
  }

  await step('the page loads, connects its event stream and lists jobs', async () => {
    const response = await page.goto(`${baseA}/ui/`);
    check(response.ok(), `GET /ui/ answered ${response.status()}`);
    if (KEY) {
      await signIn(page, KEY);
    }
    await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
    check((await page.textContent('#live')) === 'live', 'the live badge says live');
    check(KEY ? await page.isVisible('#signout') : await page.isHidden('#signin'),
      KEY ? 'a signed-in page offers to sign out' : 'an open server asks for nothing');
    const requested = requests.map((r) => new URL(r.url).host);
    check(requested.every((host) => host === new URL(baseA).host), `every request goes to docbatch: ${requested}`);
  });

  let finished;
  let cancelled;
  const mine = [];
  await step('a job submitted from the page shows a live progress bar that reaches 100%', async () => {
    // 12 documents of 2 s on 8 workers (4 per node): about 6 s, so the bar has steps to show.
    finished = await submitFromPage('noop', documents(0, 12), { delay_ms: 2000, artifact_bytes: 1000 });
    // Watch the bar move: the events carry progress, nothing reloads the list.
    await page.waitForFunction((id) => {
      const bar = document.querySelector(`#jobs tbody tr[data-job-id="${id}"] [role=progressbar]`);
      const value = Number(bar?.getAttribute('aria-valuenow'));
      return value > 0 && value < 100;
    }, finished, { timeout: 30_000, polling: 50 });
    await page.screenshot({ path: join(shots, 'job-running.png') });
    await waitForStatus(finished, ['COMPLETED']);
    check((await progressOf(finished)) === 100, 'the finished job shows 100%');
  });

  await step('its results open in the job detail', async () => {
    await row(finished).click();
    await page.waitForSelector('#detail:not([hidden])');
    await page.waitForFunction(
      () => document.querySelectorAll('#results tbody tr[data-status=completed]').length === 12,
      null, { timeout: 10_000 });
    check((await page.textContent('#results-count')).startsWith('12 completed, 0 failed'), 'the count of results');
    check((await page.getAttribute('#detail', 'data-status')) === 'COMPLETED', 'the detail shows COMPLETED');
    // each document's files: listed on demand, downloaded with the page's credential
    await page.click('#results tbody tr[data-index="0"] button.files');
    const link = page.locator('#results tbody tr[data-index="0"] td.files a');
    await link.waitFor({ timeout: 10_000 });
    const name = await link.textContent();
    check(name.endsWith('.bin'), `document 0 lists its artifact: ${name}`);
    const [saved] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), link.click()]);
    check(saved.suggestedFilename() === name, `the download is named ${name}: ${saved.suggestedFilename()}`);
    await page.screenshot({ path: join(shots, 'job-finished.png') });
    await page.click('#close-detail');
  });

  await step('a running job is cancelled from its Cancel button', async () => {
    const slow = await submitFromPage('noop', documents(12, 20), { delay_ms: 3000 });
    cancelled = slow;
    mine.push(finished, slow);
    await waitForStatus(slow, ['RUNNING'], 30_000);
    await row(slow).locator('button[data-action=cancel]').click();
    await waitForStatus(slow, ['CANCELLED'], 20_000);
    check((await row(slow).locator('button[data-action=cancel]').count()) === 0, 'no Cancel on a cancelled job');
    check((await row(slow).locator('button[data-action=retry]').count()) === 1, 'a cancelled job can be retried');
  });

  await step('a job with failed documents is retried from its detail', async () => {
    // dash-33 fails on purpose (fail_matching), the others succeed.
    const failing = await submitFromPage('noop', documents(32, 4), { delay_ms: 50, fail_matching: 'dash-33' });
    mine.push(failing);
    await waitForStatus(failing, ['COMPLETED']);
    await row(failing).click();
    await page.waitForSelector('#results tbody tr[data-status=failed]', { timeout: 10_000 });
    check((await page.textContent('#results tbody tr[data-status=failed]')).includes('dash-33'), 'the failed document is dash-33');
    await page.click('#detail button[data-action=retry]');
    await page.waitForFunction(
      (id) => document.querySelector('#detail')?.dataset.job === id && document.querySelector('#detail').dataset.retries === '1'
        && document.querySelector('#detail').dataset.status === 'COMPLETED',
      failing, { timeout: 30_000, polling: 100 });
    await page.click('#close-detail');
  });

  await step('a job submitted on another node shows and progresses on this page', async () => {
    const answer = await fetch(`${baseB}/api/jobs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth },
      body: JSON.stringify({ job_type: 'noop', documents: documents(0, 8), options: { delay_ms: 300 } }),
    });
    check(answer.status === 202, `node B accepted the job (${answer.status})`);
    const job = await answer.json();
    mine.push(job.job_id);
    await row(job.job_id).waitFor({ timeout: 10_000 });
    await waitForStatus(job.job_id, ['COMPLETED']);
    check((await progressOf(job.job_id)) === 100, 'the other node\'s job reaches 100%');
    const nodeB = job.node;
    check((await row(job.job_id).locator('td').nth(6).textContent()) === nodeB, `the job's node is ${nodeB}`);
    await page.waitForFunction(() => document.querySelectorAll('#workers .node').length === 2, null, { timeout: 15_000 });
  });

  await step('an OCR job\'s detail counts its pages as they are read', async () => {
    // scan-3.pdf: three scanned pages, each read by its own partition (issue 18). The detail is
    // opened at once: the pages it shows at the end came with the live events.
    const answer = await fetch(`${baseA}/api/jobs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth },
      body: JSON.stringify({ job_type: 'ocr', documents: ['scan-3.pdf'] }),
    });
    check(answer.status === 202, `the OCR job was accepted (${answer.status})`);
    const job = await answer.json();
    await row(job.job_id).waitFor({ timeout: 10_000 });
    await row(job.job_id).click();
    await page.waitForSelector('#detail .detail-summary .pages dd');
    await page.waitForFunction(
      (id) => document.querySelector('#detail')?.dataset.job === id
        && document.querySelector('#detail').dataset.status === 'COMPLETED'
        && document.querySelector('#detail .detail-summary .pages dd')?.textContent === '3 / 3',
      job.job_id, { timeout: 120_000, polling: 100 });
    await page.screenshot({ path: join(shots, 'ocr-pages.png') });

    // Each page beside its text: the image rendered by the server (bounded to 1000 px), the text
    // the page's span of the result; the next page shows the next page's text.
    await page.locator('#results tbody tr[data-index="0"] button.pages').waitFor({ timeout: 10_000 });
    await page.click('#results tbody tr[data-index="0"] button.pages');
    await page.waitForSelector('#page-view[data-shown="1"]', { timeout: 30_000 });
    const first = await page.evaluate(() => {
      const image = document.querySelector('#page-image');
      return { width: image.naturalWidth, height: image.naturalHeight, text: document.querySelector('#page-text').textContent };
    });
    check(first.text.includes('Invoice 2041'), `page 1's text beside it: ${first.text}`);
    // 456 x 124.8 pt: at most 150 dpi (950 px) and at most 1000 px, in the page's proportions
    check(Math.abs(first.width - 950) <= 1 && Math.abs(first.height - 950 * 520 / 1900) <= 2,
      `page 1's image, 950 px wide: ${first.width} x ${first.height}`);
    check((await page.textContent('#page-of')) === '1 of 3', 'the viewer counts the pages');
    await page.screenshot({ path: join(shots, 'page-beside-text.png') });
    await page.click('#page-next');
    await page.waitForSelector('#page-view[data-shown="2"]', { timeout: 30_000 });
    const second = await page.textContent('#page-text');
    check(second.includes('Minutes of the meeting') && !second.includes('Invoice'), `page 2's text: ${second}`);
    check(await page.isDisabled('#page-prev') === false, 'back to page 1 is possible');
    await page.keyboard.press('Escape');
    check(await page.isHidden('#page-view'), 'Escape closes the page view');
    check(await page.isVisible('#detail'), '...and leaves the job detail open');
    await page.click('#close-detail');
  });

  await step('a dead letter is requeued and discarded from its row', async () => {
    // The nodes run noop documents once (NOOP_MAX_RETRIES=0): a crash is a dead letter at once.
    const crashing = await submitFromPage('noop', documents(37, 2), { crash_matching: 'dash-38' });
    mine.push(crashing);
    await waitForStatus(crashing, ['COMPLETED', 'FAILED']);
    const deadRows = `#dead-letters tbody tr[data-job-id="${crashing}"]`;
    // The page reloads the list when the cluster's count of dead letters changes (within 10 s).
    await page.waitForSelector(deadRows, { timeout: 20_000 });
    check((await page.textContent(deadRows)).includes('crashed on purpose'), 'the row shows the last error');
    await page.locator(deadRows).first().locator('button[data-action=requeue]').click();
    await page.waitForSelector('.toast:has-text("runs its failed documents again")');
    const retried = async () => (await (await fetch(`${baseA}/api/jobs/${crashing}`, { headers: auth })).json());
    for (let i = 0; i < 100 && !((await retried()).retries === 1 && (await retried()).finished_at); i++) {
      await page.waitForTimeout(200);
    }
    check((await retried()).retries === 1, 'the requeued dead letter retried its job');
    // The document crashed again: its new dead letter shows, and is discarded.
    await page.waitForSelector(deadRows, { timeout: 20_000 });
    while (await page.locator(deadRows).count() > 0) {
      await page.locator(deadRows).first().locator('button[data-action=discard]').click();
      await page.waitForSelector('.toast:has-text("Dead letter discarded")');
      await page.waitForTimeout(300);
    }
    const left = await (await fetch(`${baseA}/api/dead-letters`, { headers: auth })).json();
    check(!left.dead_letters.some((d) => d.job_id === crashing), 'no dead letter of the job is left');
  });

  await step('filters by status and type', async () => {
    const rowsAre = (wanted) => page.waitForFunction(([key, value, mustHave]) => {
      const rows = [...document.querySelectorAll('#jobs tbody tr')];
      return rows.every((r) => r.dataset[key] === value) && mustHave.every((id) => rows.some((r) => r.dataset.jobId === id));
    }, wanted, { timeout: 10_000 });
    await page.selectOption('#filter-status', 'CANCELLED');
    await rowsAre(['status', 'CANCELLED', [cancelled]]);
    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-type', 'validation');
    await rowsAre(['type', 'validation', []]);
    check(!(await row(finished).isVisible()), 'a noop job is not among validation jobs');
    await page.selectOption('#filter-type', 'noop');
    await rowsAre(['type', 'noop', mine]);
    await page.selectOption('#filter-type', '');
    await rowsAre(['type', 'noop', mine]);
  });

  await step('queues, workers and charts are shown', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#queues tbody tr').length > 0, null, { timeout: 10_000 });
    check(await page.locator('#workers .pool[data-type=noop]').count() === 2, 'a noop pool per node');
    // A reload (as after a lost connection) fetches the history again: the documents processed
    // so far are in the last minutes' bars (each node adds its tallies every 10 s).
    await page.reload();
    await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelectorAll('#chart-throughput rect').length > 0, null, { timeout: 5_000 });
    check(await page.locator('#chart-errors circle').count() > 0, 'the error-rate chart has points');
  });

  await step(`the page makes no request of its own while a job runs (${LOAD_WINDOW_MS / 1000} s)`, async () => {
    // 40 documents of 6 s on 8 workers: about 30 s, longer than the window.
    const id = await submitFromPage('noop', documents(0, 40), { delay_ms: 6000 });
    await waitForStatus(id, ['RUNNING'], 30_000);
    const from = Date.now();
    const before = await progressOf(id);
    await page.waitForTimeout(LOAD_WINDOW_MS);
    const during = requests.filter((r) => r.at >= from);
    const after = await progressOf(id);
    console.log(`# requests in ${LOAD_WINDOW_MS / 1000} s with a job running: ${during.length} `
      + `(${(during.length / (LOAD_WINDOW_MS / 1000)).toFixed(3)}/s) ${JSON.stringify(during.map((r) => r.method + ' ' + new URL(r.url).pathname))}`);
    check(after > before, `the bar moved meanwhile (${before}% -> ${after}%)`);
    // The history once a minute at most: no polling.
    check(during.length <= Math.ceil(LOAD_WINDOW_MS / 60_000), `requests while watching: ${during.length}`);
    await row(id).locator('button[data-action=cancel]').click();
    await waitForStatus(id, ['CANCELLED'], 20_000);
  });

  for (const [width, height] of [[1366, 768], [1920, 1080]]) {
    await step(`the layout fits ${width}x${height}`, async () => {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const layout = await page.evaluate(() => {
        const box = (selector) => document.querySelector(selector).getBoundingClientRect().toJSON();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          scrollHeight: document.documentElement.scrollHeight,
          jobs: box('.jobs'), dead: box('.dead'), side: box('.side'), stats: box('.stats'),
        };
      });
      check(layout.scrollWidth <= width, `no horizontal scroll (${layout.scrollWidth} > ${width})`);
      check(layout.scrollHeight <= height, `no page scroll (${layout.scrollHeight} > ${height})`);
      check(layout.jobs.height >= 250, `the jobs list has room (${layout.jobs.height} px)`);
      check(layout.dead.bottom <= height && layout.side.right <= width, 'every panel is on screen');
      check(layout.jobs.right <= layout.side.left, 'jobs and the side column do not overlap');
      check(layout.stats.width > 0, 'the header figures show');
      await page.screenshot({ path: join(shots, `dashboard-${width}x${height}.png`) });
    });
  }

  check(pageErrors.length === 0, `errors in the page: ${pageErrors.join('; ')}`);
  check(!KEY || requests.every((r) => !r.url.includes(KEY)), 'the credential is never in a URL');
  console.log('dashboard: all checks passed');
} catch (error) {
  exitCode = 1;
  console.log(`not ok - ${error.message}`);
  await page.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(exitCode);
