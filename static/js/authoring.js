// Question editor: a button with data-snippet inserts its text at the cursor of the textarea data-insert-into names
// (and copies it to the clipboard when it can).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-snippet]");
  if (!button) return;
  const snippet = button.dataset.snippet;
  const area = document.getElementById(button.dataset.insertInto);
  if (area) {
    const start = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? start;
    area.value = area.value.slice(0, start) + snippet + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + snippet.length;
  }
  if (navigator.clipboard) navigator.clipboard.writeText(snippet).catch(() => {});
});
