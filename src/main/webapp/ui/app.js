// docbatch dashboard. Plain modules, no build step, nothing from outside this server.
// Live state comes from one event stream (GET /api/events, read by events.js): `job` events for
// each changed job, `cluster` events every 5 s (metrics and nodes). Lists are fetched once, and
// again only after a reconnect, a filter change or a user action; the charts' history once a minute.
// Every API call carries the credential signed in with (signin.js); an open server needs none.
import { drawBars, drawLine } from './charts.js';
import { openEvents } from './events.js';
import { credentialHeaders, setupSignIn, signedIn, showSignIn, showForbidden } from './signin.js';

const UNFINISHED = new Set(['PENDING', 'QUEUED', 'RUNNING']);
const RESULTS_PAGE = 100;
const JOBS_PAGE = 100;

const state = {
  jobs: new Map(),
  filter: { status: '', type: '' },
  node: null,
  detail: null, // { id, shown, loading, lastProgress }
  deadLetters: null, // the count last loaded
  history: null,
  activeJobs: null,
};

// ---- helpers ---------------------------------------------------------------------------------

/** Builds an element; children are nodes or text (never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'style') el.style.cssText = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const $ = (selector) => document.querySelector(selector);

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
  }
}

async function api(path, options = {}) {
  const response = await fetch('/api' + path, {
    ...options,
    headers: {
      Accept: 'application/json',
      ...(options.body ? { 'Content-Type': 'application/json' } : {}),
      ...credentialHeaders(),
    },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, body);
    // A refused action (a role too low for it) is only a toast; a refused read is the whole page's.
    if (error.status === 401 || !options.method) refused(error);
    throw error;
  }
  return body;
}

/** A refused credential ends the live stream: the page waits for a sign-in. */
function refused(error) {
  if (error.status === 401) {
    stopLive('signed out');
    showSignIn(signedIn() ? error.message : '');
  } else if (error.status === 403 && error.code === 'forbidden') {
    stopLive('no access');
    showForbidden(error.message);
  }
}

function toast(message, bad = false) {
  const el = h('div', { class: 'toast' + (bad ? ' bad' : '') }, message);
  $('#toasts').append(el);
  setTimeout(() => el.remove(), bad ? 6000 : 3500);
}

function time(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return sameDay ? at.toLocaleTimeString() : at.toLocaleString();
}

function duration(fromIso, toIso) {
  if (!fromIso) return '';
  const ms = (toIso ? new Date(toIso) : new Date()) - new Date(fromIso);
  if (ms < 1000) return `${Math.max(0, ms)} ms`;
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

const shortId = (id) => id.slice(0, 8);
const percent = (x) => `${(100 * x).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;

function progressBar(job) {
  const total = job.total_tasks || 0;
  const done = total ? (100 * job.completed_tasks) / total : job.progress;
  const failed = total ? (100 * job.failed_tasks) / total : 0;
  return h('div', {
      class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': job.progress, 'aria-label': `progress of job ${job.job_id}`,
    },
    h('span', { class: 'done', style: `width:${done}%` }),
    h('span', { class: 'failed', style: `width:${failed}%` }),
    h('em', {}, `${job.progress}%`));
}

function canCancel(job) {
  return UNFINISHED.has(job.status);
}

function canRetry(job) {
  return job.status === 'FAILED' || job.status === 'CANCELLED'
    || (job.status === 'COMPLETED' && job.failed_tasks > 0);
}

function actionButtons(job) {
  const buttons = [];
  if (canCancel(job)) {
    buttons.push(h('button', { type: 'button', class: 'danger', dataset: { action: 'cancel', job: job.job_id },
      onclick: (e) => { e.stopPropagation(); cancelJob(job.job_id); } }, 'Cancel'));
  }
  if (canRetry(job)) {
    buttons.push(h('button', { type: 'button', dataset: { action: 'retry', job: job.job_id },
      onclick: (e) => { e.stopPropagation(); retryJob(job.job_id); } }, 'Retry'));
  }
  return buttons;
}

// ---- jobs --------------------------------------------------------------------------------------

function matchesFilter(job) {
  return (!state.filter.status || job.status === state.filter.status)
    && (!state.filter.type || job.job_type === state.filter.type);
}

async function loadJobs() {
  const query = new URLSearchParams({ limit: JOBS_PAGE });
  if (state.filter.status) query.set('status', state.filter.status);
  if (state.filter.type) query.set('type', state.filter.type);
  const page = await api('/jobs?' + query);
  state.jobs = new Map(page.jobs.map((job) => [job.job_id, job]));
  renderJobs();
}

/** A job's newer record, from an event or an answer. */
function upsert(job) {
  if (matchesFilter(job)) {
    state.jobs.set(job.job_id, job);
  } else {
    state.jobs.delete(job.job_id);
  }
  scheduleRender();
  if (state.detail?.id === job.job_id) showDetailJob(job);
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    renderJobs();
  });
}

// Each cell is rebuilt only when what it shows changes: a row updated every second keeps its
// buttons under the pointer.
const JOB_CELLS = [
  [(job) => `${job.job_type} ${job.job_id}`,
    (job) => h('td', {}, h('b', {}, job.job_type), ' ', h('span', { class: 'job-id', title: job.job_id }, shortId(job.job_id)))],
  [(job) => job.status, (job) => h('td', {}, h('span', { class: `status ${job.status}` }, job.status))],
  [(job) => `${job.progress} ${job.completed_tasks} ${job.failed_tasks}`, (job) => h('td', { class: 'progress-col' }, progressBar(job))],
  [(job) => `${job.completed_tasks} ${job.failed_tasks} ${job.total_tasks}`,
    (job) => h('td', { class: 'num' }, `${job.completed_tasks + job.failed_tasks}/${job.total_tasks}`,
      job.failed_tasks ? h('span', { class: 'muted' }, ` (${job.failed_tasks} failed)`) : null)],
  [(job) => String(job.priority), (job) => h('td', { class: 'num' }, job.priority)],
  [(job) => job.created_at, (job) => h('td', { title: job.created_at }, time(job.created_at))],
  [(job) => job.node || '', (job) => h('td', { class: 'muted' }, job.node || '')],
  [(job) => `${canCancel(job)} ${canRetry(job)}`, (job) => h('td', { class: 'actions' }, actionButtons(job))],
];

const jobRows = new Map(); // job id -> { tr, keys }

function jobRow(job) {
  let entry = jobRows.get(job.job_id);
  if (!entry) {
    const tr = h('tr', { onclick: () => openDetail(job.job_id) });
    entry = { tr, keys: [] };
    jobRows.set(job.job_id, entry);
  }
  const { tr, keys } = entry;
  Object.assign(tr.dataset, { jobId: job.job_id, status: job.status, type: job.job_type });
  tr.classList.toggle('selected', state.detail?.id === job.job_id);
  JOB_CELLS.forEach(([key, build], i) => {
    const value = key(job);
    if (keys[i] === value && tr.children[i]) return;
    keys[i] = value;
    const cell = build(job);
    if (tr.children[i]) tr.children[i].replaceWith(cell);
    else tr.append(cell);
  });
  return tr;
}

function renderJobs() {
  const jobs = [...state.jobs.values()]
    .sort((a, b) => (b.created_at || '').localeCompare(a.created_at || ''))
    .slice(0, JOBS_PAGE);
  const shown = new Set(jobs.map((job) => job.job_id));
  for (const id of jobRows.keys()) {
    if (!shown.has(id)) jobRows.delete(id);
  }
  const body = $('#jobs tbody');
  const rows = jobs.map(jobRow);
  // Moves only what is out of place.
  rows.forEach((tr, i) => {
    if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
  });
  while (body.children.length > rows.length) body.lastElementChild.remove();
  $('#jobs-empty').hidden = rows.length > 0;
}

async function cancelJob(id) {
  try {
    upsert(await api(`/jobs/${id}`, { method: 'DELETE' }));
    toast(`Job ${shortId(id)} cancelled`);
  } catch (e) {
    toast(`Cancel failed: ${e.message}`, true);
  }
}

async function retryJob(id) {
  try {
    upsert(await api(`/jobs/${id}/retry`, { method: 'POST' }));
    toast(`Job ${shortId(id)} runs again`);
    if (state.detail?.id === id) loadResults(true);
  } catch (e) {
    toast(`Retry failed: ${e.message}`, true);
  }
}

// ---- submitting --------------------------------------------------------------------------------

function setupSubmitForm() {
  const form = $('#submit-form');
  const error = form.querySelector('.form-error');
  $('#new-job').addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) form.documents.focus();
  });
  $('#cancel-submit').addEventListener('click', () => { form.hidden = true; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    let options;
    try {
      options = JSON.parse(form.options.value.trim() || '{}');
    } catch (e) {
      error.textContent = `Options are not JSON: ${e.message}`;
      error.hidden = false;
      return;
    }
    const request = {
      job_type: form.job_type.value,
      priority: Number(form.priority.value || 0),
      documents: form.documents.value.split('\n').map((line) => line.trim()).filter(Boolean),
      options,
    };
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const job = await api('/jobs', { method: 'POST', body: JSON.stringify(request) });
      document.body.dataset.lastJob = job.job_id;
      upsert(job);
      form.hidden = true;
      toast(`Job ${shortId(job.job_id)} submitted: ${job.total_tasks} documents`);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
}

// ---- job detail --------------------------------------------------------------------------------

async function openDetail(id) {
  state.detail = { id, shown: 0, loading: false, lastProgress: -1 };
  $('#detail').hidden = false;
  $('#results tbody').replaceChildren();
  scheduleRender();
  try {
    showDetailJob(await api(`/jobs/${id}`));
  } catch (e) {
    toast(`Job ${shortId(id)}: ${e.message}`, true);
  }
}

function closeDetail() {
  state.detail = null;
  $('#detail').hidden = true;
  scheduleRender();
}

function showDetailJob(job) {
  const detail = state.detail;
  if (!detail || detail.id !== job.job_id) return;
  detail.job = job;
  Object.assign($('#detail').dataset, { job: job.job_id, status: job.status, retries: job.retries });
  $('#detail-title').replaceChildren(`${job.job_type} job `, h('span', { class: 'job-id' }, job.job_id));
  $('#detail .detail-actions').replaceChildren(...actionButtons(job));
  const field = (label, value, cls) => h('div', { class: cls }, h('dt', {}, label), h('dd', { title: String(value ?? '') }, value ?? '–'));
  $('#detail .detail-summary').replaceChildren(
    field('Status', h('span', { class: `status ${job.status}` }, job.status)),
    field('Progress', progressBar(job)),
    field('Completed', job.completed_tasks),
    field('Failed', job.failed_tasks),
    field('Documents', job.total_tasks),
    // OCR jobs count pages too: a long scan moves page by page between its document's events.
    ...(job.pages_total != null ? [field('Pages', `${job.pages_done} / ${job.pages_total}`, 'pages')] : []),
    field('Priority', job.priority),
    field('Retries', job.retries),
    field('Recoveries', job.recoveries),
    field('Created', time(job.created_at)),
    field('Started', time(job.started_at)),
    field('Finished', time(job.finished_at)),
    field('Took', job.started_at ? duration(job.started_at, job.finished_at) : ''),
    field('Node', job.node),
    field('Options', JSON.stringify(job.options), 'full'),
    ...(job.error ? [field('Error', job.error, 'full error')] : []));
  // Results follow progress, at most one reload every 2 s while the job runs.
  const progressed = job.completed_tasks + job.failed_tasks;
  if (progressed !== detail.lastProgress && !detail.loading) {
    const wait = detail.lastLoad ? Math.max(0, 2000 - (Date.now() - detail.lastLoad)) : 0;
    clearTimeout(detail.timer);
    detail.timer = setTimeout(() => loadResults(true), wait);
  }
}

async function loadResults(fromStart) {
  const detail = state.detail;
  if (!detail) return;
  detail.loading = true;
  detail.lastLoad = Date.now();
  try {
    const limit = fromStart ? Math.max(RESULTS_PAGE, detail.shown) : RESULTS_PAGE;
    const offset = fromStart ? 0 : detail.shown;
    const page = await api(`/jobs/${detail.id}/results?offset=${offset}&limit=${Math.min(limit, 1000)}`);
    if (state.detail !== detail) return;
    detail.lastProgress = page.successful + page.failed;
    const rows = page.results.map(resultRow);
    if (fromStart) $('#results tbody').replaceChildren(...rows);
    else $('#results tbody').append(...rows);
    detail.shown = offset + page.results.length;
    $('#results-count').textContent = `${page.successful} completed, ${page.failed} failed of ${page.total_tasks}`;
    $('#more-results').hidden = !page.next;
  } catch (e) {
    toast(`Results: ${e.message}`, true);
  } finally {
    detail.loading = false;
  }
}

function resultRow(result) {
  let summary = '';
  let failed = false;
  if (result.error) {
    failed = true;
    summary = `${result.error.code}: ${result.error.message}`;
    if (result.error.stage) summary = `[${result.error.stage}] ${summary}`;
  } else if (result.result) {
    summary = JSON.stringify(result.result);
  }
  return h('tr', { dataset: { index: result.index, status: result.status } },
    h('td', { class: 'num' }, result.index),
    h('td', { title: result.document }, result.document),
    h('td', {}, h('span', { class: `status ${result.status}` }, result.status)),
    h('td', { class: 'num' }, result.duration_ms ?? ''),
    h('td', { class: 'result' + (failed ? ' error' : ''), title: summary }, summary),
    h('td', { class: 'files' }, result.status === 'pending' ? '' : filesButton(result.index),
      ocrReading(result) ? pagesButton(result) : ''));
}

/** Lists a document's artifacts in its row, each a download link. */
function filesButton(index) {
  const button = h('button', { type: 'button', class: 'files', title: 'the files the job produced for this document' }, 'files');
  const cell = h('span', { class: 'file-list' }, button);
  button.addEventListener('click', async () => {
    try {
      const listed = await api(`/jobs/${state.detail.id}/documents/${index}/artifacts`);
      if (listed.artifacts.length === 0) {
        cell.replaceChildren(h('span', { class: 'muted' }, 'none'));
        return;
      }
      cell.replaceChildren(...listed.artifacts.map(artifact => {
        const link = h('a', { href: artifact.url, title: `${artifact.media_type}, ${artifact.size_bytes} bytes` }, artifact.name);
        link.addEventListener('click', event => {
          event.preventDefault();
          download(artifact);
        });
        return h('div', {}, link);
      }));
    } catch (error) {
      toast(`files of document ${index}: ${error.message}`, true);
    }
  });
  return cell;
}

// ---- a document's pages beside their text ------------------------------------------------------

/** The OCR reading in a document's result (a pipeline's under its OCR stage), if it has pages. */
function ocrReading(result) {
  const reading = result.result?.stages?.ocr ?? result.result;
  return Array.isArray(reading?.pages) && reading.pages.length > 0 ? reading : null;
}

function pagesButton(result) {
  return h('button', { type: 'button', class: 'pages', title: 'each page beside the text read on it',
    onclick: () => openPages(result) }, 'pages');
}

const viewer = { job: null, index: 0, document: '', reading: null, wholeText: null, at: 0, url: null };

function openPages(result) {
  Object.assign(viewer, { job: state.detail.id, index: result.index, document: result.document,
    reading: ocrReading(result), wholeText: null });
  $('#page-view').hidden = false;
  showPage(0);
}

function closePages() {
  $('#page-view').hidden = true;
  $('#page-image').removeAttribute('src');
  delete $('#page-view').dataset.shown;
  if (viewer.url) URL.revokeObjectURL(viewer.url);
  viewer.url = null;
}

/**
 * A page's text: its span of the result's text, or of the text artifact when the result keeps only
 * the beginning (MAX_RESULT_KB); the artifact is fetched once per document.
 */
async function pageText(page) {
  if (page.text_begin === undefined) return '';
  const reading = viewer.reading;
  if (reading.text_truncated && reading.text_artifact_url && viewer.wholeText === null) {
    const response = await fetch(reading.text_artifact_url, { headers: credentialHeaders() });
    viewer.wholeText = response.ok ? await response.text() : reading.text ?? '';
  }
  return (viewer.wholeText ?? reading.text ?? '').slice(page.text_begin, page.text_end);
}

/** Shows page `at` (from 0): its image, rendered by the server at 1000 px, and its text. */
async function showPage(at) {
  viewer.at = at;
  const pages = viewer.reading.pages;
  const number = pages[at].page ?? at + 1;
  const view = $('#page-view');
  delete view.dataset.shown;
  $('#page-view-title').textContent = `${viewer.document}, page ${number}`;
  $('#page-of').textContent = `${at + 1} of ${pages.length}`;
  $('#page-prev').disabled = at === 0;
  $('#page-next').disabled = at === pages.length - 1;
  const text = await pageText(pages[at]);
  $('#page-text').textContent = text || '(no text on this page)';
  const image = $('#page-image');
  const response = await fetch(
    `/api/jobs/${viewer.job}/documents/${viewer.index}/pages/${number}/image?size=1000`,
    { headers: credentialHeaders() });
  if (viewer.at !== at || view.hidden) return; // another page was asked for meanwhile
  if (!response.ok) {
    image.removeAttribute('src');
    image.alt = `no image of page ${number}: HTTP ${response.status}`;
    return;
  }
  if (viewer.url) URL.revokeObjectURL(viewer.url);
  viewer.url = URL.createObjectURL(await response.blob());
  image.alt = `page ${number} of ${viewer.document}`;
  image.src = viewer.url;
  await image.decode().catch(() => {});
  if (viewer.at === at) view.dataset.shown = number;
}

/** A download with the signed-in credential (a plain link would carry none). */
async function download(artifact) {
  const response = await fetch(artifact.url, { headers: credentialHeaders() });
  if (!response.ok) {
    toast(`${artifact.name}: HTTP ${response.status}`, true);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: artifact.name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- dead letters ------------------------------------------------------------------------------

async function loadDeadLetters() {
  const page = await api('/dead-letters');
  state.deadLetters = page.total;
  $('#dead-total').textContent = page.total ? `${page.total} partitions out of attempts` : '';
  const rows = page.dead_letters.map((entry) => h('tr', { dataset: { deadLetter: entry.id, jobId: entry.job_id || '' } },
    h('td', {}, entry.worker_type),
    h('td', {}, entry.job_id
      ? h('a', { href: '#', onclick: (e) => { e.preventDefault(); openDetail(entry.job_id); } }, shortId(entry.job_id))
      : ''),
    h('td', { class: 'num' }, entry.page ? `${entry.document_index} p. ${entry.page}` : (entry.document_index ?? '')),
    h('td', { class: 'wrap' }, entry.error),
    h('td', { title: entry.dead_at }, time(entry.dead_at)),
    h('td', { class: 'actions' },
      h('button', { type: 'button', dataset: { action: 'requeue' }, onclick: () => requeue(entry) }, 'Requeue'),
      h('button', { type: 'button', class: 'danger', dataset: { action: 'discard' }, onclick: () => discard(entry) }, 'Discard'))));
  $('#dead-letters tbody').replaceChildren(...rows);
  $('#dead-empty').hidden = rows.length > 0;
}

async function requeue(entry) {
  try {
    await api(`/dead-letters/${encodeURIComponent(entry.id)}/requeue`, { method: 'POST' });
    toast(`Job ${entry.job_id ? shortId(entry.job_id) : ''} runs its failed documents again`);
    await loadDeadLetters();
  } catch (e) {
    toast(`Requeue failed: ${e.message}`, true);
  }
}

async function discard(entry) {
  try {
    await api(`/dead-letters/${encodeURIComponent(entry.id)}`, { method: 'DELETE' });
    toast('Dead letter discarded');
    await loadDeadLetters();
  } catch (e) {
    toast(`Discard failed: ${e.message}`, true);
  }
}

// ---- cluster: stats, queues, workers -----------------------------------------------------------

function showCluster({ metrics, nodes }) {
  const queue = metrics.queue;
  // The feed's own count (each second) is fresher than the metrics' (5 s cache).
  $('#stat-active').textContent = state.activeJobs ?? queue.active_jobs;
  $('#stat-queued').textContent = queue.current_queue_size;
  $('#stat-dead').textContent = queue.dead_letters;
  $('#stat-errors').textContent = percent(metrics.tasks.error_rate);
  $('#queue-total').textContent = `${queue.current_queue_size} of ${queue.max_queue_size} queued`;
  const queueRows = Object.entries(queue.by_type).map(([type, q]) => h('tr', {},
    h('td', {}, type),
    h('td', { class: 'num' }, q.by_tier.high),
    h('td', { class: 'num' }, q.by_tier.normal),
    h('td', { class: 'num' }, q.by_tier.low),
    h('td', { class: 'num' }, q.delayed),
    h('td', { class: 'num' }, q.running)));
  $('#queues tbody').replaceChildren(...queueRows);

  // Every node's summary comes from Redis (written with its heartbeat); this node's from the
  // metrics if Redis had none yet.
  // This node's own pools are read now, fresher than the summary it wrote with its last heartbeat.
  const here = { node: metrics.node, workers: metrics.workers, system: metrics.system };
  const all = [here, ...nodes.filter((n) => n.node !== metrics.node)];
  $('#workers-scope').textContent = all.length > 1
    ? `${all.length} nodes; others as of their last heartbeat`
    : 'this node (no other node beats)';
  let busy = 0;
  let total = 0;
  const sections = [...all].sort((a, b) => a.node.localeCompare(b.node)).map((n) => {
    busy += n.workers.busy_workers;
    total += n.workers.total_workers;
    const pools = Object.entries(n.workers.by_type).map(([type, p]) => h('div', { class: 'pool', dataset: { type } },
      h('span', {}, type),
      h('span', { class: 'meter', title: `${p.busy} busy of ${p.workers} (min ${p.min_workers}, max ${p.max_workers})` },
        h('span', { style: `width:${p.max_workers ? (100 * p.busy) / p.max_workers : 0}%` })),
      h('span', { class: 'count' }, `${p.busy}/${p.workers}`)));
    const heap = n.system ? `heap ${n.system.heap_used_mb}/${n.system.heap_max_mb} MB · CPU ${percent(n.system.cpu_load)}` : '';
    return h('div', { class: 'node', dataset: { node: n.node } },
      h('div', { class: 'node-head' }, h('b', {}, n.node), n.node === state.node ? h('span', { class: 'muted' }, '(this page)') : null,
        h('span', { class: 'spacer' }), h('span', { class: 'muted' }, heap)),
      pools);
  });
  // Workers outside the server, by external task type (cluster-wide): busy tasks of those heard
  // from lately, and when any last called.
  const external = Object.entries(metrics.external_workers?.by_type ?? {});
  if (external.length > 0) {
    sections.push(h('div', { class: 'node', dataset: { node: 'external' } },
      h('div', { class: 'node-head' }, h('b', {}, 'external workers'), h('span', { class: 'spacer' }),
        h('span', { class: 'muted' }, 'cluster')),
      external.map(([type, p]) => h('div', { class: 'pool', dataset: { type } },
        h('span', {}, type),
        h('span', { class: 'meter', title: `${p.busy} tasks leased by ${p.workers} workers; last heard ${p.last_heartbeat ?? 'never'}` },
          h('span', { style: `width:${p.workers ? Math.min(100, (100 * p.busy) / p.workers) : 0}%` })),
        h('span', { class: 'count' }, `${p.busy}/${p.workers}`)))));
  }
  $('#workers').replaceChildren(...sections);
  $('#stat-workers').textContent = `${busy}/${total}`;

  if (state.deadLetters !== null && queue.dead_letters !== state.deadLetters) {
    loadDeadLetters().catch((e) => toast(`Dead letters: ${e.message}`, true));
  }
}

// ---- charts ------------------------------------------------------------------------------------

async function loadHistory() {
  state.history = await api('/metrics/history');
  drawHistory();
}

function drawHistory() {
  if (!state.history) return;
  const minutes = state.history.minutes;
  drawBars($('#chart-throughput'), minutes.map((m) => ({ at: m.at, ok: m.completed, bad: m.failed })));
  drawLine($('#chart-errors'), minutes.map((m) => {
    const processed = m.completed + m.failed;
    return { at: m.at, value: processed ? m.failed / processed : null };
  }));
}

// ---- live events -------------------------------------------------------------------------------

let live = null; // the open event stream: { close() }

const EVENT_HANDLERS = {
  async hello(hello) {
    state.node = hello.node;
    $('#node').textContent = `node ${hello.node}`;
    showLive(true);
    // Whatever changed while the stream was down comes with fresh lists.
    try {
      await Promise.all([loadJobs(), loadDeadLetters(), loadHistory()]);
      document.body.dataset.ready = 'true';
    } catch (e) {
      if (e.status !== 401 && e.status !== 403) toast(`Loading failed: ${e.message}`, true);
    }
  },
  job: (job) => upsert(job),
  cluster: (cluster) => showCluster(cluster),
  active({ active_jobs: active }) {
    state.activeJobs = active;
    $('#stat-active').textContent = active;
  },
};

/** The badge: live, or why not (reconnecting by default). */
function showLive(on, why = 'reconnecting') {
  const badge = $('#live');
  badge.textContent = on ? 'live' : why;
  badge.className = on ? 'live on' : 'live off';
}

function connect() {
  stopLive('connecting');
  live = openEvents('/api/events', {
    headers: credentialHeaders,
    onEvent: (type, data) => EVENT_HANDLERS[type]?.(JSON.parse(data)),
    onLost: () => showLive(false),
    onRefused: (status, problem) => refused(new ApiError(status, problem)),
  });
}

function stopLive(why) {
  live?.close();
  live = null;
  delete document.body.dataset.ready;
  showLive(false, why);
}

function setup() {
  setupSubmitForm();
  for (const [id, key] of [['#filter-status', 'status'], ['#filter-type', 'type']]) {
    $(id).addEventListener('change', (event) => {
      state.filter[key] = event.target.value;
      loadJobs().catch((e) => toast(`Jobs: ${e.message}`, true));
    });
  }
  $('#close-detail').addEventListener('click', closeDetail);
  $('#more-results').addEventListener('click', () => loadResults(false));
  $('#page-close').addEventListener('click', closePages);
  $('#page-prev').addEventListener('click', () => showPage(viewer.at - 1));
  $('#page-next').addEventListener('click', () => showPage(viewer.at + 1));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (!$('#page-view').hidden) closePages(); else closeDetail();
  });
  // Redrawn at the charts' real size (a scrollbar appearing in the side column narrows them).
  new ResizeObserver(() => drawHistory()).observe($('#chart-throughput'));
  setInterval(() => { if (live) loadHistory().catch(() => {}); }, 60_000);
  setupSignIn({ onSignIn: connect, onSignOut: () => stopLive('signed out') });
  connect();
}

setup();
