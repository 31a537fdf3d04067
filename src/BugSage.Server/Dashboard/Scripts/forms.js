// Conveniences for the server-rendered forms: each works without script, this only saves clicks.
export function enhanceForms(root) {
  // The project switcher opens the chosen project at once.
  for (const form of root.querySelectorAll('form[data-autosubmit]')) {
    form.querySelector('select')?.addEventListener('change', () => form.requestSubmit());
    const open = form.querySelector('button[type=submit]');
    if (open) open.hidden = true;
  }

  // "Select all" in the issue list's bulk bar.
  for (const form of root.querySelectorAll('form[data-bulk]')) {
    const all = form.querySelector('[data-select-all]');
    const boxes = () => [...form.querySelectorAll('input[name="id"]')];
    all?.addEventListener('change', () => boxes().forEach((box) => { box.checked = all.checked; }));
    form.addEventListener('change', (e) => {
      if (e.target !== all && all) all.checked = boxes().every((box) => box.checked);
    });
  }

  // Copy buttons (DSNs, snippets).
  for (const button of root.querySelectorAll('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const source = root.getElementById(button.dataset.copy);
      if (!source) return;
      await navigator.clipboard.writeText(source.textContent.trim());
      const label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }
}
