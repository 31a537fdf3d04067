// The small part of Markdown the assistant writes: paragraphs, "-" and "1." lists, ``` blocks,
// **bold** and `code`. Answers quote event data that anyone holding a DSN can send, so this
// builds elements and text nodes only: nothing from the answer is ever parsed as HTML.
const listItem = /^\s*([-*]|\d+\.)\s+(.*)$/;

export function renderMarkdown(text) {
  const out = document.createDocumentFragment();
  let list = null;
  let paragraph = null;
  let fence = null;
  for (const line of text.split('\n')) {
    if (fence) {
      if (line.trimStart().startsWith('```')) fence = null;
      else fence.textContent += `${line}\n`;
      continue;
    }
    if (line.trimStart().startsWith('```')) {
      const pre = document.createElement('pre');
      fence = pre.appendChild(document.createElement('code'));
      out.append(pre);
      list = paragraph = null;
      continue;
    }
    const item = listItem.exec(line);
    if (item) {
      const tag = item[1].endsWith('.') ? 'OL' : 'UL';
      if (list?.tagName !== tag) list = out.appendChild(document.createElement(tag));
      list.appendChild(document.createElement('li')).append(...inline(item[2]));
      paragraph = null;
    } else if (line.trim() === '') {
      list = paragraph = null;
    } else if (paragraph) {
      paragraph.append(document.createElement('br'), ...inline(line));
    } else {
      paragraph = out.appendChild(document.createElement('p'));
      paragraph.append(...inline(line));
      list = null;
    }
  }
  return out;
}

// `code` first, so that asterisks inside code stay literal.
function inline(text) {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).filter(Boolean).map((part) => {
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return element('code', part.slice(1, -1));
    if (part.length > 4 && part.startsWith('**') && part.endsWith('**')) return element('strong', part.slice(2, -2));
    return document.createTextNode(part);
  });
}

function element(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}
