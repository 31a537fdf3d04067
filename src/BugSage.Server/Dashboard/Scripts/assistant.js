// The assistant panel (Dashboard/AssistantPanel): questions about the page's project or issue,
// asked through the dashboard's cookie routes, with the answer read as it streams.
import { readEvents } from './sse.js';
import { Transcript } from './transcript.js';

const base = '/dashboard/assistant/conversations';

export function startAssistant(root) {
  const panel = root.querySelector('[data-assistant]');
  const toggle = root.querySelector('[data-assistant-toggle]');
  if (!panel || !toggle) return;
  const form = panel.querySelector('[data-assistant-form]');
  const question = form.querySelector('textarea');
  const status = panel.querySelector('[data-assistant-status]');
  const history = panel.querySelector('[data-assistant-history]');
  const token = form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
  const context = { projectId: id(panel.dataset.contextProject), issueId: id(panel.dataset.contextIssue) };
  let conversationId = null;
  let busy = false;

  const call = async (method, url, body, accept = 'application/json') => {
    // The cookie alone does not authorize a change: the page's antiforgery token must come too.
    const response = await fetch(url, {
      method,
      headers: { accept, 'content-type': 'application/json', RequestVerificationToken: token },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(await problem(response));
    return response;
  };

  // Each event of a turn, as the server writes it (ConversationsApi / AssistantEvent).
  const show = (type, data) => {
    if (type === 'message') transcript.question(data.content);
    else if (type === 'tool_call') transcript.toolCall(data.messageId, data.tool, data.arguments);
    else if (type === 'tool_result') transcript.toolResult(data.messageId, data.status, data.result);
    else if (type === 'confirmation') transcript.confirmation(data.messageId);
    else if (type === 'delta') transcript.delta(data.text ?? '');
    else if (type === 'done') transcript.done(data.content);
    else if (type === 'error') transcript.error(data.detail ?? data.message ?? 'The assistant failed.');
  };

  const stream = async (url, body) => {
    const response = await call('POST', url, body, 'text/event-stream');
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) await readEvents(response, show);
    else for (const m of (await response.json()).messages ?? []) showStored(m);
  };

  const showStored = (m) => {
    if (m.role === 'user') transcript.question(m.content);
    else if (m.role === 'assistant') transcript.done(m.content);
    else if (m.role === 'tool') {
      transcript.toolCall(m.id, m.tool, m.arguments, m.toolStatus);
      if (m.toolStatus === 'awaiting_confirmation') transcript.confirmation(m.id);
      else if (m.result !== null && m.result !== undefined) transcript.toolResult(m.id, m.toolStatus, m.result);
    }
  };

  const busyWith = async (what, work) => {
    if (busy) return;
    busy = true;
    form.querySelector('button[type=submit]').disabled = true;
    status.textContent = what;
    try {
      await work();
      status.textContent = '';
    } catch (error) {
      status.textContent = '';
      transcript.error(error.message);
    } finally {
      busy = false;
      form.querySelector('button[type=submit]').disabled = false;
    }
  };

  // The confirmation event's URL is the REST API's; the same route under /dashboard takes the cookie.
  const decide = (messageId, approve) => busyWith(approve ? 'Doing it…' : 'Declining…', async () => {
    await stream(`${base}/${conversationId}/confirmations/${messageId}`, { approve });
    await loadHistory();
  });
  const transcript = new Transcript(panel.querySelector('[data-assistant-log]'), decide);

  const ask = (content) => busyWith('Thinking…', async () => {
    conversationId ??= (await (await call('POST', base, context)).json()).id;
    question.value = '';
    await stream(`${base}/${conversationId}/messages`, { content, ...context });
    await loadHistory();
  });

  const open = (conversation) => busyWith('Loading…', async () => {
    const detail = await (await call('GET', `${base}/${conversation}`)).json();
    conversationId = conversation;
    transcript.clear();
    detail.messages.forEach(showStored);
  });

  const loadHistory = async () => {
    const page = await (await call('GET', `${base}?limit=20`)).json();
    history.replaceChildren(...page.items.map((c) => {
      const item = document.createElement('li');
      const button = item.appendChild(document.createElement('button'));
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = c.title;
      if (c.id === conversationId) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => open(c.id));
      const when = item.appendChild(document.createElement('time'));
      when.className = 'muted';
      when.dateTime = c.lastActivityAt;
      when.textContent = ` ${new Date(c.lastActivityAt).toLocaleString()}`;
      return item;
    }));
    if (page.items.length === 0) history.replaceChildren(Object.assign(document.createElement('li'), { className: 'muted', textContent: 'None yet.' }));
  };

  const setOpen = (shown) => {
    panel.hidden = !shown;
    toggle.setAttribute('aria-expanded', String(shown));
    if (!shown) return toggle.focus();
    question.focus();
    loadHistory().catch((error) => { status.textContent = error.message; });
  };

  toggle.hidden = false;
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  panel.querySelector('[data-assistant-close]').addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') setOpen(false); });
  panel.querySelector('[data-assistant-new]').addEventListener('click', () => {
    conversationId = null;
    transcript.clear();
    question.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const content = question.value.trim();
    if (content) ask(content);
  });
  // Enter asks; Shift+Enter starts a new line.
  question.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
}

function id(value) {
  return value ? Number(value) : undefined;
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail ?? body.title ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}
