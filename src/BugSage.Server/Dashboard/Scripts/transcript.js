// How a conversation reads in the assistant panel: each question, each tool call as a collapsible
// block (with Approve and Decline while a change waits for the person), and each answer, which
// grows as its text streams in. All text goes in as text, never as HTML.
import { renderMarkdown } from './markdown.js';

export class Transcript {
  constructor(log, decide) {
    this.log = log;
    this.decide = decide;
    this.answer = null;
    this.text = '';
  }

  clear() {
    this.log.replaceChildren();
    this.answer = null;
  }

  question(content) {
    this.answer = null;
    const node = this.add('div', 'assistant-question');
    node.textContent = content;
  }

  toolCall(id, tool, args, status = 'running') {
    const block = this.add('div', 'assistant-tool');
    block.dataset.messageId = id;
    const details = block.appendChild(document.createElement('details'));
    const summary = details.appendChild(document.createElement('summary'));
    summary.append(text('code', tool), ' ', text('span', label(status), 'assistant-tool-status'));
    details.append(text('h3', 'Arguments'), text('pre', json(args)));
    this.answer = null;
    return block;
  }

  toolResult(id, status, result) {
    const block = this.block(id);
    if (!block) return;
    block.querySelector('.assistant-tool-status').textContent = label(status);
    block.querySelector('[data-result]')?.remove();
    const details = block.querySelector('details');
    const heading = details.appendChild(text('h3', 'Result'));
    heading.dataset.result = '';
    const pre = details.appendChild(text('pre', json(result)));
    pre.dataset.result = '';
    block.querySelector('.assistant-confirm')?.remove();
  }

  /** A change the assistant proposed: it runs only if the person approves it here. */
  confirmation(id) {
    const block = this.block(id);
    if (!block || block.querySelector('.assistant-confirm')) return;
    block.querySelector('.assistant-tool-status').textContent = label('awaiting_confirmation');
    const group = block.appendChild(document.createElement('div'));
    group.className = 'assistant-confirm';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', `Confirm ${block.querySelector('code').textContent}`);
    const approve = group.appendChild(text('button', 'Approve', 'button button-primary'));
    const decline = group.appendChild(text('button', 'Decline', 'button'));
    for (const [button, approved] of [[approve, true], [decline, false]]) {
      button.type = 'button';
      button.addEventListener('click', () => {
        approve.disabled = decline.disabled = true;
        this.decide(id, approved).finally(() => group.remove());
      });
    }
  }

  delta(chunk) {
    if (!this.answer) {
      this.answer = this.add('div', 'assistant-answer');
      this.text = '';
    }
    this.text += chunk;
    this.answer.replaceChildren(renderMarkdown(this.text));
    this.scroll();
  }

  /** The answer as stored: it replaces what streamed, then the next text starts a new answer. */
  done(content) {
    if (!this.answer) this.delta('');
    this.text = content ?? this.text;
    this.answer.replaceChildren(renderMarkdown(this.text));
    this.answer.dataset.done = '';
    this.answer = null;
    this.scroll();
  }

  error(message) {
    this.add('p', 'assistant-error').textContent = message;
    this.answer = null;
  }

  block(id) {
    return this.log.querySelector(`.assistant-tool[data-message-id="${CSS.escape(String(id))}"]`);
  }

  add(tag, className) {
    const node = this.log.appendChild(document.createElement(tag));
    node.className = className;
    this.scroll();
    return node;
  }

  scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

function text(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

function json(value) {
  return value === undefined || value === null ? '—' : JSON.stringify(value, null, 2);
}

function label(status) {
  return status === 'awaiting_confirmation' ? 'waiting for you' : String(status ?? '').replaceAll('_', ' ');
}
