// Live updates from the /hubs/live SignalR hub: the server pushes each project's issue events
// after every digest commit to the browsers that subscribed to that project.
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';

export function startLive(root) {
  const banners = [...root.querySelectorAll('[data-live-new-issues]')];
  const feeds = [...root.querySelectorAll('[data-live-feed]')];
  const counters = [...root.querySelectorAll('[data-live-project]')];
  const pendingAnalyses = [...root.querySelectorAll('[data-analysis-pending]')];
  const timelines = [...root.querySelectorAll('[data-fix-session]')];
  const projects = new Set([
    ...pendingAnalyses.map((p) => p.dataset.liveProjectId),
    ...banners.map((b) => b.dataset.liveNewIssues),
    ...feeds.map((f) => f.dataset.liveFeed),
    ...counters.map((c) => c.dataset.liveProject),
  ]);
  const sessions = new Set(timelines.map((t) => t.dataset.fixSession));
  if (projects.size === 0 && sessions.size === 0) return;

  const connection = new HubConnectionBuilder()
    .withUrl('/hubs/live')
    .withAutomaticReconnect()
    .configureLogging(LogLevel.Warning)
    .build();

  let newIssues = 0;
  connection.on('issue.created', (e) => {
    for (const banner of banners.filter((b) => b.dataset.liveNewIssues === String(e.projectId))) {
      newIssues += 1;
      banner.querySelector('[data-live-count]').textContent = String(newIssues);
      banner.lastChild.textContent = newIssues === 1 ? ' new issue · show' : ' new issues · show';
      banner.hidden = false;
    }
  });
  for (const name of ['issue.created', 'issue.regressed', 'issue.updated']) {
    connection.on(name, (e) => {
      prependToFeeds(feeds, name, e);
      refreshCounters(counters, e.projectId);
    });
  }

  // An analysis this page waits for says what it is doing, then shows itself when it is done.
  connection.on('analysis.progress', (e) => {
    for (const p of pendingAnalyses.filter((x) => x.dataset.analysisPending === String(e.issueId))) p.textContent = `Analysis: ${e.detail}…`;
  });
  connection.on('analysis.completed', (e) => {
    if (pendingAnalyses.some((p) => p.dataset.analysisPending === String(e.issueId))) window.location.reload();
  });

  // A fix session's timeline marks each step as it starts and ends; the page reloads when the
  // session completes or someone decides on it, to show candidates and controls as they now are.
  connection.on('fix-session.progress', (e) => {
    const [step, status] = (e.detail ?? '').split(':');
    for (const timeline of timelines.filter((t) => t.dataset.fixSession === String(e.fixSessionId))) {
      const item = timeline.querySelector(`[data-step="${CSS.escape(step)}"]`);
      if (!item) continue;
      item.className = `step step-${status}`;
      item.querySelector('[data-step-status]').textContent = status;
    }
  });
  for (const name of ['fix-session.completed', 'fix-session.updated']) {
    connection.on(name, (e) => {
      if (sessions.has(String(e.fixSessionId))) window.location.reload();
    });
  }

  const subscribe = () => Promise.all([
    ...[...projects].map((id) => connection.invoke('JoinGroup', `project:${id}`)),
    ...[...sessions].map((id) => connection.invoke('JoinGroup', `fix-session:${id}`)),
  ]);
  connection.onreconnected(subscribe);
  connection.start().then(subscribe).then(() => {
    document.documentElement.dataset.live = 'connected';
  }).catch((error) => {
    document.documentElement.dataset.live = 'unavailable';
    console.warn('Live updates are unavailable', error);
  });
}

// Counters are re-read from the server at most every three seconds while events arrive.
const refreshing = new Map();

function refreshCounters(counters, projectId) {
  const box = counters.find((c) => c.dataset.liveProject === String(projectId));
  if (!box || refreshing.get(projectId)) return;
  refreshing.set(projectId, true);
  setTimeout(async () => {
    refreshing.delete(projectId);
    const response = await fetch(`/dashboard/projects/${projectId}/stats`, { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const stats = await response.json();
    for (const [name, value] of Object.entries(stats)) {
      const cell = box.querySelector(`[data-stat="${name}"]`);
      if (cell) cell.textContent = value;
    }
  }, 3000);
}

const describe = { 'issue.created': 'new issue', 'issue.regressed': 'regressed', 'issue.updated': 'new events' };

function prependToFeeds(feeds, name, e) {
  for (const feed of feeds.filter((f) => f.dataset.liveFeed === String(e.projectId))) {
    feed.querySelector('[data-empty]')?.remove();
    const item = document.createElement('li');
    const kind = document.createElement('span');
    kind.className = 'muted';
    kind.textContent = `${describe[name]} `;
    const link = document.createElement('a');
    link.href = `/issues/${e.issueId}`;
    link.textContent = e.title ?? `issue ${e.issueId}`;
    item.append(kind, link, document.createTextNode(' just now'));
    feed.prepend(item);
    while (feed.children.length > 30) feed.lastElementChild.remove();
  }
}
