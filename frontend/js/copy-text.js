// Copy buttons: <button data-copy="ID"> copies the text of the element with that id (a <pre>),
// to the clipboard when allowed; otherwise the text is shown selected for Ctrl+C.
// Delegated on the document, so buttons that htmx swaps in work too.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = source.textContent;
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch (e) {
    source.hidden = false;
    const range = document.createRange();
    range.selectNodeContents(source);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  const old = button.dataset.label || button.textContent;
  button.dataset.label = old;
  button.textContent = ok ? '✓ Copied' : 'Press Ctrl+C';
  button.dataset.copied = ok ? 'yes' : 'no';
  setTimeout(() => { button.textContent = old; }, 1600);
});
