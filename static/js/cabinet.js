// Keep the CSRF header fresh for htmx requests made after a token rotation (sign-in).
document.body.addEventListener("htmx:configRequest", function (event) {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (match) event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
});

// Keyboard focus stays where the person acted (a stream's card, a registration row) when htmx replaces that part of
// the page: without this, the button pressed is gone and focus falls back to the start of the page. The nearest
// element with an id around the control that made the request is remembered; after the swap, focus goes to the
// new element of that id: its [data-focus-after-swap] control, else its first enabled button, else the element
// itself. htmx already does this for a control that has an id of its own. The result is announced by the page's
// live region, as before.
(function () {
  let anchorId = null;
  const FOCUSABLE = "[data-focus-after-swap]:not([disabled]), button:not([disabled])";

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    const anchor = elt && elt.closest && elt.closest("[id]");
    anchorId = anchor && anchor !== document.body ? anchor.id : null;
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    const id = anchorId;
    anchorId = null;
    const active = document.activeElement;
    if (!id || (active && active !== document.body && active.isConnected)) return; // focus was not lost
    const anchor = document.getElementById(id);
    if (!anchor) return;
    let target = anchor.matches(FOCUSABLE) ? anchor : anchor.querySelector(FOCUSABLE);
    if (!target) {
      target = anchor;
      if (!anchor.hasAttribute("tabindex")) anchor.setAttribute("tabindex", "-1");
    }
    target.focus();
  });
})();

// Sizes and positions computed on the server (the week grid, progress bars) travel as numbers in data-place-*
// attributes and are set here through the style object, which a Content-Security-Policy without 'unsafe-inline'
// allows (style attributes it does not). Only these numeric properties are read, each in its own unit; a placed
// element gets the class "placed", so CSS can fall back to plain flow without JavaScript.
//
// Inside a [data-place-grid] (the week grid) the rem values are a time scale: where a lesson's title, time and
// room need more height than its minutes give it before the next lesson, the whole grid is stretched by the same
// factor (recomputed when the window is resized), so nothing is cut and no lesson covers the next one.
(function () {
  const PROPERTIES = {
    placeTop: ["top", "rem"],
    placeHeight: ["height", "rem"],
    placeMinHeight: ["minHeight", "rem"],
    placeLeft: ["left", "%"],
    placeWidth: ["width", "%"],
  };

  function apply(element, scale) {
    Object.keys(PROPERTIES).forEach(function (key) {
      const value = parseFloat(element.dataset[key]);
      const [name, unit] = PROPERTIES[key];
      if (Number.isFinite(value)) element.style[name] = (unit === "rem" ? value * scale : value) + unit;
    });
    element.classList.add("placed");
  }

  function stretch(grid) {
    grid.querySelectorAll("[data-place]").forEach(function (element) { apply(element, 1); });
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const bottom = parseFloat(grid.dataset.placeHeight);
    let scale = 1;
    grid.querySelectorAll("[data-place-column]").forEach(function (column) {
      const events = Array.from(column.querySelectorAll("[data-place-event]")).map(function (element) {
        element.style.minHeight = "0";
        const needed = element.offsetHeight / rem;
        apply(element, 1);
        const top = parseFloat(element.dataset.placeTop);
        const left = parseFloat(element.dataset.placeLeft) || 0;
        const right = left + (parseFloat(element.dataset.placeWidth) || 100);
        return { top: top, left: left, right: right, needed: needed };
      });
      events.forEach(function (event) {
        let room = bottom - event.top;
        events.forEach(function (other) {
          if (other.top > event.top && other.left < event.right && event.left < other.right) {
            room = Math.min(room, other.top - event.top);
          }
        });
        if (room > 0) scale = Math.max(scale, event.needed / room);
      });
    });
    if (scale > 1) {
      [grid].concat(Array.from(grid.querySelectorAll("[data-place]"))).forEach(function (element) {
        apply(element, scale);
      });
    }
  }

  function place(root) {
    const elements = Array.from(root.querySelectorAll("[data-place]"));
    if (root.matches && root.matches("[data-place]")) elements.unshift(root);
    elements.forEach(function (element) { apply(element, 1); });
    const grids = Array.from(root.querySelectorAll("[data-place-grid]"));
    if (root.matches && root.matches("[data-place-grid]")) grids.unshift(root);
    grids.forEach(stretch);
  }

  let resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { document.querySelectorAll("[data-place-grid]").forEach(stretch); }, 100);
  });

  if (window.htmx) htmx.onLoad(place);
  else place(document);
})();

// Positions and sizes the server computes (the week grid, progress bars) arrive as data-geometry="top:4rem;width:50%":
// the Content-Security-Policy allows no style attribute, and setting them here through the CSSOM is not one. Only
// these four properties, in rem or percent, are read.
const GEOMETRY = /^\s*(top|left|width|height)\s*:\s*(\d+(?:\.\d+)?)(rem|%)\s*$/;

function applyGeometry(root) {
  const elements = Array.from(root.querySelectorAll("[data-geometry]"));
  if (root.matches && root.matches("[data-geometry]")) elements.push(root);
  elements.forEach(function (element) {
    element.dataset.geometry.split(";").forEach(function (declaration) {
      const match = declaration.match(GEOMETRY);
      if (match) element.style.setProperty(match[1], match[2] + match[3]);
    });
  });
}

htmx.onLoad(applyGeometry); // the page, then every fragment htmx swaps in

// A "select all" box checks the boxes named in data-check-all (the IUP queue's bulk signing).
document.addEventListener("change", function (event) {
  const name = event.target.dataset && event.target.dataset.checkAll;
  if (!name) return;
  document.querySelectorAll(`input[name="${name}"]`).forEach(function (box) {
    box.checked = event.target.checked;
  });
});

// A copy button copies data-copy and says data-done (the calendar feed's link).
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  navigator.clipboard.writeText(button.dataset.copy);
  const label = button.querySelector(".copy-label");
  if (label) label.textContent = button.dataset.done;
});
