// The journal grid (docs/modules.md#journal): keyboard-first like a spreadsheet. Arrows move between cells (left and
// right at the edge of the text), Enter and Shift+Enter down and up, Tab as usual; a cell is saved with htmx when it
// is left after a change; a column (or block) pasted from a spreadsheet fills the cells from the one pasted into.
// Saves answer 400 (bad value, kept in the cell) or 409 (stale: the newer value is shown) with the cell to swap in.
// Polling swaps in others' changes out of band, except the cell being edited and cells already as new.
(function () {
  const table = document.querySelector(".journal-grid");
  if (!table) return;
  const saveUrl = table.dataset.saveUrl;

  function inputs() {
    return Array.from(table.querySelectorAll("input.jinput"));
  }

  function position(input) {
    const td = input.closest("td");
    const tr = td.closest("tr");
    return { row: Array.from(tr.parentNode.children).indexOf(tr), col: Array.from(tr.children).indexOf(td) };
  }

  function at(row, col) {
    const tr = table.tBodies[0].rows[row];
    const td = tr && tr.children[col];
    return td ? td.querySelector("input.jinput") : null;
  }

  function move(input, dRow, dCol) {
    const p = position(input);
    let row = p.row + dRow;
    let col = p.col + dCol;
    // skip read-only cells in the direction of travel
    for (let i = 0; i < 200; i++) {
      const tr = table.tBodies[0].rows[row];
      if (!tr || col < 0 || col >= tr.children.length) return;
      const next = at(row, col);
      if (next) {
        next.focus();
        next.select();
        return;
      }
      row += dRow;
      col += dCol;
    }
  }

  function save(input) {
    if (input.value === input.defaultValue && !input.classList.contains("is-invalid")) return;
    const td = input.closest("td");
    htmx.ajax("POST", saveUrl, {
      source: td,
      target: "#" + td.id,
      swap: "outerHTML",
      values: {
        column: input.dataset.column,
        student: input.dataset.student,
        version: input.dataset.version,
        value: input.value,
      },
    });
  }

  table.addEventListener("keydown", function (event) {
    const input = event.target.closest("input.jinput");
    if (!input) return;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    switch (event.key) {
      case "ArrowUp":
        move(input, -1, 0);
        break;
      case "ArrowDown":
        move(input, 1, 0);
        break;
      case "Enter":
        move(input, event.shiftKey ? -1 : 1, 0);
        // on the first or last row the focus stays: Enter still saves (as leaving the cell would)
        if (document.activeElement === input) save(input);
        break;
      case "ArrowLeft":
        if (!(atStart || all)) return;
        move(input, 0, -1);
        break;
      case "ArrowRight":
        if (!(atEnd || all)) return;
        move(input, 0, 1);
        break;
      case "Escape":
        input.value = input.defaultValue;
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  table.addEventListener("change", function (event) {
    const input = event.target.closest("input.jinput");
    if (input) save(input);
  });

  table.addEventListener("paste", function (event) {
    const input = event.target.closest("input.jinput");
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!input || !/[\t\n]/.test(text.trim())) return; // one value: the browser pastes it
    event.preventDefault();
    const start = position(input);
    text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach(function (line, r) {
      line.split("\t").forEach(function (value, c) {
        const target = at(start.row + r, start.col + c);
        if (!target) return;
        target.value = value.trim();
        save(target);
      });
    });
  });

  // 400 and 409 carry the cell to show (the message is in the status line): swap them like a 200.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    if ((status === 400 || status === 409) && event.detail.requestConfig.path === saveUrl) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A polled change never overwrites the cell being typed in, nor a cell the page already shows as new.
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    const target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("jcell")) return;
    const incoming = event.detail.fragment.firstElementChild || event.detail.fragment.firstChild;
    const newVersion = incoming && incoming.dataset ? Number(incoming.dataset.version) : 0;
    if (target.contains(document.activeElement) || Number(target.dataset.version) >= newVersion) {
      event.detail.shouldSwap = false;
    }
  });
})();
