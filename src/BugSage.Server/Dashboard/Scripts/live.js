// Live updates from the /hubs/live SignalR hub: the server pushes each project's issue events
// after every digest commit to the browsers that subscribed to that project.
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';

export function startLive(root) {
  const banners = [...root.querySelectorAll('[data-live-new-issues]')];
  const feeds = [...root.querySelectorAll('[data-live-feed]')];
  const projects = new Set([
    ...banners.map((b) => b.dataset.liveNewIssues),
    ...feeds.map((f) => f.dataset.liveFeed),
  ]);
  if (projects.size === 0) return;

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
    connection.on(name, (e) => prependToFeeds(feeds, name, e));
  }

  const subscribe = () => Promise.all([...projects].map((id) => connection.invoke('Subscribe', Number(id))));
  connection.onreconnected(subscribe);
  connection.start().then(subscribe).then(() => {
    document.documentElement.dataset.live = 'connected';
  }).catch((error) => {
    document.documentElement.dataset.live = 'unavailable';
    console.warn('Live updates are unavailable', error);
  });
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
